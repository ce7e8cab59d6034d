using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PartnerBot.Conversations;

namespace PartnerBot.Slack;

/// <summary>
/// What a modal carries in <c>private_metadata</c>: where it was opened and which action its buttons send. Only ids:
/// the dialog's state stays in the database.
/// </summary>
public sealed record SlackViewMetadata(string? ChannelId, ConversationKind Kind, ActionRef Submit, ActionRef? Cancel)
{
    private sealed record Wire(string? C, string K, string S, Dictionary<string, string> D, string? X, Dictionary<string, string>? Xd);

    public string Serialize() => JsonSerializer.Serialize(new Wire(ChannelId, Kind.ToString()[..1], Submit.Name,
        Submit.Data.ToDictionary(), Cancel?.Name, Cancel?.Data.ToDictionary()), BlockKitRenderer.Json);

    public static SlackViewMetadata? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text[0] != '{') return null;
        try
        {
            var w = JsonSerializer.Deserialize<Wire>(text, BlockKitRenderer.Json);
            if (w is null || string.IsNullOrEmpty(w.S)) return null;
            var kind = w.K switch { "P" => ConversationKind.Personal, "G" => ConversationKind.Group, _ => ConversationKind.Channel };
            return new SlackViewMetadata(w.C, kind, new ActionRef(w.S, w.D ?? []),
                w.X is null ? null : new ActionRef(w.X, w.Xd ?? []));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// Turns the neutral reply into Block Kit: text as sections (escaped), facts as section fields, buttons as actions,
/// forms as modals with input blocks (or, where no modal can open, as inputs in a message). Slack's limits are
/// enforced here so a long list never makes Slack refuse the whole message.
/// </summary>
public sealed class BlockKitRenderer
{
    public const int MaxMessageBlocks = 50;
    public const int MaxViewBlocks = 100;
    public const int MaxText = 3000;
    public const int MaxViewTitle = 24;
    public const int MaxOptions = 100;
    public const int MaxFieldsPerSection = 10;
    public const int MaxButtonsPerActions = 25;
    public const string FormCallbackId = "partnerbot.form";
    /// <summary>Slack refuses an option whose value is empty: the neutral "no choice" travels as this.</summary>
    public const string EmptyChoice = "_none_";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A message body (blocks + fallback text). Forms become inputs with a submit button.</summary>
    public JsonObject Message(Reply reply)
    {
        var blocks = new JsonArray();
        foreach (var block in reply.Blocks) AddBlock(blocks, block, inModal: false);
        return new JsonObject
        {
            ["text"] = Truncate(Escape(reply.ToPlainText()), MaxText),
            ["blocks"] = Limit(blocks, MaxMessageBlocks),
        };
    }

    /// <summary>The App Home tab.</summary>
    /// <summary>
    /// The Home tab: the reply's blocks, with its suggestions (the prompts the assistant split view offers) listed
    /// under the first block, as buttons that say them.
    /// </summary>
    public JsonObject Home(Reply reply)
    {
        var blocks = new JsonArray();
        var content = reply.Blocks.ToList();
        if (reply.Suggestions is { Items.Count: > 0 } s)
            content.InsertRange(Math.Min(1, content.Count), [
                new TextBlock(s.Title, TextStyle.Heading),
                new ActionsBlock(s.Items.Select(i => new ActionButton(i.Title, ActionRef.Command(i.Message))).ToList()),
            ]);
        foreach (var block in content) AddBlock(blocks, block, inModal: false);
        return new JsonObject { ["type"] = "home", ["blocks"] = Limit(blocks, MaxViewBlocks) };
    }

    /// <summary>A modal for <paramref name="form"/>; <paramref name="before"/> are the reply's other blocks, shown above.</summary>
    public JsonObject Modal(FormBlock form, SlackViewMetadata metadata, IEnumerable<Block>? before = null)
    {
        var blocks = new JsonArray();
        foreach (var b in before ?? []) AddBlock(blocks, b, inModal: true);
        if (form.Intro is { Length: > 0 } intro) blocks.Add(Section(intro));
        if (form.Error is { Length: > 0 } error) blocks.Add(Section(":warning: " + Escape(error), escaped: true));
        foreach (var field in form.Fields) blocks.Add(Input(field));
        var view = new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = FormCallbackId,
            ["title"] = Plain(Truncate(form.Title, MaxViewTitle)),
            ["submit"] = Plain(Truncate(form.SubmitLabel, MaxViewTitle)),
            ["close"] = Plain(Truncate(form.CancelLabel, MaxViewTitle)),
            ["private_metadata"] = metadata.Serialize(),
            ["notify_on_close"] = form.Cancel is not null,
            ["blocks"] = Limit(blocks, MaxViewBlocks),
        };
        return view;
    }

    /// <summary>Field errors for <c>response_action: errors</c>, keyed by the input blocks' ids (the field ids).</summary>
    public static Dictionary<string, string> Errors(FormBlock form)
    {
        var errors = form.Fields.Where(f => f.Error is { Length: > 0 })
            .ToDictionary(f => f.Id, f => Truncate(f.Error!, 2000), StringComparer.Ordinal);
        if (errors.Count == 0 && form.Error is { Length: > 0 } e && form.Fields.Count > 0)
            errors[form.Fields[0].Id] = Truncate(e, 2000);
        return errors;
    }

    private void AddBlock(JsonArray blocks, Block block, bool inModal)
    {
        switch (block)
        {
            case TextBlock t:
                blocks.Add(t.Style switch
                {
                    TextStyle.Heading => new JsonObject { ["type"] = "header", ["text"] = Plain(Truncate(t.Text, 150)) },
                    TextStyle.Note => new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(Mrkdwn(Escape(t.Text))) },
                    TextStyle.Warning => Section(":warning: " + Escape(t.Text), escaped: true),
                    TextStyle.Success => Section(":white_check_mark: " + Escape(t.Text), escaped: true),
                    _ => Section(t.Text),
                });
                break;
            case FactsBlock f:
                // The title rides in the first section beside its fields: one block per titled group, so a list of
                // 25 (a "my deals" page) stays inside the 50-block limit and no title is cut off from its facts.
                var titleText = f.Title is { Length: > 0 } title ? Truncate("*" + Escape(title) + "*", MaxText) : null;
                if (f.Facts.Count == 0 && titleText is not null) blocks.Add(Section(titleText, escaped: true));
                foreach (var chunk in f.Facts.Chunk(MaxFieldsPerSection))
                {
                    var fields = new JsonArray();
                    foreach (var fact in chunk)
                        fields.Add(Mrkdwn(Truncate("*" + Escape(fact.Label) + "*\n" + Escape(fact.Value), 2000)));
                    var section = new JsonObject { ["type"] = "section" };
                    if (titleText is not null) section["text"] = Mrkdwn(titleText);
                    section["fields"] = fields;
                    blocks.Add(section);
                    titleText = null;
                }
                break;
            case ActionsBlock a:
                foreach (var chunk in a.Buttons.Chunk(MaxButtonsPerActions))
                {
                    var elements = new JsonArray();
                    var i = 0;
                    foreach (var b in chunk) elements.Add(Button(b.Label, b.Action, b.Style, i++));
                    blocks.Add(new JsonObject { ["type"] = "actions", ["elements"] = elements });
                }
                break;
            case LinksBlock l:
                var links = string.Join('\n', l.Links.Select(x => IsWebUrl(x.Url)
                    ? $"<{EscapeUrl(x.Url)}|{Escape(x.Label).Replace("|", "¦", StringComparison.Ordinal)}>"
                    : Escape($"{x.Label} ({x.Url})")));
                blocks.Add(Section(links, escaped: true));
                break;
            case ListBlock list when list.Items.Count > 0:
                blocks.Add(RichTextList(list));
                break;
            case TableBlock table:
                AddTable(blocks, table);
                break;
            case ImageBlock img when IsWebUrl(img.Url):
                blocks.Add(new JsonObject
                {
                    ["type"] = "image", ["image_url"] = img.Url, ["alt_text"] = Truncate(img.AltText is { Length: > 0 } alt ? alt : "image", 2000),
                });
                break;
            case ImageBlock img:
                blocks.Add(Section(img.AltText));
                break;
            case FormBlock form when !inModal:
                // No modal here: the inputs go into the message and a button submits them (Slack sends their state).
                blocks.Add(Section("*" + Escape(form.Title) + "*", escaped: true));
                if (form.Intro is { Length: > 0 } intro) blocks.Add(Section(intro));
                if (form.Error is { Length: > 0 } err) blocks.Add(Section(":warning: " + Escape(err), escaped: true));
                foreach (var field in form.Fields)
                {
                    blocks.Add(Input(field));
                    if (field.Error is { Length: > 0 } fe)
                        blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(Mrkdwn(":warning: " + Escape(fe))) });
                }
                var buttons = new JsonArray(Button(form.SubmitLabel, form.Submit, ButtonStyle.Primary, 0));
                if (form.Cancel is not null) buttons.Add(Button(form.CancelLabel, form.Cancel, ButtonStyle.Default, 1));
                blocks.Add(new JsonObject { ["type"] = "actions", ["block_id"] = "form-actions", ["elements"] = buttons });
                break;
            case FormBlock:
                break; // A modal draws its own form.
        }
    }

    /// <summary>
    /// A list as rich text: Slack's own bulleted or numbered list. Rich text's words are literal (no mrkdwn is read in
    /// them), so an item can neither mention a channel nor disguise a link.
    /// </summary>
    private static JsonObject RichTextList(ListBlock list)
    {
        var items = new JsonArray();
        foreach (var item in list.Items.Where(i => i.Length > 0))
            items.Add(new JsonObject
            {
                ["type"] = "rich_text_section",
                ["elements"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = Truncate(item, MaxText) }),
            });
        return new JsonObject
        {
            ["type"] = "rich_text",
            ["elements"] = new JsonArray(new JsonObject
            {
                ["type"] = "rich_text_list",
                ["style"] = list.Ordered ? "ordered" : "bullet",
                ["elements"] = items,
            }),
        };
    }

    /// <summary>
    /// A table as sections of fields, one field per row: the row's first cell in bold, then each other cell named by
    /// its column ("Bronze: 15%"). Slack draws fields two to a line; this reads on a phone and in every script, where
    /// columns aligned with spaces would not.
    /// </summary>
    private static void AddTable(JsonArray blocks, TableBlock table)
    {
        foreach (var chunk in table.Rows.Chunk(MaxFieldsPerSection))
        {
            var fields = new JsonArray();
            foreach (var row in chunk)
            {
                var (label, values) = table.Labelled(row);
                var lines = values.Select(Escape).Prepend(label.Length > 0 ? "*" + Escape(label) + "*" : "");
                var text = string.Join('\n', lines.Where(l => l.Length > 0));
                fields.Add(Mrkdwn(Truncate(text, 2000)));
            }
            blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = fields });
        }
    }

    private static JsonObject Input(FormField f)
    {
        JsonObject element;
        switch (f.Kind)
        {
            case FieldKind.Number:
                element = new JsonObject { ["type"] = "number_input", ["is_decimal_allowed"] = !IsWholeRange(f) };
                if (f.Min is { } min) element["min_value"] = min.ToString(CultureInfo.InvariantCulture);
                if (f.Max is { } max) element["max_value"] = max.ToString(CultureInfo.InvariantCulture);
                if (decimal.TryParse(f.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out _)) element["initial_value"] = f.Value;
                break;
            case FieldKind.Date:
                element = new JsonObject { ["type"] = "datepicker" };
                if (DateOnly.TryParseExact(f.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    element["initial_date"] = f.Value;
                break;
            case FieldKind.Choice:
                var options = new JsonArray();
                JsonObject? initial = null;
                foreach (var c in f.Choices.Take(MaxOptions))
                {
                    var option = new JsonObject { ["text"] = Plain(Truncate(c.Label, 75)), ["value"] = ChoiceValue(c.Value) };
                    options.Add(option);
                    if (c.Value == (f.Value ?? "") && initial is null) initial = (JsonObject)option.DeepClone();
                }
                element = new JsonObject { ["type"] = "static_select", ["options"] = options };
                if (initial is not null) element["initial_option"] = initial;
                break;
            default:
                element = new JsonObject { ["type"] = "plain_text_input" };
                if (f.Kind == FieldKind.LongText) element["multiline"] = true;
                if (f.MaxLength is > 0 and <= MaxText) element["max_length"] = f.MaxLength;
                if (f.Value is { Length: > 0 } v) element["initial_value"] = Truncate(v, f.MaxLength is > 0 and <= MaxText ? f.MaxLength : MaxText);
                break;
        }
        element["action_id"] = f.Id;
        if (f.Placeholder is { Length: > 0 } placeholder) element["placeholder"] = Plain(Truncate(placeholder, 150));
        var input = new JsonObject
        {
            ["type"] = "input",
            ["block_id"] = f.Id,
            ["label"] = Plain(Truncate(f.Label, 2000)),
            ["optional"] = !f.Required,
            ["element"] = element,
        };
        if (f.Hint is { Length: > 0 } hint) input["hint"] = Plain(Truncate(hint, 2000));
        return input;
    }

    private static bool IsWholeRange(FormField f) =>
        f.Min is { } min && f.Max is { } max && decimal.Truncate(min) == min && decimal.Truncate(max) == max;

    public static string ChoiceValue(string value) => value.Length == 0 ? EmptyChoice : Truncate(value, 150);

    public static string FromChoiceValue(string value) => value == EmptyChoice ? "" : value;

    /// <summary>A button's value carries the neutral action (name + ids) so a press maps straight back to it.</summary>
    public static JsonObject Button(string label, ActionRef action, ButtonStyle style, int index)
    {
        var button = new JsonObject
        {
            ["type"] = "button",
            ["text"] = Plain(Truncate(label, 75)),
            ["action_id"] = $"pb:{index}:{Truncate(action.Name, 200)}",
            ["value"] = EncodeAction(action),
        };
        if (style == ButtonStyle.Primary) button["style"] = "primary";
        if (style == ButtonStyle.Danger) button["style"] = "danger";
        return button;
    }

    public static string EncodeAction(ActionRef action)
    {
        var json = JsonSerializer.Serialize(new { n = action.Name, d = action.Data }, Json);
        return json.Length <= 2000 ? json : JsonSerializer.Serialize(new { n = action.Name, d = new Dictionary<string, string>() }, Json);
    }

    public static ActionRef? DecodeAction(string? value)
    {
        if (string.IsNullOrEmpty(value) || value[0] != '{') return null;
        try
        {
            using var doc = JsonDocument.Parse(value);
            if (!doc.RootElement.TryGetProperty("n", out var n) || n.ValueKind != JsonValueKind.String) return null;
            var data = new Dictionary<string, string>(StringComparer.Ordinal);
            if (doc.RootElement.TryGetProperty("d", out var d) && d.ValueKind == JsonValueKind.Object)
                foreach (var p in d.EnumerateObject()) data[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            return new ActionRef(n.GetString()!, data);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject Section(string text, bool escaped = false) =>
        new() { ["type"] = "section", ["text"] = Mrkdwn(Truncate(escaped ? text : Escape(text), MaxText)) };

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text.Length == 0 ? " " : text };

    private static JsonObject Plain(string text) => new() { ["type"] = "plain_text", ["text"] = text.Length == 0 ? " " : text, ["emoji"] = true };

    /// <summary>Slack's three control characters: with them escaped, nobody can write &lt;!channel&gt; or a disguised link.</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string EscapeUrl(string url) =>
        url.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "%3C", StringComparison.Ordinal)
           .Replace(">", "%3E", StringComparison.Ordinal).Replace("|", "%7C", StringComparison.Ordinal);

    private static bool IsWebUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp);

    public static string Truncate(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = max - 1;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1])) cut--;
        return new StringBuilder(text, 0, cut, max).Append('…').ToString();
    }

    private static JsonArray Limit(JsonArray blocks, int max)
    {
        while (blocks.Count > max) blocks.RemoveAt(blocks.Count - 1);
        return blocks;
    }
}
