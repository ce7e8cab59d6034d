using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Conversations;
using PartnerBot.People;
using PartnerBot.Testing;

namespace PartnerBot.Slack.Tests;

/// <summary>The real host's commands, vocabulary and router, shared by the tests of one class.</summary>
public sealed class ProductWordsFixture : IDisposable
{
    private readonly TestHost _host = new();

    public ProductWordsFixture()
    {
        Router = _host.Services.GetRequiredService<Router>();
        Vocabulary = _host.Services.GetRequiredService<Vocabulary>();
        CommandText = _host.Services.GetRequiredService<SlackCommandText>();
    }

    public Router Router { get; }
    public Vocabulary Vocabulary { get; }
    public SlackCommandText CommandText { get; }

    public void Dispose() => _host.Dispose();
}

/// <summary>"/partner &lt;words&gt; &lt;arguments&gt;" is typing "&lt;words&gt; &lt;arguments&gt;": every command, every language.</summary>
public sealed class SlackCommandTextTests(ProductWordsFixture words) : IClassFixture<ProductWordsFixture>
{
    private static readonly string[] Arguments = ["", "DR-1042", "acme last quarter", "Tailspin Toys, about $40k"];

    public static TheoryData<string> Languages_ => new(Languages.All);

    /// <summary>
    /// The matrix: each registered command × each program language × each of that language's phrases × several
    /// arguments. Through "/partner" it reaches the command that owns the phrase with the same arguments as typed in
    /// the web chat (the router's answer for the typed text), never help instead.
    /// </summary>
    [Theory]
    [MemberData(nameof(Languages_))]
    public void EverySubcommand_InEveryLanguage_RoutesAsTypingIt(string language)
    {
        var checkedCount = 0;
        foreach (var command in words.Router.Commands)
        {
            var name = command.Info.Name;
            foreach (var phrase in words.Vocabulary.Words(name).Phrases[language])
                foreach (var args in Arguments)
                {
                    var typed = args.Length == 0 ? phrase : $"{phrase} {args}";
                    var direct = words.Router.Match(typed, Role.Manager);
                    Assert.True(direct?.Command.Info.Name == name, $"typing \"{typed}\" does not start {name}");
                    var slash = words.Router.Match(words.CommandText.ToProductText(typed), Role.Manager);
                    Assert.True(slash is not null, $"/partner {typed} reaches no command");
                    Assert.Equal((name, direct!.Arguments), (slash.Command.Info.Name, slash.Arguments));
                    checkedCount++;
                }
        }
        // Every command has at least one phrase in this language: nothing was skipped.
        Assert.True(checkedCount >= words.Router.Commands.Count * Arguments.Length);
    }

    /// <summary>The live defects of issue 12: these answered with help.</summary>
    [Theory]
    [InlineData("extend DR-1042", "deal.extend", "DR-1042")]
    [InlineData("close", "close", "")]
    [InlineData("close DR-1042", "close", "DR-1042")]
    [InlineData("payout acme", "payout", "acme")]
    [InlineData("review queue", "deal.queue", "")]
    [InlineData("review", "help", "")]                 // not a phrase of any command: help, as before
    [InlineData("certify", "certify", "")]
    [InlineData("digest", "digest", "")]
    [InlineData("przedłuż DR-1042", "deal.extend", "DR-1042")]
    [InlineData("urus niaga saya", "deal.mine", "")]
    [InlineData("级别", "tier", "")]
    [InlineData("商机登记 阿尔法公司", "deal.register", "阿尔法公司")]
    [InlineData("ask commission rate for referrals?", "ask", "commission rate for referrals?")]
    public void FormerlyHelp_NowReachesTheCommand(string text, string command, string args)
    {
        var match = words.Router.Match(words.CommandText.ToProductText(text), Role.Manager);
        Assert.Equal((command, args), (match?.Command.Info.Name, match?.Arguments));
    }

    [Theory]
    [InlineData("", "help")]
    [InlineData("   ", "help")]
    [InlineData("deal", "register a deal")]                             // the /partner alias the manifest has always shown
    [InlineData("DEAL Acme Corp, about $40k", "register a deal Acme Corp, about $40k")]
    [InlineData("deal saya", "deal saya")]                              // a longer phrase of another command wins
    [InlineData("deals open", "deals open")]
    [InlineData("frobnicate now", "help")]
    [InlineData("what is the referral rate?", "help")]                  // questions go through "/partner ask"
    [InlineData("ask", "ask")]
    public void Subcommand_ProductText(string text, string expected) =>
        Assert.Equal(expected, words.CommandText.ToProductText(text));

    [Fact]
    public void Shortcuts_StartTheirCommands_UnknownOpensHelp()
    {
        foreach (var (callback, command) in SlackCommandText.Shortcuts)
            Assert.Equal(command, words.Router.Match(words.CommandText.ShortcutText(callback), Role.PartnerUser)!.Command.Info.Name);
        Assert.Equal("help", words.CommandText.ShortcutText("partner_unknown"));
    }
}
