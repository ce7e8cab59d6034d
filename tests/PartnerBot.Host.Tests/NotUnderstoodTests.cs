using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

/// <summary>
/// A message no command, form or document answers: one sentence naming the two or three closest commands in the
/// person's language, with a button each — never the whole menu — and only a real question is offered to the rep.
/// </summary>
public sealed partial class NotUnderstoodTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static string Plain(ChatMessage m) => WebUtility.HtmlDecode(Tags().Replace(m.Html ?? m.Text ?? "", " "));

    private static int Buttons(ChatMessage m) => Button().Count(m.Html ?? "");

    [GeneratedRegex("<button")]
    private static partial Regex Button();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    private async Task<List<ChatMessage>> RepliesTo(string person, string text)
    {
        var messages = await _host.Chat(person).SayAsync(text);
        return messages.SkipWhile(m => !(m.Mine && m.Text == text)).Skip(1).ToList();
    }

    [Theory]
    [InlineData("acme-jane", "comision", "Sorry, I didn't understand that. Closest: “commission”", "Type “help” for everything.")]
    [InlineData("acme-jane", "show me my dealz", "Closest: “my deals”", "Type “help” for everything.")]
    [InlineData("kedai-aisyah", "komision saya", "Maaf, saya tidak faham. Yang paling hampir: “komisen”", "Taip “bantuan” untuk semuanya.")]
    [InlineData("kedai-aisyah", "tahapp", "Yang paling hampir: “tahap”", "Taip “bantuan”")]
    [InlineData("lotus-wei", "我的佣", "抱歉，我没有理解。最接近的是：“佣金”", "输入“帮助”查看全部。")]
    [InlineData("wisla-piotr", "prowizaj", "Przepraszam, nie zrozumiałem. Najbliższe polecenia: „prowizja”", "Wpisz „pomoc”, aby zobaczyć wszystkie.")]
    [InlineData("wisla-piotr", "pokaż moje transakcjee", "Najbliższe polecenia: „moje transakcje”", "Wpisz „pomoc”")]
    public async Task Typo_GetsOneSentence_WithTheClosestCommandsFirst_InTheirLanguage(string person, string text, string closest, string help)
    {
        var replies = await RepliesTo(person, text);

        var reply = Assert.Single(replies);
        var plain = Plain(reply);
        Assert.Contains(closest, plain);
        Assert.Contains(help, plain);
        // Two or three commands, each a button — and not the menu's list of everything with its descriptions.
        var buttons = Buttons(reply);
        Assert.InRange(buttons, 2, 3);
        Assert.DoesNotContain("Here's what I can do", plain);
    }

    [Theory]
    [InlineData("acme-jane", "asdfgh qwerty zxcv")]
    [InlineData("kedai-aisyah", "hmm ok lah")]
    [InlineData("lotus-wei", "嗯嗯哈哈")]
    [InlineData("wisla-piotr", "xyzzy plugh")]
    public async Task Gibberish_IsNotOfferedToTheRep_AsAQuestion(string person, string text)
    {
        var replies = await RepliesTo(person, text);

        var plain = Plain(Assert.Single(replies));
        Assert.InRange(Buttons(replies[0]), 2, 3);
        Assert.Equal(0, await _host.WithDbAsync(db => db.KnowledgeQuestions.CountAsync()));
        Assert.DoesNotContain("Ask my partner manager", plain);
    }

    [Theory]
    [InlineData("acme-jane", "What is the airspeed velocity of an unladen swallow?")]
    [InlineData("wisla-piotr", "czy możecie wysłać nam kubki z logo?")]
    public async Task QuestionTheDocumentsDoNotAnswer_IsStillOfferedToTheRep(string person, string text)
    {
        var replies = await RepliesTo(person, text);

        Assert.Single(replies);
        Assert.Equal(1, await _host.WithDbAsync(db => db.KnowledgeQuestions.CountAsync()));
    }

    [Fact]
    public async Task CommandForAnotherRole_SaysSo_AndOffersTheirOwnClosestCommands()
    {
        var replies = await RepliesTo("acme-jane", "review queue");

        var reply = Assert.Single(replies);
        var plain = Plain(reply);
        Assert.Contains("That isn't available for your role. Closest:", plain);
        Assert.DoesNotContain("“review queue”", plain);
    }
}
