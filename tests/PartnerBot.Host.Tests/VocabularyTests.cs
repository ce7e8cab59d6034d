using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Conversations;
using PartnerBot.People;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

/// <summary>Help and its buttons speak the person's command words; the README's table says only words the product knows.</summary>
public sealed partial class VocabularyTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("wisla-piotr", "materiały", new[] { "zarejestruj transakcję", "moje transakcje", "przedłuż DR-…", "prowizja", "poziom" }, new[] { "register a deal", "my deals" })]
    [InlineData("lotus-wei", "资料", new[] { "报备商机", "我的商机", "延期 DR-…", "佣金", "等级" }, new[] { "register a deal", "my deals" })]
    [InlineData("kedai-aisyah", "bahan", new[] { "daftar urusan", "urusan saya", "lanjutkan DR-…", "komisen", "tahap" }, new[] { "register a deal", "my deals" })]
    [InlineData("acme-jane", "content", new[] { "register a deal", "my deals", "extend DR-…", "commission", "tier" }, new[] { "urusan saya" })]
    public async Task Help_ShowsAndButtonsTheCommandWordsOfThePersonsLanguage(string person, string contentWords, string[] shown, string[] notShown)
    {
        var chat = _host.Chat(person);
        var help = WebUtility.HtmlDecode((await chat.SayAsync("help"))[^1].Html!);
        foreach (var words in shown) Assert.Contains(words, help);
        foreach (var words in notShown) Assert.DoesNotContain(words, help);

        // The last of help's buttons is the person's words for finding content, and pressing it opens the filter form.
        var button = WebChatClient.ActionData((await chat.ReadAsync())[^1].Html!, ActionNames.Command);
        Assert.Equal(contentWords, button["text"]);
        var answer = await chat.ActAsync(ActionNames.Command, button, contentWords);
        Assert.Contains(answer, m => m.Html is { } h && h.Contains(ActionNames.DialogSubmit, StringComparison.Ordinal));
    }

    /// <summary>
    /// The README's table of what a partner can say (and the line on reps and managers under it) says nothing the router does not know, and leaves out no command that
    /// help shows: every `…` in it starts a command (or, ending in "?", reaches no command and so goes to the
    /// assistant), and every command with a help line is reached by one of them.
    /// </summary>
    [Fact]
    public void Readme_WhatAPartnerCanSay_IsTheVocabulary()
    {
        var readme = File.ReadAllText(Path.Combine(Peers.RepositoryRoot, "README.md"));
        var start = readme.IndexOf("|---|---|", readme.IndexOf("What a partner can say", StringComparison.Ordinal), StringComparison.Ordinal);
        var section = readme[start..readme.IndexOf("## Configuring it", start, StringComparison.Ordinal)];
        var router = _host.Services.GetRequiredService<Router>();
        var reached = new HashSet<string>();
        foreach (var said in Code().Matches(section).Select(m => m.Groups[1].Value))
        {
            var match = router.Match(said, Role.Manager);
            if (said.EndsWith('?') && match is null) continue; // a question for the assistant
            Assert.True(match is not null, $"the README says `{said}`, which starts no command");
            reached.Add(match.Command.Info.Name);
        }
        var inHelp = router.Commands.Where(c => c.Info.HelpKey is not null).Select(c => c.Info.Name);
        Assert.Empty(inHelp.Except(reached));
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();
}
