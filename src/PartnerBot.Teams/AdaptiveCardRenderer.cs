using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PartnerBot.Conversations;
using PartnerBot.Localization;

namespace PartnerBot.Teams;

/// <summary>
/// Renders the neutral message model as an Adaptive Card (schema 1.5). Text is escaped so nothing in it is taken as
/// markdown. Forms become inputs with labels, isRequired and errorMessage, submitted by Action.Submit; buttons that
/// act on something shown (approve, reject) are Action.Execute with the action's name as verb, so the card can be
/// replaced in place; command buttons are Action.Submit, as if the person had typed.
/// </summary>
public sealed class AdaptiveCardRenderer(Localizer localizer)
{
    public const string Version = "1.5";
    /// <summary>The key in a card's submit data that carries the action's name; the rest of the data are its values.</summary>
    public const string ActionKey = "pb.action";

    /// <summary>An activity for the reply: plain text when it is only plain paragraphs, else a card.</summary>
    public Activity ToActivity(Reply reply, string language)
    {
        if (reply.Blocks.Count > 0 && reply.Blocks.All(b => b is TextBlock { Style: TextStyle.Plain }))
        {
            return new Activity
            {
                Type = ActivityTypes.Message,
                Text = string.Join("\n\n", reply.Blocks.Cast<TextBlock>().Select(t => t.Text)),
                TextFormat = "plain",
            };
        }
        return new Activity
        {
            Type = ActivityTypes.Message,
            Summary = Truncate(reply.ToPlainText(), 200),
            Attachments = [new Attachment { ContentType = AdaptiveCardInvokeResponse.CardType, Content = Render(reply, language) }],
        };
    }

    public JsonObject Render(Reply reply, string language)
    {
        var body = new JsonArray();
        foreach (var block in reply.Blocks)
        {
            switch (block)
            {
                case TextBlock t: body.Add(Text(t.Text, t.Style)); break;
                case FactsBlock f: Facts(body, f); break;
                case FormBlock f: Form(body, f, language); break;
                case ActionsBlock a: foreach (var set in Actions(a)) body.Add(set); break;
                case LinksBlock l: Links(body, l); break;
                case ImageBlock i: Image(body, i); break;
                case ListBlock l: List(body, l); break;
                case TableBlock t: Table(body, t); break;
            }
        }
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = Version,
            ["body"] = body,
        };
        // Universal Actions: Teams asks the bot for the card as it stands whenever someone views it, so a card decided
        // elsewhere shows the decision to each viewer, in their language, instead of stale buttons.
        if (reply.Refresh is { } refresh)
            card["refresh"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = refresh.Name, ["data"] = Data(refresh) } };
        return card;
    }

    private static JsonObject Text(string text, TextStyle style)
    {
        var o = new JsonObject { ["type"] = "TextBlock", ["text"] = Escape(text), ["wrap"] = true };
        switch (style)
        {
            case TextStyle.Heading: o["size"] = "Medium"; o["weight"] = "Bolder"; o["style"] = "heading"; break;
            case TextStyle.Note: o["isSubtle"] = true; o["size"] = "Small"; break;
            case TextStyle.Warning: o["color"] = "Warning"; break;
            case TextStyle.Success: o["color"] = "Good"; break;
        }
        return o;
    }

    private static void Facts(JsonArray body, FactsBlock f)
    {
        if (f.Title is not null) body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = Escape(f.Title), ["weight"] = "Bolder", ["wrap"] = true });
        if (f.Facts.Count == 0) return;
        var facts = new JsonArray();
        foreach (var fact in f.Facts) facts.Add(new JsonObject { ["title"] = Escape(fact.Label), ["value"] = Escape(fact.Value) });
        body.Add(new JsonObject { ["type"] = "FactSet", ["facts"] = facts });
    }

    /// <summary>A list as one paragraph, an item a line, each marked as the list marks it; the words escaped.</summary>
    private static void List(JsonArray body, ListBlock l)
    {
        if (l.Items.Count == 0) return;
        var lines = l.Items.Select((item, i) => (l.Ordered ? $"{i + 1}. " : "• ") + item.Replace("\n", "\n   ", StringComparison.Ordinal));
        body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = Escape(string.Join('\n', lines)), ["wrap"] = true });
    }

    /// <summary>
    /// A table as Adaptive Cards' Table (schema 1.5): the column headings as its header row, every cell a TextBlock
    /// with its words escaped.
    /// </summary>
    private static void Table(JsonArray body, TableBlock t)
    {
        var width = Math.Max(t.Columns.Count, t.Rows.Count == 0 ? 0 : t.Rows.Max(r => r.Count));
        if (width == 0) return;
        var columns = new JsonArray();
        for (var i = 0; i < width; i++) columns.Add(new JsonObject { ["width"] = 1 });
        var rows = new JsonArray();
        var header = t.Columns.Count > 0;
        if (header) rows.Add(Row(t.Columns, width, bold: true));
        foreach (var row in t.Rows) rows.Add(Row(row, width, bold: false));
        body.Add(new JsonObject
        {
            ["type"] = "Table",
            ["columns"] = columns,
            ["rows"] = rows,
            ["firstRowAsHeader"] = header,
            ["showGridLines"] = true,
        });
    }

    private static JsonObject Row(IReadOnlyList<string> cells, int width, bool bold)
    {
        var row = new JsonArray();
        for (var i = 0; i < width; i++)
        {
            var text = new JsonObject { ["type"] = "TextBlock", ["text"] = Escape(i < cells.Count ? cells[i] : ""), ["wrap"] = true };
            if (bold) text["weight"] = "Bolder";
            row.Add(new JsonObject { ["type"] = "TableCell", ["items"] = new JsonArray(text) });
        }
        return new JsonObject { ["type"] = "TableRow", ["cells"] = row };
    }

    private void Form(JsonArray body, FormBlock f, string language)
    {
        body.Add(Text(f.Title, TextStyle.Heading));
        if (f.Intro is not null) body.Add(Text(f.Intro, TextStyle.Plain));
        if (f.Error is not null) body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = Escape(f.Error), ["color"] = "Attention", ["wrap"] = true });
        foreach (var field in f.Fields) Field(body, field, language);

        var actions = new JsonArray { Submit(f.SubmitLabel, f.Submit, "positive", inputs: true) };
        if (f.Cancel is not null) actions.Add(Submit(f.CancelLabel, f.Cancel, null, inputs: false));
        body.Add(new JsonObject { ["type"] = "ActionSet", ["actions"] = actions });
    }

    private void Field(JsonArray body, FormField field, string language)
    {
        var input = new JsonObject
        {
            ["id"] = field.Id,
            ["label"] = field.Label,
            ["isRequired"] = field.Required,
            ["errorMessage"] = field.Error ?? localizer.Get(language, field.Kind == FieldKind.Choice ? "teams.field.choose" : "teams.field.required"),
        };
        switch (field.Kind)
        {
            case FieldKind.Choice:
                input["type"] = "Input.ChoiceSet";
                input["style"] = "compact";
                var choices = new JsonArray();
                foreach (var c in field.Choices)
                    // A choice with an empty value cannot be sent back: the empty selection stands for it.
                    if (c.Value.Length > 0) choices.Add(new JsonObject { ["title"] = c.Label, ["value"] = c.Value });
                input["choices"] = choices;
                if (!string.IsNullOrEmpty(field.Value)) input["value"] = field.Value;
                if (field.Choices.FirstOrDefault(c => c.Value.Length == 0) is { } empty) input["placeholder"] = empty.Label;
                break;
            case FieldKind.Number:
                input["type"] = "Input.Number";
                if (field.Min is { } min) input["min"] = min;
                if (field.Max is { } max) input["max"] = max;
                if (decimal.TryParse(field.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)) input["value"] = number;
                break;
            case FieldKind.Date:
                input["type"] = "Input.Date";
                if (DateOnly.TryParseExact(field.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    input["value"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                break;
            default:
                input["type"] = "Input.Text";
                input["maxLength"] = field.MaxLength;
                if (field.Kind == FieldKind.LongText) input["isMultiline"] = true;
                if (field.Kind == FieldKind.Email) input["style"] = "Email";
                if (field.Kind == FieldKind.Url) input["style"] = "Url";
                if (field.Value is not null) input["value"] = field.Value;
                break;
        }
        if (field.Placeholder is not null && field.Kind != FieldKind.Choice) input["placeholder"] = field.Placeholder;
        body.Add(input);
        if (field.Hint is not null) body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = Escape(field.Hint), ["isSubtle"] = true, ["size"] = "Small", ["wrap"] = true, ["spacing"] = "None" });
        if (field.Error is not null) body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = Escape(field.Error), ["color"] = "Attention", ["size"] = "Small", ["wrap"] = true, ["spacing"] = "None" });
    }

    /// <summary>Teams shows at most this many actions in one ActionSet; longer rows continue in the next set.</summary>
    public const int MaxActionsPerSet = 5;

    private static IEnumerable<JsonObject> Actions(ActionsBlock a) =>
        a.Buttons.Chunk(MaxActionsPerSet).Select(row =>
        {
            var actions = new JsonArray();
            foreach (var b in row)
            {
                var style = b.Style switch { ButtonStyle.Primary => "positive", ButtonStyle.Danger => "destructive", _ => null };
                actions.Add(RefreshesInPlace(b.Action) && !b.LeavesMessage ? Execute(b.Label, b.Action, style) : Submit(b.Label, b.Action, style, inputs: false));
            }
            return new JsonObject { ["type"] = "ActionSet", ["actions"] = actions };
        });

    /// <summary>
    /// Buttons that act on the thing the card shows (any action a handler owns, such as "deal.approve") refresh the
    /// card in place; commands and dialog steps post a new message, like typing would.
    /// </summary>
    public static bool RefreshesInPlace(ActionRef action) =>
        action.Name is not (ActionNames.Command or ActionNames.DialogSubmit or ActionNames.DialogCancel);

    private static JsonObject Submit(string title, ActionRef action, string? style, bool inputs)
    {
        var o = new JsonObject { ["type"] = "Action.Submit", ["title"] = title, ["data"] = Data(action) };
        if (style is not null) o["style"] = style;
        if (!inputs) o["associatedInputs"] = "none";
        return o;
    }

    private static JsonObject Execute(string title, ActionRef action, string? style)
    {
        var o = new JsonObject { ["type"] = "Action.Execute", ["title"] = title, ["verb"] = action.Name, ["data"] = Data(action) };
        if (style is not null) o["style"] = style;
        return o;
    }

    private static JsonObject Data(ActionRef action)
    {
        var data = new JsonObject { [ActionKey] = action.Name };
        foreach (var (k, v) in action.Data) data[k] = v;
        return data;
    }

    private static void Links(JsonArray body, LinksBlock l)
    {
        var actions = new JsonArray();
        foreach (var link in l.Links)
        {
            if (IsSafeUrl(link.Url)) actions.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = link.Label, ["url"] = link.Url });
            else body.Add(Text(link.Label, TextStyle.Plain));
        }
        if (actions.Count > 0) body.Add(new JsonObject { ["type"] = "ActionSet", ["actions"] = actions });
    }

    private static void Image(JsonArray body, ImageBlock i)
    {
        if (IsSafeUrl(i.Url)) body.Add(new JsonObject { ["type"] = "Image", ["url"] = i.Url, ["altText"] = i.AltText });
        else body.Add(Text(i.AltText, TextStyle.Note));
    }

    /// <summary>Only absolute http(s) URLs: Teams cannot open site-relative ones, and never javascript: or data:.</summary>
    public static bool IsSafeUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp);

    /// <summary>Makes text literal in Teams' markdown: a backslash before every character markdown would act on.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\\' or '*' or '_' or '`' or '[' or ']' or '~' or '<' or '>' or '#' or '|') sb.Append('\\');
            // "- item", "+ item" and "1. item" at a line's start would become lists.
            else if (lineStart && (c is '-' or '+') && i + 1 < text.Length && text[i + 1] == ' ') sb.Append('\\');
            else if (lineStart && char.IsAsciiDigit(c))
            {
                var j = i;
                while (j < text.Length && char.IsAsciiDigit(text[j])) j++;
                if (j < text.Length - 1 && text[j] == '.' && text[j + 1] == ' ')
                {
                    sb.Append(text, i, j - i).Append("\\.");
                    i = j;
                    lineStart = false;
                    continue;
                }
            }
            sb.Append(c);
            lineStart = c == '\n' || (lineStart && c == ' ');
        }
        return sb.ToString();
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
