using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// Issue 17, point 5, through Slack: Piotr (Wisła) opens the survey with "/partner ankieta", presses 9 on its buttons,
/// types his reason in the DM, and gets his QBR pack in Polish; nothing of another partner shows.
/// </summary>
public sealed class SlackPartnerVoiceTests
{
    private static string Text(SlackCall call) => Regex.Unescape(call.ToString());

    [Fact]
    public async Task PolishPartner_AnswersFromTheButtons_AndGetsTheirQbr()
    {
        await using var t = await SlackTestHost.StartAsync();
        await t.PostCommandAsync(SlackTestHost.Command("T0WISLASYS", "U0WISLAPIOTR", "ankieta", "D0U0WISLAPIOTR", "directmessage"));
        await t.IdleAsync();
        var question = Assert.Single(t.Slack.Posts, c => Text(c).Contains("Jak bardzo prawdopodobne jest, że polecisz", StringComparison.Ordinal));
        var buttons = question.Blocks!.Where(b => b!["type"]!.ToString() == "actions").SelectMany(b => b!["elements"]!.AsArray()).ToList();
        Assert.Equal(11, buttons.Count);
        var nine = buttons.Single(e => e!["text"]!["text"]!.ToString() == "9")!;

        t.Slack.Clear();
        await t.PostInteractionAsync(SlackTestHost.Presses("T0WISLASYS", "U0WISLAPIOTR", question.Channel!, nine));
        await t.IdleAsync();
        Assert.Contains("Dziękujemy! Twoja ocena: 9.", string.Join("\n", t.Slack.Calls.Select(Text)));

        t.Slack.Clear();
        await t.PostEventAsync(SlackTestHost.MessageIm("T0WISLASYS", "U0WISLAPIOTR", "Szybkie odpowiedzi opiekuna", "EvNps1", "D0U0WISLAPIOTR"));
        await t.IdleAsync();
        Assert.Contains("Dziękujemy, ocena i komentarz zapisane.", string.Join("\n", t.Slack.Calls.Select(Text)));
        var answer = await t.Host.WithDbAsync(db => db.SurveyAnswers.AsNoTracking().SingleAsync());
        Assert.Equal(("wisla-piotr", 9, "Szybkie odpowiedzi opiekuna"), (answer.PersonId, answer.Score, answer.Comment));

        t.Slack.Clear();
        await t.PostCommandAsync(SlackTestHost.Command("T0WISLASYS", "U0WISLAPIOTR", "przegląd kwartalny acme", "D0U0WISLAPIOTR", "directmessage"));
        await t.IdleAsync();
        var qbr = string.Join("\n", t.Slack.Calls.Select(Text));
        Assert.Contains("Nie znam okresu „acme”", qbr);
        t.Slack.Clear();
        await t.PostCommandAsync(SlackTestHost.Command("T0WISLASYS", "U0WISLAPIOTR", "przegląd kwartalny", "D0U0WISLAPIOTR", "directmessage"));
        await t.IdleAsync();
        qbr = string.Join("\n", t.Slack.Calls.Select(Text));
        Assert.Contains("Wisła Systemy Sp. z o.o.: kwartalny przegląd biznesowy, Q4 2026", qbr);
        Assert.Contains("Pobierz jako CSV", qbr);
        Assert.DoesNotContain("Acme", qbr);
    }
}
