using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.PartnerVoice;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// Issue 17, point 5, through Slack. The survey job asks Piotr (Wisła, Polish) in his DM when Wisła's round 2 starts
/// (60 days after now in the demo program); his press of 9 keeps the score and opens the comment form as a modal
/// (views.open, with the press's trigger); a comment that is too long comes back under its field, the corrected one
/// is kept and he is thanked in his DM. Staff get a partner's QBR pack as a card with a CSV link that downloads.
/// </summary>
public sealed class SlackPartnerVoiceTests
{
    private const string Piotr = "U0WISLAPIOTR";
    private const string Wisla = "T0WISLASYS";

    private static string Text(SlackCall call) => Regex.Unescape(call.ToString());

    private static List<JsonNode> Buttons(SlackCall call) =>
        call.Blocks!.Where(b => b!["type"]!.ToString() == "actions").SelectMany(b => b!["elements"]!.AsArray()).Select(e => e!).ToList();

    [Fact]
    public async Task SurveyJob_AsksInTheDm_TheScoreOpensTheCommentModal_TheSubmissionKeepsTheComment()
    {
        await using var t = await SlackTestHost.StartAsync();
        // Piotr was last seen in Slack, so the outbox reaches him there.
        await t.PostEventAsync(SlackTestHost.MessageIm(Wisla, Piotr, "pomoc", "EvNps0", "D0U0WISLAPIOTR"));
        await t.IdleAsync();

        // Day 60: Wisła's round 2 (and Kedai's round 1) start; the job asks each linked partner user once.
        t.Host.Clock.Advance(TimeSpan.FromDays(60));
        Assert.Equal(2, await t.Host.Services.GetRequiredService<SurveyJob>().RunOnceAsync(CancellationToken.None));
        t.Slack.Clear();
        await t.Host.DeliverOutboxAsync();
        Assert.Single(t.Slack.Calls, c => c.Method == "conversations.open" && c.Args["users"]!.ToString() == Piotr);
        var question = Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage" && c.Channel == "DU0WISLAPIOTR");
        Assert.Contains("Jak bardzo prawdopodobne jest, że polecisz program partnerski", Text(question));
        var buttons = Buttons(question);
        Assert.Equal(Enumerable.Range(0, 11).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), buttons.Select(b => b["text"]!["text"]!.ToString()));
        // Every button's value fits Slack's 2,000 characters.
        Assert.All(buttons, b => Assert.True(b["value"]!.ToString().Length <= 2000));
        var nine = buttons.Single(b => b["text"]!["text"]!.ToString() == "9");
        Assert.Equal(("survey.score", "2", "9"), Decoded(nine));

        // The press: the score is kept at once; the comment's form opens as a modal on the press's trigger.
        t.Slack.Clear();
        var press = SlackTestHost.Presses(Wisla, Piotr, question.Channel!, nine);
        var ack = await t.PostInteractionAsync(press);
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        await t.IdleAsync();
        var open = Assert.Single(t.Slack.Calls);
        Assert.Equal("views.open", open.Method);
        Assert.Equal(press["trigger_id"]!.ToString(), open.Args["trigger_id"]!.ToString());
        var view = (JsonObject)open.Args["view"]!;
        Assert.Equal("modal", view["type"]!.ToString());
        Assert.Equal("Dziękujemy! Ocena: 9.", view["title"]!["text"]!.ToString());
        Assert.Equal("Wyślij", view["submit"]!["text"]!.ToString());
        Assert.Equal("Anuluj", view["close"]!["text"]!.ToString());
        var input = Assert.Single(view["blocks"]!.AsArray(), b => b!["type"]!.ToString() == "input")!;
        Assert.Equal("comment", input["block_id"]!.ToString());
        Assert.Equal("Główny powód Twojej oceny (opcjonalnie)", input["label"]!["text"]!.ToString());
        Assert.True(input["element"]!["multiline"]!.GetValue<bool>());
        Assert.Equal(PartnerSurvey.MaxCommentLength, input["element"]!["max_length"]!.GetValue<int>());
        Assert.Contains("Napisz jednym zdaniem dlaczego", Regex.Unescape(view["blocks"]!.ToJsonString()));
        // The metadata carries ids, never the score.
        Assert.DoesNotContain("\"9\"", view["private_metadata"]!.ToString());
        var kept = await t.Host.WithDbAsync(db => db.SurveyAnswers.AsNoTracking().SingleAsync());
        Assert.Equal(("wisla-piotr", "wisla", 2, 9, (string?)null), (kept.PersonId, kept.OrganisationId, kept.Round, kept.Score, kept.Comment));

        // A forged submission past the field's limit: the error under the field, nothing kept, the modal stays.
        var tooLong = await t.PostInteractionAsync(SlackTestHost.Submission(Wisla, Piotr, view, new Dictionary<string, string> { ["comment"] = new string('x', PartnerSurvey.MaxCommentLength + 1) }));
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        var errors = (await SlackTestHost.BodyAsync(tooLong))!;
        Assert.Equal("errors", errors["response_action"]!.ToString());
        Assert.Equal("Komentarz może mieć najwyżej 1\u00a0000 znaków.", errors["errors"]!["comment"]!.ToString());
        await t.IdleAsync();
        Assert.Null((await t.Host.WithDbAsync(db => db.SurveyAnswers.AsNoTracking().SingleAsync())).Comment);

        t.Slack.Clear();
        const string reason = "Szybkie odpowiedzi opiekuna, ale <b>za mało</b> szkoleń & webinarów";
        var sent = await t.PostInteractionAsync(SlackTestHost.Submission(Wisla, Piotr, view, new Dictionary<string, string> { ["comment"] = "  " + reason + " " }));
        Assert.Equal("clear", (await SlackTestHost.BodyAsync(sent))!["response_action"]!.ToString());
        await t.IdleAsync();
        var thanks = Assert.Single(t.Slack.Calls, c => c.Method is "chat.postMessage" or "chat.postEphemeral");
        Assert.Equal(("chat.postMessage", question.Channel), (thanks.Method, thanks.Channel));
        Assert.Contains("Dziękujemy, ocena i komentarz zapisane.", Text(thanks));
        var answer = await t.Host.WithDbAsync(db => db.SurveyAnswers.AsNoTracking().SingleAsync());
        Assert.Equal(("wisla-piotr", 2, 9, reason), (answer.PersonId, answer.Round, answer.Score, answer.Comment));

        // Asked again the same round, he is not: the job has nothing more for him.
        Assert.Equal(0, await t.Host.Services.GetRequiredService<SurveyJob>().RunOnceAsync(CancellationToken.None));
    }

    private static (string Name, string? Round, string? Score) Decoded(JsonNode button)
    {
        var action = BlockKitRenderer.DecodeAction(button["value"]!.ToString())!;
        return (action.Name, action.Data.GetValueOrDefault("round"), action.Data.GetValueOrDefault("score"));
    }

    /// <summary>
    /// A Slack modal's title holds at most 24 characters: the comment form's title, with the longest score (10), must
    /// reach Slack whole in every language, as must its submit and close labels.
    /// </summary>
    [Theory]
    [InlineData("T0ACMEINT", "U0ACMEJANE", "survey", "Thanks! Your score: 10.", "Send", "Cancel")]
    [InlineData("T0KEDAIAWAN", "U0KEDAISYAH", "kaji selidik", "Terima kasih! Skor: 10.", "Hantar", "Batal")]
    [InlineData("T0LOTUSCLD", "U0LOTUSWEI", "满意度调查", "谢谢！您的评分：10。", "发送", "取消")]
    [InlineData(Wisla, Piotr, "ankieta", "Dziękujemy! Ocena: 10.", "Wyślij", "Anuluj")]
    public async Task CommentModal_TitleFitsSlack_Whole_InEveryLanguage(string team, string user, string words, string title, string submit, string close)
    {
        await using var t = await SlackTestHost.StartAsync();
        await t.PostCommandAsync(SlackTestHost.Command(team, user, words, "D0" + user, "directmessage"));
        await t.IdleAsync();
        var question = Assert.Single(t.Slack.Posts);
        var ten = Buttons(question).Single(b => b["text"]!["text"]!.ToString() == "10");

        t.Slack.Clear();
        await t.PostInteractionAsync(SlackTestHost.Presses(team, user, "D0" + user, ten));
        await t.IdleAsync();
        var view = Assert.Single(t.Slack.Calls, c => c.Method == "views.open").Args["view"]!;
        Assert.Equal((title, submit, close), (view["title"]!["text"]!.ToString(), view["submit"]!["text"]!.ToString(), view["close"]!["text"]!.ToString()));
        Assert.True(title.Length <= BlockKitRenderer.MaxViewTitle, title);
        Assert.Equal(10, await t.Host.WithDbAsync(db => db.SurveyAnswers.AsNoTracking().Select(a => a.Score).SingleAsync()));
    }

    /// <summary>
    /// The QBR pack through Slack for staff: Maya (Wisła's rep) gets Wisła's as a card with an absolute CSV link that
    /// downloads; Kedai (Arjun's) is not found for her; Helena (a manager) gets Kedai's. The card is hers alone.
    /// </summary>
    [Fact]
    public async Task RepAndManager_GetAPartnersQbr_AsACardWithACsvLink()
    {
        await using var t = await SlackTestHost.StartAsync(new Dictionary<string, string?> { ["Links:PublicBaseUrl"] = "https://partnerbot.example.com" });
        await t.PostCommandAsync(SlackTestHost.Command(SlackTestHost.VendorTeam, "U0REPMAYA", "qbr wisla", "DU0REPMAYA", "directmessage"));
        await t.IdleAsync();
        var card = Assert.Single(t.Slack.Posts);
        Assert.Equal("DU0REPMAYA", card.Channel);
        var text = Text(card);
        Assert.Contains("Wisła Systemy Sp. z o.o.: quarterly business review, Q4 2026", text);
                Assert.DoesNotContain("Kedai", text);
        var link = Regex.Match(text, @"<(https://partnerbot\.example\.com/downloads/[A-Za-z0-9_-]+/qbr-wisla-Q4-2026\.csv)\|Download as CSV>");
        Assert.True(link.Success, text);
        Assert.Contains("*Journey*\n4 of 5 steps, next: First material opened", text);

        var csv = await t.Http.GetAsync(new Uri(link.Groups[1].Value).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.StartsWith("text/csv", csv.Content.Headers.ContentType!.ToString());
        var rows = await csv.Content.ReadAsStringAsync();
        Assert.Contains("Wisła Systemy Sp. z o.o.", rows);
        Assert.DoesNotContain("Kedai", rows);

        t.Slack.Clear();
        await t.PostCommandAsync(SlackTestHost.Command(SlackTestHost.VendorTeam, "U0REPMAYA", "qbr kedai", "DU0REPMAYA", "directmessage"));
        await t.IdleAsync();
        var refused = Text(Assert.Single(t.Slack.Posts));
        Assert.DoesNotContain("quarterly business review", refused);
        Assert.DoesNotContain("/downloads/", refused);

        t.Slack.Clear();
        await t.PostCommandAsync(SlackTestHost.Command(SlackTestHost.VendorTeam, "U0MGRHELENA", "quarterly review kedai last quarter", "DU0MGRHELENA", "directmessage"));
        await t.IdleAsync();
        var helena = Assert.Single(t.Slack.Posts);
        Assert.Contains("Kedai Awan Sdn Bhd: quarterly business review, Q3 2026", Text(helena));
        Assert.Matches(@"<https://partnerbot\.example\.com/downloads/[A-Za-z0-9_-]+/qbr-kedai-Q3-2026\.csv\|Download as CSV>", Text(helena));
    }
}
