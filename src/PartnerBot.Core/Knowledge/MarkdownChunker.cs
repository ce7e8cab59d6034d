using System.Text;

namespace PartnerBot.Knowledge;

public sealed record ChunkDraft(int Ordinal, string HeadingPath, string Text);

public sealed record ParsedDocument(string Title, IReadOnlyList<ChunkDraft> Chunks);

/// <summary>
/// Cuts a Markdown document at its headings: each chunk is the text under one heading and carries the path of
/// headings above it ("Deal registration › Conflicts › First to register wins"). Text before the first subheading
/// belongs to the title. Long sections are cut again at paragraph breaks so a passage stays quotable.
/// </summary>
public static class MarkdownChunker
{
    public const string PathSeparator = " › ";
    public const int MaxChunkChars = 1200;

    public static ParsedDocument Parse(string markdown, string fallbackTitle)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var headings = new List<(int Level, string Text)>();
        var title = fallbackTitle;
        var body = new StringBuilder();
        var drafts = new List<ChunkDraft>();
        var inFence = false;

        void Flush()
        {
            var text = body.ToString().Trim();
            body.Clear();
            if (text.Length == 0) return;
            var path = string.Join(PathSeparator, headings.Select(h => h.Text).Prepend(title).Distinct());
            foreach (var piece in SplitLong(text))
                drafts.Add(new ChunkDraft(drafts.Count, path, piece));
        }

        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            var level = inFence ? 0 : HeadingLevel(line);
            if (level == 0)
            {
                body.AppendLine(line);
                continue;
            }
            Flush();
            var text = line[level..].Trim().TrimEnd('#').Trim();
            if (level == 1 && drafts.Count == 0 && headings.Count == 0 && title == fallbackTitle)
            {
                title = text;
                continue;
            }
            headings.RemoveAll(h => h.Level >= level);
            headings.Add((level, text));
        }
        Flush();
        return new ParsedDocument(title, drafts);
    }

    private static int HeadingLevel(string line)
    {
        var n = 0;
        while (n < line.Length && line[n] == '#') n++;
        return n is >= 1 and <= 6 && n < line.Length && line[n] == ' ' ? n : 0;
    }

    private static IEnumerable<string> SplitLong(string text)
    {
        if (text.Length <= MaxChunkChars)
        {
            yield return text;
            yield break;
        }
        var current = new StringBuilder();
        foreach (var paragraph in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (current.Length > 0 && current.Length + paragraph.Length > MaxChunkChars)
            {
                yield return current.ToString();
                current.Clear();
            }
            if (current.Length > 0) current.Append("\n\n");
            current.Append(paragraph);
        }
        if (current.Length > 0) yield return current.ToString();
    }
}
