namespace PartnerBot.Slack;

/// <summary>
/// "/partner &lt;subcommand&gt; …" → the words a person would type to the bot. The product's router does the rest, so a
/// capability that is not there yet answers with the router's help, and an unknown subcommand with help.
/// </summary>
public static class SlackCommandText
{
    public static readonly IReadOnlyDictionary<string, string> Subcommands = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["help"] = "help",
        ["deal"] = "register a deal",
        ["register"] = "register a deal",
        ["deals"] = "my deals",
        ["commission"] = "my commission",
        ["content"] = "content",
        ["mdf"] = "mdf",
        ["tier"] = "my tier",
        ["settings"] = "settings",
        ["cancel"] = "cancel",
    };

    /// <summary>Shortcut callback ids (see the manifests) → the same words.</summary>
    public static readonly IReadOnlyDictionary<string, string> Shortcuts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["partner_help"] = "help",
        ["partner_register_deal"] = "register a deal",
        ["partner_settings"] = "settings",
    };

    public static string ToProductText(string? text)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0) return "help";
        var space = t.IndexOfAny([' ', '\t', '\n']);
        var sub = space < 0 ? t : t[..space];
        var rest = space < 0 ? "" : t[(space + 1)..].Trim();
        if (sub.Equals("ask", StringComparison.OrdinalIgnoreCase)) return rest.Length == 0 ? "help" : rest;
        if (!Subcommands.TryGetValue(sub, out var phrase)) return "help";
        return rest.Length == 0 ? phrase : $"{phrase} {rest}";
    }
}
