using PartnerBot.Conversations;
using PartnerBot.People;

namespace PartnerBot.Slack;

/// <summary>
/// "/partner &lt;words&gt; &lt;arguments&gt;" is what the person would type to the bot: the product's router reads the
/// words, in any of the program's languages ("/partner przedłuż DR-1001", "/partner 佣金"), so there is no subcommand
/// table to drift from the vocabulary. The vocabulary's <c>/partner</c> aliases ("deal" for register a deal), words
/// no command owns, become the command's own words. Nothing, or words no command knows, is help (questions go through
/// "/partner ask …", which is the assistant's own command).
/// </summary>
public sealed class SlackCommandText(Router router, Vocabulary vocabulary)
{
    /// <summary>Shortcut callback ids (see the manifests) → the command each starts.</summary>
    public static readonly IReadOnlyDictionary<string, string> Shortcuts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["partner_help"] = "help",
        ["partner_register_deal"] = "deal.register",
        ["partner_settings"] = "settings",
    };

    public string ToProductText(string? text)
    {
        var t = (text ?? "").Trim();
        if (t.Length > 0 && router.Match(t, Role.PartnerUser) is not null) return t;
        var space = t.IndexOfAny([' ', '\t', '\n']);
        if (t.Length > 0 && vocabulary.SlashAlias(space < 0 ? t : t[..space]) is { } alias)
            return vocabulary.Say(alias, Languages.English, space < 0 ? null : t[(space + 1)..].Trim());
        return vocabulary.Say("help", Languages.English);
    }

    /// <summary>The words a shortcut stands for; an unknown shortcut opens help.</summary>
    public string ShortcutText(string callbackId) =>
        vocabulary.Say(Shortcuts.GetValueOrDefault(callbackId, "help"), Languages.English);
}
