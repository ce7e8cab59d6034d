using System.Text.Json.Serialization;

namespace PartnerBot.Conversations;

/// <summary>Who may see a reply: everyone in the conversation, or only the person who asked.</summary>
public enum Visibility
{
    Conversation,
    /// <summary>Slack renders this as an ephemeral message or DM, Teams as a 1:1 chat, the web chat as a private bubble.</summary>
    Asker,
}

/// <summary>One thing to say, suggested: a short title to show and the message it sends.</summary>
public sealed record Suggestion(string Title, string Message);

/// <summary>
/// Suggestions for a person, in their language and for their role: a greeting that invites them, a title over the
/// list, and at most four things to say (Slack shows four).
/// </summary>
public sealed record Suggestions(string Greeting, string Title, IReadOnlyList<Suggestion> Items)
{
    public const int Max = 4;
}

/// <summary>
/// A channel-neutral reply: a short list of blocks. Dialogs build these; each channel has one renderer
/// (Block Kit, Adaptive Card, HTML). Text in blocks is plain text: renderers escape it, nothing is interpreted.
/// </summary>
public sealed record Reply(IReadOnlyList<Block> Blocks)
{
    public Visibility Visibility { get; init; } = Visibility.Conversation;

    /// <summary>One line that stands for the whole reply where a channel needs it (notifications, previews, fallbacks).</summary>
    public string? Summary { get; init; }

    /// <summary>
    /// For a card whose state can change after it is sent (a review decided by someone else): the action that draws it
    /// anew for whoever looks at it. Teams asks for it when a person views the card (Universal Actions' refresh).
    /// </summary>
    public ActionRef? Refresh { get; init; }

    /// <summary>
    /// What the person might say next, for a channel with a place for such suggestions (Slack's assistant split view,
    /// its App Home). The reply's blocks already say everything: a channel without such a place ignores this.
    /// </summary>
    public Suggestions? Suggestions { get; init; }

    public static Reply Text(string text, Visibility visibility = Visibility.Conversation) =>
        new([new TextBlock(text)]) { Visibility = visibility };

    public Reply AsPrivate() => this with { Visibility = Visibility.Asker };

    /// <summary>A plain-text rendering for notifications and channels that cannot draw blocks.</summary>
    public string ToPlainText()
    {
        if (Summary is not null) return Summary;
        var parts = new List<string>();
        foreach (var block in Blocks)
        {
            switch (block)
            {
                case TextBlock t: parts.Add(t.Text); break;
                case FactsBlock f:
                    if (f.Title is not null) parts.Add(f.Title);
                    parts.AddRange(f.Facts.Select(x => $"{x.Label}: {x.Value}"));
                    break;
                case FormBlock form: parts.Add(form.Title); break;
                case LinksBlock l: parts.AddRange(l.Links.Select(x => $"{x.Label} ({x.Url})")); break;
                case ImageBlock i: parts.Add(i.AltText); break;
                case ListBlock l: parts.AddRange(l.Items.Select((x, i) => l.Ordered ? $"{i + 1}. {x}" : $"• {x}")); break;
                case TableBlock t: parts.AddRange(t.RowLines()); break;
            }
        }
        return string.Join('\n', parts);
    }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "text")]
[JsonDerivedType(typeof(FactsBlock), "facts")]
[JsonDerivedType(typeof(FormBlock), "form")]
[JsonDerivedType(typeof(ActionsBlock), "actions")]
[JsonDerivedType(typeof(LinksBlock), "links")]
[JsonDerivedType(typeof(ImageBlock), "image")]
[JsonDerivedType(typeof(ListBlock), "list")]
[JsonDerivedType(typeof(TableBlock), "table")]
public abstract record Block;

public enum TextStyle { Plain, Heading, Note, Warning, Success }

/// <summary>A paragraph of plain text. Line breaks are kept; nothing else is formatting.</summary>
public sealed record TextBlock(string Text, TextStyle Style = TextStyle.Plain) : Block;

/// <summary>Label/value pairs: a deal's fields, a statement's totals.</summary>
public sealed record FactsBlock(IReadOnlyList<Fact> Facts) : Block
{
    public string? Title { get; init; }
}

public sealed record Fact(string Label, string Value);

/// <summary>
/// A form with typed fields. Slack draws it as a modal, Teams as an Adaptive Card with inputs, the web chat as an HTML form.
/// Submitting it sends <see cref="Submit"/> with the field values merged into the action's values.
/// </summary>
public sealed record FormBlock(string Title, IReadOnlyList<FormField> Fields, ActionRef Submit) : Block
{
    public string? Intro { get; init; }
    /// <summary>The submit button's words, in the reader's language: no default, so no form can fall back to English.</summary>
    public required string SubmitLabel { get; init; }
    /// <summary>When set, a cancel button sends this action.</summary>
    public ActionRef? Cancel { get; init; }
    /// <summary>The cancel button's words (a Slack modal's close button even without <see cref="Cancel"/>), in the reader's language.</summary>
    public required string CancelLabel { get; init; }
    /// <summary>A message for the whole form (field errors live on each field).</summary>
    public string? Error { get; init; }
}

public enum FieldKind { Text, LongText, Number, Date, Choice, Email, Url }

public sealed record FormField(string Id, string Label, FieldKind Kind)
{
    public bool Required { get; init; }
    public string? Value { get; init; }
    public string? Placeholder { get; init; }
    public string? Hint { get; init; }
    /// <summary>Why the last submitted value was refused; renderers show it next to the field.</summary>
    public string? Error { get; init; }
    public IReadOnlyList<Choice> Choices { get; init; } = [];
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    public int MaxLength { get; init; } = 3000;
}

public sealed record Choice(string Value, string Label);

public enum ButtonStyle { Default, Primary, Danger }

/// <summary>A row of buttons. Each sends its action when pressed.</summary>
public sealed record ActionsBlock(IReadOnlyList<ActionButton> Buttons) : Block;

public sealed record ActionButton(string Label, ActionRef Action)
{
    public ButtonStyle Style { get; init; }

    /// <summary>
    /// The press is answered apart and the message it sits in stays as it is (a rating under an answer): a channel
    /// that would otherwise redraw the message in place with the handler's reply (Teams' Action.Execute) does not.
    /// </summary>
    public bool LeavesMessage { get; init; }
}

/// <summary>
/// What a button or form sends back. <see cref="Name"/> picks the handler ("dialog.submit", "command", "deal.approve");
/// <see cref="Data"/> carries ids, never state: state stays in the database.
/// </summary>
public sealed record ActionRef(string Name, IReadOnlyDictionary<string, string> Data)
{
    /// <summary>A button that behaves as if the person had typed <paramref name="text"/>.</summary>
    public static ActionRef Command(string text) => new(ActionNames.Command, new Dictionary<string, string> { ["text"] = text });
}

public static class ActionNames
{
    public const string Command = "command";
    public const string DialogSubmit = "dialog.submit";
    public const string DialogCancel = "dialog.cancel";
    /// <summary>The key in action data that names the dialog instance a form belongs to.</summary>
    public const string DialogKey = "dialog";
}

public sealed record LinksBlock(IReadOnlyList<Link> Links) : Block;

public sealed record Link(string Label, string Url);

public sealed record ImageBlock(string Url, string AltText) : Block
{
    /// <summary>The same picture for a dark background, where the channel can choose by theme (the web chat).</summary>
    public string? DarkUrl { get; init; }
}

/// <summary>A bulleted or numbered list (a document's list): each item plain text, drawn as the channel's own list.</summary>
public sealed record ListBlock(IReadOnlyList<string> Items, bool Ordered = false) : Block;

/// <summary>
/// A table (a document's table): column headings and rows of plain-text cells, every row as wide as the headings.
/// Each channel draws it as its own table, or where it has none, as one labelled group per row; never as pipes.
/// </summary>
public sealed record TableBlock(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) : Block
{
    /// <summary>
    /// A row as a label and its other cells, each named by its column ("Referral" with "Bronze: 15%", ...): how a
    /// channel without tables shows one row. A two-column row is a plain label and value.
    /// </summary>
    public (string Label, IReadOnlyList<string> Values) Labelled(IReadOnlyList<string> row)
    {
        var label = row.Count > 0 ? row[0] : "";
        if (Columns.Count <= 2) return (label, row.Skip(1).ToList());
        return (label, row.Skip(1).Select((cell, i) => i + 1 < Columns.Count ? $"{Columns[i + 1]}: {cell}" : cell).ToList());
    }

    /// <summary>One line per row, for plain text: "Referral — Bronze: 15%, Silver: 20%".</summary>
    public IEnumerable<string> RowLines() => Rows.Select(r =>
    {
        var (label, values) = Labelled(r);
        return values.Count == 0 ? label : $"{label} — {string.Join(", ", values)}";
    });
}
