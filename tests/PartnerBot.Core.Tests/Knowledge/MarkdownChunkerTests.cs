using PartnerBot.Knowledge;

namespace PartnerBot.Core.Tests.Knowledge;

public sealed class MarkdownChunkerTests
{
    [Fact]
    public void Parse_SplitsAtHeadings_AndKeepsTheHeadingPath()
    {
        var doc = MarkdownChunker.Parse("""
            # Deal registration
            Intro text.

            ## Conflicts
            Conflict text.

            ### First to register wins
            Winner text.

            ## Protection
            Ninety days.
            """, "fallback");

        Assert.Equal("Deal registration", doc.Title);
        Assert.Equal(
        [
            ("Deal registration", "Intro text."),
            ("Deal registration › Conflicts", "Conflict text."),
            ("Deal registration › Conflicts › First to register wins", "Winner text."),
            ("Deal registration › Protection", "Ninety days."),
        ], doc.Chunks.Select(c => (c.HeadingPath, c.Text)));
    }

    [Fact]
    public void Parse_NoTitle_UsesTheFallback_AndIgnoresHashesInCodeFences()
    {
        var doc = MarkdownChunker.Parse("Text\n```\n# not a heading\n```\n", "faq");
        Assert.Equal("faq", doc.Title);
        var chunk = Assert.Single(doc.Chunks);
        Assert.Contains("# not a heading", chunk.Text);
    }

    [Fact]
    public void Parse_LongSection_IsCutAtParagraphs()
    {
        var paragraph = new string('x', 500);
        var doc = MarkdownChunker.Parse($"# T\n## S\n{paragraph}\n\n{paragraph}\n\n{paragraph}\n", "t");
        Assert.Equal(2, doc.Chunks.Count);
        Assert.All(doc.Chunks, c => Assert.True(c.Text.Length <= MarkdownChunker.MaxChunkChars));
        Assert.All(doc.Chunks, c => Assert.Equal("T › S", c.HeadingPath));
    }
}
