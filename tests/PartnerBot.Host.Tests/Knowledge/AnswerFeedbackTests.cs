using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Digests;
using PartnerBot.Knowledge;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Knowledge;

/// <summary>
/// 👍 / 👎 / "this didn't answer my question" under the assistant's answers in the web chat: kept with the question,
/// the asker's organisation, the language and the sources; one rating per answer, by its asker only; and the manager's
/// digest part that reads them (hand-checked figures), which no rep sees.
/// </summary>
public sealed class AnswerFeedbackTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static string Plain(ChatMessage m) => WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(m.Html ?? m.Text ?? "", "<[^>]+>", ""));

    private static Dictionary<string, string> Rate(string answerId, string rating) => new() { ["answer"] = answerId, ["rating"] = rating };

    private async Task<string> AskAsync(WebChatClient chat, string question)
    {
        var answer = (await chat.SayAsync(question))[^1];
        return WebChatClient.ActionData(answer.Html!, AssistantActions.Rate)["answer"];
    }

    private Task<KnowledgeAnswer> StoredAsync(string id) => _host.WithDbAsync(db => db.KnowledgeAnswers.AsNoTracking().SingleAsync(a => a.Id == id));

    [Fact]
    public async Task Rating_IsKeptWithTheQuestion_ChangedByPressingAgain_AndAReplayChangesNothing()
    {
        var jane = _host.Chat("acme-jane");
        var id = await AskAsync(jane, "how long is a deal registration protected?");

        var thanks = await jane.ActAsync(AssistantActions.Rate, Rate(id, AssistantActions.Ratings.Helpful));
        Assert.Equal("Thanks: glad that helped.", Plain(thanks[^1]));
        var stored = await StoredAsync(id);
        Assert.Equal(("acme-jane", "acme", "en", "how long is a deal registration protected?", AnswerOutcome.Answered, AnswerRating.Helpful),
            (stored.AskedByPersonId, stored.PartnerOrganisationId, stored.Language, stored.Question, stored.Outcome, stored.Rating));
        Assert.Contains("(en/deal-registration.md)", stored.Sources);

        var replay = await jane.ActAsync(AssistantActions.Rate, Rate(id, AssistantActions.Ratings.Helpful));
        Assert.Equal("You've already rated this answer that way. Press another button to change your rating.", Plain(replay[^1]));

        var changed = await jane.ActAsync(AssistantActions.Rate, Rate(id, AssistantActions.Ratings.DidNotAnswer));
        Assert.StartsWith("Thanks for telling us: the program team will see that your question still needs an answer.", Plain(changed[^1]));
        Assert.Equal(AnswerRating.DidNotAnswer, (await StoredAsync(id)).Rating);
        Assert.Equal(1, await _host.WithDbAsync(db => db.KnowledgeAnswers.CountAsync()));
    }

    [Fact]
    public async Task SomeoneElsesAnswer_UnknownIds_AndMadeUpRatings_AreRefused_AndChangeNothing()
    {
        var id = await AskAsync(_host.Chat("acme-jane"), "how long is a deal registration protected?");
        var lena = _host.Chat("borealis-lena");

        var notYours = await lena.ActAsync(AssistantActions.Rate, Rate(id, AssistantActions.Ratings.NotHelpful));
        Assert.Equal("Only the person who asked can rate this answer.", Plain(notYours[^1]));
        // Not even a manager rates a partner's answer for them.
        var manager = await _host.Chat("mgr-helena").ActAsync(AssistantActions.Rate, Rate(id, AssistantActions.Ratings.NotHelpful));
        Assert.Equal("Only the person who asked can rate this answer.", Plain(manager[^1]));

        const string gone = "That button no longer does anything. Type \"help\" to see what you can do now.";
        var jane = _host.Chat("acme-jane");
        Assert.Equal(gone, Plain((await jane.ActAsync(AssistantActions.Rate, Rate("0123456789abcdef0123456789abcdef", "helpful")))[^1]));
        Assert.Equal(gone, Plain((await jane.ActAsync(AssistantActions.Rate, Rate(id, "5-stars")))[^1]));
        Assert.Equal(gone, Plain((await jane.ActAsync(AssistantActions.Rate, new Dictionary<string, string> { ["rating"] = "helpful" }))[^1]));
        Assert.Equal(gone, Plain((await jane.ActAsync(AssistantActions.Rate, Rate("' OR 1=1 --", "helpful")))[^1]));

        Assert.Null((await StoredAsync(id)).Rating);
    }

    [Fact]
    public async Task TwoPressesAtOnce_LeaveOneRating()
    {
        var jane = _host.Chat("acme-jane");
        var id = await AskAsync(jane, "what are the commission rates by tier?");

        var presses = await Task.WhenAll(
            jane.ActAsync(AssistantActions.Rate, Rate(id, AssistantActions.Ratings.NotHelpful)),
            _host.Chat("acme-jane").ActAsync(AssistantActions.Rate, Rate(id, AssistantActions.Ratings.NotHelpful)));

        Assert.All(presses, p => Assert.NotEmpty(p));
        var answers = await _host.WithDbAsync(db => db.KnowledgeAnswers.AsNoTracking().ToListAsync());
        Assert.Equal(AnswerRating.NotHelpful, Assert.Single(answers).Rating);
    }

    [Theory]
    [InlineData("kedai-aisyah", "berapa lama pendaftaran urusan dilindungi?", "ms", "👍 Membantu", "Ini tidak menjawab soalan saya", "Terima kasih: gembira ia membantu.")]
    [InlineData("wisla-piotr", "jak długo rejestracja transakcji jest chroniona?", "pl", "👍 Pomocne", "To nie odpowiada na moje pytanie", "Dziękujemy: cieszymy się, że to pomogło.")]
    [InlineData("lotus-wei", "商机注册保护多久？", "zh-Hans", "👍 有帮助", "这没有回答我的问题", "谢谢：很高兴对您有帮助。")]
    public async Task ButtonsAndThanks_AreInTheAskersLanguage(string person, string question, string language, string helpful, string missed, string thanks)
    {
        var chat = _host.Chat(person);
        var answer = (await chat.SayAsync(question))[^1];
        var text = Plain(answer);
        Assert.Contains(helpful, text);
        Assert.Contains(missed, text);
        var id = WebChatClient.ActionData(answer.Html!, AssistantActions.Rate)["answer"];

        Assert.Equal(thanks, Plain((await chat.ActAsync(AssistantActions.Rate, Rate(id, AssistantActions.Ratings.Helpful)))[^1]));
        var stored = await StoredAsync(id);
        Assert.Equal((language, question), (stored.Language, stored.Question));
    }

    [Fact]
    public async Task DeclinedQuestion_IsKeptAsAGap_WithoutRatingButtons()
    {
        var reply = (await _host.Chat("acme-jane").SayAsync("What is the weather in Paris tomorrow?"))[^1];

        Assert.DoesNotContain(AssistantActions.Rate, WebUtility.HtmlDecode(reply.Html!));
        var stored = await _host.WithDbAsync(db => db.KnowledgeAnswers.AsNoTracking().SingleAsync());
        Assert.Equal((AnswerOutcome.Declined, "What is the weather in Paris tomorrow?", ""), (stored.Outcome, stored.Question, stored.Sources));
    }

    [Fact]
    public async Task BadActionBodies_Get4xxOr200_NeverA5xx()
    {
        var jane = _host.Chat("acme-jane");
        var url = $"/api/webchat/conversations/dm-acme-jane/messages?as=acme-jane";
        foreach (var body in new object[] { new { action = new { name = AssistantActions.Rate } }, new { action = new { name = AssistantActions.Rate, values = new { answer = 5 } } } })
        {
            var r = await jane.Http.PostAsJsonAsync(url, body);
            Assert.True((int)r.StatusCode < 500, $"{(int)r.StatusCode} for {System.Text.Json.JsonSerializer.Serialize(body)}");
        }
    }

    /// <summary>
    /// The period is 16 Nov 09:00 – 23 Nov 09:00. In it: six answers (three rated helpful, one "not helpful", one "didn't
    /// answer", one unrated) and four declined questions. Helpful share: 3 of the 5 rated = 60%. Gaps: the three
    /// wordings of the weather question count as one (3), the two co-marketing questions as one (2: one rated "not
    /// helpful", one "didn't answer"), the Polish question alone (1). A declined question from before the period and
    /// one from a partner the rep does not own are left out or hidden as the scope says.
    /// </summary>
    [Fact]
    public async Task ManagersDigest_AnswerQuality_OnAHandCheckedSet_AndNoRepSeesThePartnersQuestions()
    {
        var now = TestHost.DefaultNow;
        var n = 0;
        KnowledgeAnswer A(string question, AnswerOutcome outcome, AnswerRating? rating, double hoursAgo, string org = "acme") => new()
        {
            Id = $"qa{++n}", AskedByPersonId = "acme-jane", PartnerOrganisationId = org, Question = question, Language = "en",
            Outcome = outcome, Sources = "", AnsweredAt = now.AddHours(-hoursAgo), Rating = rating,
        };
        await _host.WithDbAsync(async db =>
        {
            db.KnowledgeAnswers.AddRange(
                A("how long is a registration protected?", AnswerOutcome.Answered, AnswerRating.Helpful, 100),
                A("commission rates by tier?", AnswerOutcome.Answered, AnswerRating.Helpful, 90),
                A("how much co-marketing money can we get?", AnswerOutcome.Answered, AnswerRating.NotHelpful, 80),
                A("How much co-marketing money do we get??", AnswerOutcome.Answered, AnswerRating.DidNotAnswer, 70),
                A("when is commission paid?", AnswerOutcome.Answered, null, 60),
                A("What is the weather in Paris tomorrow?", AnswerOutcome.Declined, null, 50),
                A("what's the weather in Paris tomorrow", AnswerOutcome.Declined, null, 40),
                A("Czy mogę sprzedawać w Niemczech?", AnswerOutcome.Declined, null, 30, org: "wisla"),
                A("what is the weather in paris tomorrow?", AnswerOutcome.Declined, null, 20),
                A("mdf percentage by tier?", AnswerOutcome.Answered, AnswerRating.Helpful, 10),
                // 8 days ago: before the period.
                A("can we resell in Antarctica?", AnswerOutcome.Declined, null, 8 * 24));
            return await db.SaveChangesAsync();
        });

        var manager = await BuildAsync(new Actor("mgr-helena", "Helena", Role.Manager, null, new Preferences()), allPartners: true);
        Assert.NotNull(manager);
        Assert.Equal("Answer quality", manager.Title);
        var lines = manager.Blocks.SelectMany(b => b switch
        {
            TextBlock t => [t.Text],
            FactsBlock f => f.Facts.Select(x => $"{x.Label}: {x.Value}").Prepend(f.Title!),
            _ => [],
        }).ToList();
        Assert.Equal([
            "6 questions answered, 4 declined.",
            "60% of the rated answers helped (3 of 5).",
            "Top unanswered questions (declined, or rated as not answering): content the documents lack",
            "What is the weather in Paris tomorrow?: asked 3×",
            "how much co-marketing money can we get?: asked 2×",
            "Czy mogę sprzedawać w Niemczech?: asked 1×",
        ], lines);

        // A rep's digest covers their own partners: it shows no partner's questions at all.
        Assert.Null(await BuildAsync(new Actor("rep-maya", "Maya", Role.Rep, null, new Preferences()), allPartners: false, ["acme", "wisla"]));
        Assert.Null(await BuildAsync(new Actor("rep-maya", "Maya", Role.Rep, null, new Preferences()), allPartners: true));
    }

    [Fact]
    public void SimilarWordings_AreCountedTogether_InEveryLanguage()
    {
        var groups = AnswerQuality.Group([
            "berapa banyak MDF kami?", "Berapa banyak MDF kami??", "jak zgłosić transakcję?", "Jak zgłosić transakcję",
            "商机注册保护多久？", "商机注册保护多久", "what is MDF?",
        ]);
        Assert.Equal([("berapa banyak MDF kami?", 2), ("jak zgłosić transakcję?", 2), ("商机注册保护多久？", 2), ("what is MDF?", 1)], groups);
    }

    private async Task<DigestSection?> BuildAsync(Actor recipient, bool allPartners, string[]? ids = null)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var now = TestHost.DefaultNow;
        var db = sp.GetRequiredService<PartnerBotDb>();
        var program = sp.GetRequiredService<IOptions<ProgramOptions>>().Value;
        var data = await DigestData.LoadAsync(db, program, allPartners ? null : ids, now, CancellationToken.None);
        var digestScope = new DigestScope(recipient, allPartners, ids ?? [], now, now.AddDays(-7), now.AddDays(-14));
        var ctx = new DigestContext(db, digestScope, sp.GetRequiredService<Localizer>(), program, data);
        return await sp.GetServices<IDigestSection>().OfType<PartnerBot.Knowledge.AnswerQualityDigestSection>().Single().BuildAsync(ctx, CancellationToken.None);
    }
}
