using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PartnerBot.Conversations;
using PartnerBot.Localization;

namespace PartnerBot.Host.WebChat;

/// <summary>
/// Renders the neutral message model as HTML for the web chat. Every piece of text is HTML-encoded; links and
/// images are kept only for http(s) or site-relative URLs. Buttons and forms carry their action as JSON in
/// data-action, which the page posts back.
/// </summary>
public sealed class WebChatRenderer(Localizer localizer)
{
    // Encodes markup characters but keeps every script readable (Chinese stays Chinese in the page source).
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The chat window's own words in <paramref name="language"/>: the privacy marker and the composer.</summary>
    public WebChatWordsDto Words(string language) => new(
        localizer.Get(language, "render.private"),
        localizer.Get(language, "render.send"),
        localizer.Get(language, "render.placeholder"),
        localizer.Get(language, "render.empty"));

    public string Render(Reply reply, string language)
    {
        var sb = new StringBuilder();
        foreach (var block in reply.Blocks)
        {
            switch (block)
            {
                case TextBlock t: Text(sb, t); break;
                case FactsBlock f: Facts(sb, f); break;
                case FormBlock f: Form(sb, f, language); break;
                case ActionsBlock a: Actions(sb, a); break;
                case LinksBlock l: Links(sb, l); break;
                case ImageBlock i: Image(sb, i); break;
                case ListBlock l: List(sb, l); break;
                case TableBlock t: Table(sb, t); break;
            }
        }
        return sb.ToString();
    }

    private static void Text(StringBuilder sb, TextBlock t)
    {
        var tag = t.Style == TextStyle.Heading ? "h3" : "p";
        sb.Append('<').Append(tag).Append(" class=\"t t-").Append(t.Style.ToString().ToLowerInvariant()).Append("\">");
        sb.Append(Encode(t.Text).Replace("\n", "<br>", StringComparison.Ordinal));
        sb.Append("</").Append(tag).Append('>');
    }

    private static void Facts(StringBuilder sb, FactsBlock f)
    {
        sb.Append("<div class=\"facts\">");
        if (f.Title is not null) sb.Append("<div class=\"facts-title\">").Append(Encode(f.Title)).Append("</div>");
        sb.Append("<dl>");
        foreach (var fact in f.Facts)
            sb.Append("<dt>").Append(Encode(fact.Label)).Append("</dt><dd>").Append(Encode(fact.Value)).Append("</dd>");
        sb.Append("</dl></div>");
    }

    private static void List(StringBuilder sb, ListBlock l)
    {
        if (l.Items.Count == 0) return;
        var tag = l.Ordered ? "ol" : "ul";
        sb.Append('<').Append(tag).Append(" class=\"list\">");
        foreach (var item in l.Items)
            sb.Append("<li>").Append(Encode(item).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</li>");
        sb.Append("</").Append(tag).Append('>');
    }

    private static void Table(StringBuilder sb, TableBlock t)
    {
        sb.Append("<div class=\"table-wrap\"><table class=\"table\">");
        if (t.Columns.Count > 0)
        {
            sb.Append("<thead><tr>");
            foreach (var c in t.Columns) sb.Append("<th scope=\"col\">").Append(Encode(c)).Append("</th>");
            sb.Append("</tr></thead>");
        }
        sb.Append("<tbody>");
        foreach (var row in t.Rows)
        {
            sb.Append("<tr>");
            foreach (var cell in row) sb.Append("<td>").Append(Encode(cell)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table></div>");
    }

    private void Form(StringBuilder sb, FormBlock f, string language)
    {
        sb.Append("<form class=\"pb-form\" novalidate data-action=\"").Append(ActionJson(f.Submit)).Append("\" data-label=\"")
          .Append(Encode(f.SubmitLabel)).Append("\">");
        sb.Append("<div class=\"form-title\">").Append(Encode(f.Title)).Append("</div>");
        if (f.Intro is not null) sb.Append("<p class=\"form-intro\">").Append(Encode(f.Intro)).Append("</p>");
        if (f.Error is not null) sb.Append("<p class=\"form-error\" role=\"alert\">").Append(Encode(f.Error)).Append("</p>");
        foreach (var field in f.Fields) Field(sb, field, language);
        sb.Append("<div class=\"form-buttons\"><button type=\"submit\" class=\"btn btn-primary\">").Append(Encode(f.SubmitLabel)).Append("</button>");
        if (f.Cancel is not null)
            sb.Append("<button type=\"button\" class=\"btn\" data-action=\"").Append(ActionJson(f.Cancel)).Append("\">")
              .Append(Encode(f.CancelLabel)).Append("</button>");
        sb.Append("</div></form>");
    }

    private void Field(StringBuilder sb, FormField field, string language)
    {
        var id = "f-" + Guid.NewGuid().ToString("N")[..8] + "-" + field.Id;
        var name = Encode(field.Id);
        var value = Encode(field.Value ?? "");
        var required = field.Required ? " required aria-required=\"true\"" : "";
        var invalid = field.Error is not null ? " aria-invalid=\"true\"" : "";
        sb.Append("<div class=\"field").Append(field.Error is not null ? " has-error" : "").Append("\">");
        sb.Append("<label for=\"").Append(id).Append("\">").Append(Encode(field.Label));
        if (field.Required) sb.Append(" <span class=\"req\" title=\"").Append(Encode(localizer.Get(language, "render.required"))).Append("\">*</span>");
        sb.Append("</label>");
        switch (field.Kind)
        {
            case FieldKind.Choice:
                sb.Append("<select id=\"").Append(id).Append("\" name=\"").Append(name).Append('"').Append(required).Append(invalid).Append('>');
                foreach (var c in field.Choices)
                {
                    sb.Append("<option value=\"").Append(Encode(c.Value)).Append('"');
                    if (c.Value == field.Value) sb.Append(" selected");
                    sb.Append('>').Append(Encode(c.Label)).Append("</option>");
                }
                sb.Append("</select>");
                break;
            case FieldKind.LongText:
                sb.Append("<textarea id=\"").Append(id).Append("\" name=\"").Append(name).Append("\" rows=\"3\" maxlength=\"")
                  .Append(field.MaxLength).Append('"').Append(required).Append(invalid).Append(Placeholder(field)).Append('>')
                  .Append(value).Append("</textarea>");
                break;
            default:
                var type = field.Kind switch
                {
                    FieldKind.Number => "number",
                    FieldKind.Date => "date",
                    FieldKind.Email => "email",
                    FieldKind.Url => "url",
                    _ => "text",
                };
                sb.Append("<input id=\"").Append(id).Append("\" name=\"").Append(name).Append("\" type=\"").Append(type)
                  .Append("\" value=\"").Append(value).Append('"').Append(required).Append(invalid).Append(Placeholder(field));
                if (field.Kind == FieldKind.Number)
                {
                    sb.Append(" step=\"any\"");
                    if (field.Min is { } min) sb.Append(" min=\"").Append(min.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('"');
                    if (field.Max is { } max) sb.Append(" max=\"").Append(max.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('"');
                }
                else if (field.Kind != FieldKind.Date) sb.Append(" maxlength=\"").Append(field.MaxLength).Append('"');
                sb.Append('>');
                break;
        }
        if (field.Hint is not null) sb.Append("<div class=\"hint\">").Append(Encode(field.Hint)).Append("</div>");
        if (field.Error is not null) sb.Append("<div class=\"field-error\" role=\"alert\">").Append(Encode(field.Error)).Append("</div>");
        sb.Append("</div>");
    }

    private static string Placeholder(FormField f) =>
        f.Placeholder is null ? "" : $" placeholder=\"{Encode(f.Placeholder)}\"";

    private static void Actions(StringBuilder sb, ActionsBlock a)
    {
        sb.Append("<div class=\"actions\">");
        foreach (var b in a.Buttons)
            sb.Append("<button type=\"button\" class=\"btn btn-").Append(b.Style.ToString().ToLowerInvariant()).Append("\" data-action=\"")
              .Append(ActionJson(b.Action)).Append("\">").Append(Encode(b.Label)).Append("</button>");
        sb.Append("</div>");
    }

    private static void Links(StringBuilder sb, LinksBlock l)
    {
        sb.Append("<ul class=\"links\">");
        foreach (var link in l.Links)
        {
            sb.Append("<li>");
            if (IsSafeUrl(link.Url))
                sb.Append("<a href=\"").Append(Encode(link.Url)).Append("\" target=\"_blank\" rel=\"noopener noreferrer\">")
                  .Append(Encode(link.Label)).Append("</a>");
            else sb.Append(Encode(link.Label));
            sb.Append("</li>");
        }
        sb.Append("</ul>");
    }

    private static void Image(StringBuilder sb, ImageBlock i)
    {
        if (!IsSafeUrl(i.Url)) return;
        var dark = i.DarkUrl is { } d && IsSafeUrl(d) ? d : null;
        if (dark is not null)
            sb.Append("<picture><source media=\"(prefers-color-scheme: dark)\" srcset=\"").Append(Encode(dark)).Append("\">");
        sb.Append("<img class=\"chart\" src=\"").Append(Encode(i.Url)).Append("\" alt=\"").Append(Encode(i.AltText)).Append("\">");
        if (dark is not null) sb.Append("</picture>");
    }

    /// <summary>http(s) absolute URLs, or paths on this site; never javascript: or data:.</summary>
    public static bool IsSafeUrl(string url) =>
        (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)) ||
        (Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp));

    private static string ActionJson(ActionRef action) => Encode(JsonSerializer.Serialize(action, Json));

    private static string Encode(string s) => Html.Encode(s);
}
