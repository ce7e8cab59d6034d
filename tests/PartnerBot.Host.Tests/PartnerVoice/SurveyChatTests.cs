using Microsoft.EntityFrameworkCore;
using PartnerBot.Host.Tests.Deals;
using PartnerBot.PartnerVoice;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.PartnerVoice;

/// <summary>
/// Issue 17, point 5: the partner survey through the web chat, as partners and staff use it. Demo organisations joined
/// 900 (Acme), 500 (Borealis), 60 (Kedai), 1,400 (Lotus), 150 (Wisła) and 120 (Pioneer) days before now; with the
/// defaults (first survey 30 days after joining, then every 90) Acme is in round 9, Kedai in round 0.
/// </summary>
public sealed class SurveyChatTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static Dictionary<string, string> Press(ChatMessage question, int score)
    {
        var data = WebChatClient.ActionData(question.Html!, PartnerSurvey.ScoreAction);
        data["score"] = score.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return data;
    }

    private Task<List<SurveyAnswer>> AnswersAsync() => _host.WithDbAsync(db => db.SurveyAnswers.AsNoTracking().OrderBy(a => a.Id).ToListAsync());

    [Theory]
    [InlineData("acme-jane", "survey", "How likely are you to recommend the", "Thanks! Your score: 9.", "Thanks, your score and comment are saved.")]
    [InlineData("kedai-aisyah", "kaji selidik", "Sejauh manakah kemungkinan anda mengesyorkan", "Terima kasih! Skor: 9.", "Terima kasih, skor dan komen anda disimpan.")]
    [InlineData("lotus-wei", "满意度调查", "您向同事推荐", "谢谢！您的评分：9。", "谢谢，您的评分和意见已保存。")]
    [InlineData("wisla-piotr", "ankieta", "Jak bardzo prawdopodobne jest, że polecisz", "Dziękujemy! Ocena: 9.", "Dziękujemy, ocena i komentarz zapisane.")]
    public async Task Partner_AnswersWithAScoreAndAComment_InTheirLanguage(string person, string words, string question, string recorded, string thanks)
    {
        var chat = _host.Chat(person);
        var asked = (await chat.SayAsync(words))[^1];
        Assert.Contains(question, DealTestKit.Read(asked));
        var form = await chat.ActAsync(PartnerSurvey.ScoreAction, Press(asked, 9), "9");
        Assert.Contains(recorded, DealTestKit.ReadAll(form));
        // The comment is typed, as people do in chat.
        var done = await chat.SayAsync("The deal desk answers within a day 👍");
        Assert.Contains(thanks, DealTestKit.ReadAll(done));

        var answer = Assert.Single(await AnswersAsync());
        Assert.Equal((person, 9, "The deal desk answers within a day 👍"), (answer.PersonId, answer.Score, answer.Comment));
        Assert.Equal(person.Split('-')[0], answer.OrganisationId);
    }

    [Fact]
    public async Task PressingAgain_ChangesTheScore_OneAnswerPerPersonAndRound_AndAnEmptyFormKeepsTheScoreAlone()
    {
        var jane = _host.Chat("acme-jane");
        var asked = (await jane.SayAsync("nps"))[^1];
        var form = (await jane.ActAsync(PartnerSurvey.ScoreAction, Press(asked, 4), "4"))[^1];
        var sent = await DealTestKit.SubmitAsync(jane, form, new Dictionary<string, string> { ["comment"] = "  " });
        Assert.Contains("Thanks, your score is saved. Type \"survey\" to change it while this survey is open.", DealTestKit.ReadAll(sent));

        var again = await jane.SayAsync("survey");
        Assert.Contains("You answered 4 to this survey. Press a number to change it.", DealTestKit.ReadAll(again));
        await jane.ActAsync(PartnerSurvey.ScoreAction, Press(again[^1], 10), "10");
        var answer = Assert.Single(await AnswersAsync());
        Assert.Equal((10, 9, (string?)null), (answer.Score, answer.Round, answer.Comment));

        // Tom answers for himself, in the same organisation: a second answer.
        var tom = _host.Chat("acme-tom");
        await tom.ActAsync(PartnerSurvey.ScoreAction, Press((await tom.SayAsync("survey"))[^1], 7), "7");
        Assert.Equal(new[] { ("acme-jane", 10), ("acme-tom", 7) }, (await AnswersAsync()).Select(a => (a.PersonId, a.Score)));
    }

    [Fact]
    public async Task ForgedOrStalePresses_ChangeNothing_AndSayWhy()
    {
        var jane = _host.Chat("acme-jane");
        var asked = (await jane.SayAsync("survey"))[^1];
        var data = WebChatClient.ActionData(asked.Html!, PartnerSurvey.ScoreAction);
        foreach (var (round, score) in new[] { (data["round"], "11"), (data["round"], "-1"), (data["round"], "nine"), ("x", "5"), (data["round"], "") })
        {
            var reply = DealTestKit.ReadAll(await jane.ActAsync(PartnerSurvey.ScoreAction, new Dictionary<string, string> { ["round"] = round, ["score"] = score }));
            Assert.Contains("That button no longer does anything.", reply);
        }
        // A round that has ended (or not begun) is closed; the current question comes with it.
        var stale = DealTestKit.ReadAll(await jane.ActAsync(PartnerSurvey.ScoreAction, new Dictionary<string, string> { ["round"] = "8", ["score"] = "5" }));
        Assert.Contains("That survey has closed.", stale);
        Assert.Contains("How likely are you to recommend", stale);
        // Staff have no answer to give.
        var maya = DealTestKit.ReadAll(await _host.Chat("rep-maya").ActAsync(PartnerSurvey.ScoreAction, new Dictionary<string, string> { ["round"] = data["round"], ["score"] = "10" }));
        Assert.Contains("The survey is for partners' people.", maya);
        Assert.Empty(await AnswersAsync());
    }

    [Fact]
    public async Task ACommentTooLong_IsRefusedOnTheField_AndTheScoreIsKept()
    {
        var jane = _host.Chat("acme-jane");
        var form = (await jane.ActAsync(PartnerSurvey.ScoreAction, Press((await jane.SayAsync("survey"))[^1], 8), "8"))[^1];
        var refused = await DealTestKit.SubmitAsync(jane, form, new Dictionary<string, string> { ["comment"] = new string('a', PartnerSurvey.MaxCommentLength + 1) });
        Assert.Contains("Please keep the comment to 1,000 characters.", DealTestKit.ReadAll(refused));
        var answer = Assert.Single(await AnswersAsync());
        Assert.Equal((8, (string?)null), (answer.Score, answer.Comment));
    }

    /// <summary>
    /// Five answers, worked out by hand. Every partner: promoters 10 and 9, passive 7, detractors 6 and 3: (2 − 2) / 5 =
    /// NPS 0. Maya's partners (Acme, Borealis, Wisła): 10, 9, 6: (2 − 1) / 3 = 33.3 → 33.
    /// </summary>
    [Fact]
    public async Task Staff_SeeTheScore_ARepOnlyTheirPartners_TheManagerAlsoTheComments()
    {
        var now = TestHost.DefaultNow;
        await _host.WithDbAsync(db =>
        {
            db.SurveyAnswers.AddRange(
                Answer("acme-jane", "acme", 10, "Great deal desk", now.AddDays(-3)),
                Answer("acme-tom", "acme", 9, null, now.AddDays(-2)),
                Answer("borealis-lena", "borealis", 6, "Slow MDF approvals", now.AddDays(-1)),
                Answer("kedai-aisyah", "kedai", 7, null, now.AddDays(-5)),
                Answer("lotus-wei", "lotus", 3, "门户太复杂", now.AddDays(-4)),
                // Before the window (the last 90 days): not counted.
                Answer("pioneer-dana", "pioneer", 0, "Old grumble", now.AddDays(-91)));
            return db.SaveChangesAsync();
        });

        var maya = DealTestKit.ReadAll(await _host.Chat("rep-maya").SayAsync("survey"));
        Assert.Contains("Partner survey: the last 90 days", maya);
        Assert.Contains("Net Promoter Score 33", maya);
        Assert.Contains("Answers 3", maya);
        Assert.Contains("Promoters (9–10) 2 (67%)", maya);
        Assert.Contains("Detractors (0–6) 1 (33%)", maya);
        Assert.DoesNotContain("Slow MDF approvals", maya);
        Assert.DoesNotContain("Great deal desk", maya);

        var helena = DealTestKit.ReadAll(await _host.Chat("mgr-helena").SayAsync("survey"));
        Assert.Contains("Net Promoter Score 0", helena);
        Assert.Contains("Answers 5", helena);
        Assert.Contains("Passives (7–8) 1 (20%)", helena);
        // Newest first, with the organisation, the score and the day.
        var order = new[] { "Borealis Resale GmbH · 6 · 22 Nov 2026 Slow MDF approvals", "Acme Integrations Ltd · 10 · 20 Nov 2026 Great deal desk" };
        Assert.True(helena.IndexOf(order[0], StringComparison.Ordinal) is >= 0 and var first && helena.IndexOf(order[1], StringComparison.Ordinal) > first, helena);
        Assert.Contains("门户太复杂", helena);
        Assert.DoesNotContain("Old grumble", helena);
    }

    private static SurveyAnswer Answer(string person, string org, int score, string? comment, DateTimeOffset at) => new()
    {
        PersonId = person, OrganisationId = org, Round = 1, Score = score, Comment = comment, AnsweredAt = at,
    };
}
