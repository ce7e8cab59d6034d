using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using PartnerBot.Conversations;
using Block = PartnerBot.Conversations.Block;
using MdList = Markdig.Syntax.ListBlock;
using MdTable = Markdig.Extensions.Tables.Table;

namespace PartnerBot.Knowledge;

/// <summary>
/// A passage of a knowledge document (Markdown) as the reply's neutral blocks: its lists become a
/// <see cref="Conversations.ListBlock"/> and its tables a <see cref="Conversations.TableBlock"/>, so every channel draws
/// them as its own list and table instead of showing "- " and pipes. Paragraphs stay the document's own words.
/// </summary>
public static class PassageBlocks
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    /// <summary>Whether <paramref name="markdown"/> holds a list or a table (else it reads as it is, as one paragraph).</summary>
    public static bool HasStructure(string markdown) =>
        Markdown.Parse(markdown, Pipeline).Any(b => b is MdList or MdTable);

    /// <summary>The blocks of <paramref name="markdown"/>, in order: paragraphs as text, lists, tables.</summary>
    public static IReadOnlyList<Block> From(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var blocks = new List<Block>();
        var paragraph = new List<string>();
        void FlushParagraph()
        {
            if (paragraph.Count > 0) blocks.Add(new TextBlock(string.Join("\n\n", paragraph)));
            paragraph.Clear();
        }
        foreach (var block in document)
        {
            switch (block)
            {
                case MdTable table when Table(table) is { } t:
                    FlushParagraph();
                    blocks.Add(t);
                    break;
                case MdList list:
                    FlushParagraph();
                    var items = list.OfType<ListItemBlock>().Select(ItemText).Where(i => i.Length > 0).ToList();
                    if (items.Count > 0) blocks.Add(new Conversations.ListBlock(items, list.IsOrdered));
                    break;
                default:
                    // The document's own words, as they were written, for everything else (paragraphs, quotes, code).
                    var source = Source(markdown, block).Trim();
                    if (source.Length > 0) paragraph.Add(source);
                    break;
            }
        }
        FlushParagraph();
        return blocks;
    }

    private static Conversations.TableBlock? Table(MdTable table)
    {
        var rows = table.OfType<TableRow>().Select(r => r.OfType<TableCell>().Select(c => Plain(c).Trim()).ToList()).ToList();
        if (rows.Count == 0) return null;
        var header = table.OfType<TableRow>().First().IsHeader ? rows[0] : [];
        var body = header.Count > 0 ? rows.Skip(1).ToList() : rows;
        var width = Math.Max(header.Count, body.Count == 0 ? 0 : body.Max(r => r.Count));
        if (width == 0) return null;
        // Every row as wide as the widest: a short row's missing cells are empty, never shifted.
        static List<string> Pad(List<string> r, int w) => [.. r, .. Enumerable.Repeat("", Math.Max(0, w - r.Count))];
        return new Conversations.TableBlock(Pad(header, width), body.Select(r => (IReadOnlyList<string>)Pad(r, width)).ToList());
    }

    private static string ItemText(ListItemBlock item)
    {
        var parts = new List<string>();
        foreach (var child in item)
        {
            // A nested list stays inside its item, one line per sub-item.
            if (child is MdList nested)
                parts.AddRange(nested.OfType<ListItemBlock>().Select(i => "– " + ItemText(i)));
            else
                parts.Add(Plain(child).Trim());
        }
        return string.Join('\n', parts.Where(p => p.Length > 0));
    }

    /// <summary>A block's text without Markdown's marks: emphasis, code ticks and link syntax dropped, words kept.</summary>
    private static string Plain(Markdig.Syntax.Block block)
    {
        var sb = new StringBuilder();
        switch (block)
        {
            case LeafBlock { Inline: { } inline }:
                Inlines(sb, inline);
                break;
            case LeafBlock leaf:
                sb.Append(leaf.Lines.ToString());
                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    if (sb.Length > 0) sb.Append('\n');
                    sb.Append(Plain(child));
                }
                break;
        }
        return sb.ToString();
    }

    private static void Inlines(StringBuilder sb, ContainerInline container)
    {
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal: sb.Append(literal.Content.ToString()); break;
                case CodeInline code: sb.Append(code.Content); break;
                case LineBreakInline: sb.Append(' '); break;
                case AutolinkInline link: sb.Append(link.Url); break;
                case HtmlInline html: sb.Append(html.Tag); break;
                case HtmlEntityInline entity: sb.Append(entity.Transcoded.ToString()); break;
                case ContainerInline nested: Inlines(sb, nested); break;
            }
        }
    }

    private static string Source(string markdown, Markdig.Syntax.Block block) =>
        block.Span.Start >= 0 && block.Span.End < markdown.Length && block.Span.Length > 0
            ? markdown.Substring(block.Span.Start, block.Span.Length)
            : "";
}
