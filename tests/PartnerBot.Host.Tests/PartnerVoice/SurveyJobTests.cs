using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Digests;
using PartnerBot.Host.Tests.Digests;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.PartnerVoice;
using PartnerBot.People;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.PartnerVoice;

/// <summary>
/// The survey's cadence with the demo program's defaults (first survey 30 days after joining, every 90 days, sent
/// within 14 days of a round's start). Now is 23 Nov 2026: Pioneer (joined 120 days ago) starts round 1 today; Wisła
/// (150) is 30 days into round 1 and starts round 2 in 60 days, the day Kedai (60) starts round 1; Acme, Borealis, Kedai and Lotus are 20 to 60 days
/// into theirs, too late to be sent.
/// </summary>
public sealed class SurveyJobTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private Task<List<string>> KeysAsync() => _host.WithDbAsync(db =>
        db.Outbox.AsNoTracking().Where(m => m.DedupeKey!.StartsWith("survey:")).Select(m => m.DedupeKey!).OrderBy(k => k).ToListAsync());

    [Fact]
    public async Task EachPartnerUser_IsAskedOncePerRound_InTheirLanguage_AndAnsweringFirstMeansNotAsked()
    {
        var job = _host.Services.GetRequiredService<SurveyJob>();
        Assert.Equal(1, await job.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        _host.Clock.Advance(TimeSpan.FromDays(13)); // still round 1's fortnight: nothing new
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        Assert.Equal(["survey:pioneer:1:pioneer-dana"], await KeysAsync());
        await _host.DeliverOutboxAsync();
        Assert.Contains("How likely are you to recommend the", string.Join("\n", (await _host.Chat("pioneer-dana").ReadAsync()).Select(m => m.Html)));

        // Day 60: Wisła's round 2 begins. Piotr answers it through "survey" before the job runs: he is not asked again.
        _host.Clock.Advance(TimeSpan.FromDays(47));
        var piotr = _host.Chat("wisla-piotr");
        var asked = (await piotr.SayAsync("ankieta"))[^1];
        Assert.Contains("Jak bardzo prawdopodobne jest, że polecisz program partnerski", asked.Html);
        var data = WebChatClient.ActionData(asked.Html!, PartnerSurvey.ScoreAction);
        Assert.Equal("2", data["round"]);
        await piotr.ActAsync(PartnerSurvey.ScoreAction, new Dictionary<string, string>(data) { ["score"] = "8" });
        // The same day Kedai (joined 120 days before) starts its round 1: only Aisyah is asked.
        Assert.Equal(1, await job.RunOnceAsync(CancellationToken.None));

        // Day 90: Pioneer's round 2.
        _host.Clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(1, await job.RunOnceAsync(CancellationToken.None));
        Assert.Equal(["survey:kedai:1:kedai-aisyah", "survey:pioneer:1:pioneer-dana", "survey:pioneer:2:pioneer-dana"], await KeysAsync());
    }

    [Fact]
    public async Task ThreePassesAtOnce_AskEachPersonOnce()
    {
        var job = _host.Services.GetRequiredService<SurveyJob>();
        async Task<int> Pass()
        {
            try { return await job.RunOnceAsync(CancellationToken.None); }
            catch (DbUpdateException) { return -1; } // another pass saved the same question first: the unique key refused this one
        }
        await Task.WhenAll(Pass(), Pass(), Pass());
        await Task.WhenAll(Pass(), Pass(), Pass());
        Assert.Equal(["survey:pioneer:1:pioneer-dana"], await KeysAsync());
    }

    [Fact]
    public async Task SomeoneWhoSwitchedRemindersOff_IsNotAsked_AndNoSurveysMeansNone()
    {
        await _host.WithDbAsync(async db =>
        {
            (await db.People.SingleAsync(p => p.Id == "pioneer-dana")).Preferences.Reminders = ReminderMode.Off;
            return await db.SaveChangesAsync();
        });
        Assert.Equal(0, await _host.Services.GetRequiredService<SurveyJob>().RunOnceAsync(CancellationToken.None));
        Assert.Empty(await KeysAsync());

        using var off = new TestHost(settings: new Dictionary<string, string?> { ["Program:PartnerVoice:SurveyEveryDays"] = "0" });
        Assert.Equal(0, await off.Services.GetRequiredService<SurveyJob>().RunOnceAsync(CancellationToken.None));
        Assert.Contains("There is no survey open for you right now.", string.Join("\n", (await off.Chat("acme-jane").SayAsync("survey")).Select(m => m.Html)));
    }

    /// <summary>
    /// The digest's section, by hand: answers in the last 90 days: Acme 10 and 9, Borealis 6, Kedai 7, Lotus 3 (NPS 0 for
    /// every partner; 33 for Acme and Borealis). The digest's period is the last 7 days: Borealis's comment (1 day ago)
    /// is new, Acme's (10 days ago) is not.
    /// </summary>
    [Fact]
    public async Task DigestSection_ScoreForTheScope_NewCommentsForManagersOnly()
    {
        var now = TestHost.DefaultNow;
        await _host.WithDbAsync(db =>
        {
            db.SurveyAnswers.AddRange(
                Answer("acme-jane", "acme", 10, "Great deal desk", now.AddDays(-10)),
                Answer("acme-tom", "acme", 9, null, now.AddDays(-2)),
                Answer("borealis-lena", "borealis", 6, "Slow MDF approvals", now.AddDays(-1)),
                Answer("kedai-aisyah", "kedai", 7, null, now.AddDays(-5)),
                Answer("lotus-wei", "lotus", 3, null, now.AddDays(-4)));
            return db.SaveChangesAsync();
        });
        await using var scope = _host.Services.CreateAsyncScope();

        var (section, repCtx) = await DigestSectionTests.ContextAsync<PartnerVoiceDigestSection>(scope, ["acme", "borealis"], now);
        var rep = DigestSectionTests.Lines(await section.BuildAsync(repCtx, CancellationToken.None));
        Assert.Equal("# Partner voice", rep[0]);
        Assert.Contains("Net Promoter Score: 33", rep);
        Assert.Contains("Answers: 3", rep);
        Assert.DoesNotContain(rep, l => l.Contains("Slow MDF", StringComparison.Ordinal));

        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<Storage.PartnerBotDb>();
        var program = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PartnerProgram.ProgramOptions>>().Value;
        var manager = new Actor("mgr-helena", "Helena", Role.Manager, null, new Preferences());
        var all = new DigestScope(manager, true, [], now, now.AddDays(-7), now.AddDays(-14));
        var ctx = new DigestContext(db, all, sp.GetRequiredService<Localizer>(), program, await DigestData.LoadAsync(db, program, null, now, CancellationToken.None));
        var lines = DigestSectionTests.Lines(await section.BuildAsync(ctx, CancellationToken.None));
        Assert.Contains("Net Promoter Score: 0", lines);
        Assert.Contains("Answers: 5", lines);
        Assert.Contains("Borealis Resale GmbH · 6 · 22 Nov 2026: Slow MDF approvals", lines);
        Assert.DoesNotContain(lines, l => l.Contains("Great deal desk", StringComparison.Ordinal));
    }

    private static SurveyAnswer Answer(string person, string org, int score, string? comment, DateTimeOffset at) => new()
    {
        PersonId = person, OrganisationId = org, Round = 1, Score = score, Comment = comment, AnsweredAt = at,
    };
}
