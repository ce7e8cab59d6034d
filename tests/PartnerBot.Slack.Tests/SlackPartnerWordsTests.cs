using System.Text.Json;
using System.Text.RegularExpressions;
using PartnerBot.Conversations;
using PartnerBot.People;
using PartnerBot.Testing;

namespace PartnerBot.Slack.Tests;

/// <summary>"/partner" in a partner's own language, end to end through the signed endpoint, and the manifest's words.</summary>
public sealed partial class SlackPartnerWordsTests(ProductWordsFixture words) : IClassFixture<ProductWordsFixture>
{
    private static string Unescaped(SlackCall call) => Regex.Unescape(call.Args.ToJsonString());

    [Theory]
    [InlineData("T0WISLASYS", "U0WISLAPIOTR", "przedłuż DR-DEMO0WISL1", "Kraków Logistyka", "Cześć Piotr")]
    [InlineData("T0LOTUSCLD", "U0LOTUSWEI", "延期DR-DEMO0LOTU1", "星辰软件有限公司", "Chen Wei，你好")]
    [InlineData("T0KEDAIAWAN", "U0KEDAISYAH", "urus niaga saya", "Contoso Malaysia", "Hai Nur Aisyah")]
    [InlineData("T0LOTUSCLD", "U0LOTUSWEI", "我的商机", "星辰软件有限公司", "Chen Wei，你好")]
    public async Task PartnerSubcommand_InTheirLanguage_IsAnsweredByTheCommand_NotHelp(string team, string user, string text, string expected, string helpIntro)
    {
        await using var t = await SlackTestHost.StartAsync();
        var r = await t.PostCommandAsync(SlackTestHost.Command(team, user, text, "D0" + user, "directmessage"));
        Assert.Equal(200, (int)r.StatusCode);
        await t.IdleAsync();
        var answer = string.Join("\n", t.Slack.Posts.Select(Unescaped));
        Assert.Contains(expected, answer);
        Assert.DoesNotContain(helpIntro, answer);
    }

    [Theory]
    [InlineData("review queue")]
    [InlineData("close")]
    [InlineData("digest")]
    public async Task StaffSubcommands_ThatAnsweredHelp_NowRunTheirCommand(string text)
    {
        await using var t = await SlackTestHost.StartAsync();
        await t.PostCommandAsync(SlackTestHost.Command(SlackTestHost.VendorTeam, "U0MGRHELENA", text, "D0HELENA", "directmessage"));
        await t.IdleAsync();
        var answer = string.Join("\n", t.Slack.Posts.Select(Unescaped));
        Assert.NotEmpty(t.Slack.Posts);
        Assert.DoesNotContain("Hi Helena", answer);
    }

    /// <summary>
    /// The manifests' usage hint drifts from the vocabulary in neither direction: every item reaches a command through
    /// "/partner", and every command a partner has in help is there in its English words.
    /// </summary>
    [Theory]
    [InlineData("manifest.yaml")]
    [InlineData("manifest.socket-mode.yaml")]
    public void ManifestUsageHint_ListsEveryPartnerCommand_AndOnlyWordsTheRouterKnows(string name)
    {
        var manifest = File.ReadAllText(Path.Combine(Peers.RepositoryRoot, "manifests", "slack", name));
        var hint = JsonSerializer.Deserialize<string>(UsageHint().Match(manifest).Groups[1].Value)!;
        var items = hint.Trim('[', ']').Split('|', StringSplitOptions.TrimEntries);
        var reached = new HashSet<string>();
        foreach (var item in items)
        {
            var match = words.Router.Match(words.CommandText.ToProductText(item), Role.PartnerUser);
            Assert.True(match is not null && (match.Command.Info.Name != "help" || item == "help"), $"\"{item}\" in the usage hint reaches no command");
            Assert.StartsWith(words.Vocabulary.Say(match.Command.Info.Name, Languages.English), item);
            reached.Add(match.Command.Info.Name);
        }
        var partnerCommands = words.Router.CommandsFor(Role.PartnerUser).Where(c => c.Info.HelpKey is not null).Select(c => c.Info.Name);
        Assert.Empty(partnerCommands.Except(reached));
    }

    [GeneratedRegex("usage_hint: (\".*\")")]
    private static partial Regex UsageHint();
}
