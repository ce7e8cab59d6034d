using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerBot.Commissions;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Digests;
using PartnerBot.Enablement;
using PartnerBot.Localization;
using PartnerBot.Mdf;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;
using PartnerBot.Testing;
using PartnerBot.Tiers;

namespace PartnerBot.Host.Tests.Digests;

/// <summary>
/// Every digest metric on a small data set whose numbers were worked out by hand (see each expectation's comment).
/// Now is Monday 23 Nov 2026 09:00 UTC; the weekly period is 16 Nov 09:00 – 23 Nov 09:00, the previous one 9 – 16 Nov.
/// The scope is five partners of our own (the demo partners are outside it): Alder (joined 2024), Birch (30 days ago),
/// Cedar (120 days ago), Dogwood (exactly 90 days ago) and Elm (200 days ago). Rates: 1 EUR = 1.08 USD, 1 GBP = 1.27 USD.
/// </summary>
public sealed class DigestSectionTests : IDisposable
{
    private static readonly DateTimeOffset Now = TestHost.DefaultNow;
    private static readonly string[] Five = ["t-alder", "t-birch", "t-cedar", "t-dogwood", "t-elm"];
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static DateTimeOffset At(int month, int day, int hour = 9) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    private Task<int> SeedAsync() => _host.WithDbAsync(async db =>
    {
        db.PartnerOrganisations.AddRange(
            Org("t-alder", "Alder Systems", new DateOnly(2024, 1, 1)),
            Org("t-birch", "Birch Cloud", new DateOnly(2026, 10, 24)),
            Org("t-cedar", "Cedar Works", new DateOnly(2026, 7, 26)),
            Org("t-dogwood", "Dogwood IT", new DateOnly(2026, 8, 25)),
            Org("t-elm", "Elm Partners", new DateOnly(2026, 5, 7)));
        db.DealRegistrations.AddRange(
            // This period: 4 registrations, 3 with an amount.
            Deal("DR-T1", "t-alder", "Deal One", At(11, 17, 10), DealStatus.Approved, 10000m, "USD", protectedUntil: new DateOnly(2026, 11, 30)),
            Deal("DR-T2", "t-alder", "Deal Two", At(11, 18), DealStatus.Rejected, 20000m, "EUR"),
            Deal("DR-T3", "t-birch", "Deal Three", At(11, 20), DealStatus.InReview, null, "USD"),
            Deal("DR-T4", "t-birch", "Deal Four", At(11, 22, 21), DealStatus.InReview, 5000m, "GBP"),
            // The previous period: 1.
            Deal("DR-T5", "t-alder", "Deal Five", At(11, 10), DealStatus.Approved, 1000m, "USD", protectedUntil: new DateOnly(2027, 2, 8)),
            // Closed this period: two won (79 and 31 days), one lost.
            Closed(Deal("DR-T6", "t-alder", "Deal Six", At(9, 1), DealStatus.ClosedWon, 40000m, "USD"), At(11, 19), 50000m, DealSource.PartnerSourced),
            Closed(Deal("DR-T7", "t-elm", "Deal Seven", At(10, 20), DealStatus.ClosedWon, 9000m, "EUR"), At(11, 20), 10000m, DealSource.DirectSourced),
            Closed(Deal("DR-T8", "t-alder", "Deal Eight", At(8, 1), DealStatus.ClosedLost, 7000m, "USD"), At(11, 21), null, null),
            // Won before this period: only the trend counts it.
            Closed(Deal("DR-T9", "t-elm", "Deal Nine", At(6, 1), DealStatus.ClosedWon, 3000m, "USD"), At(10, 1), 3000m, DealSource.PartnerSourced),
            // Protection ends in 17 days: outside the 14-day window.
            Deal("DR-T10", "t-alder", "Deal Ten", At(8, 15), DealStatus.Approved, 2000m, "USD", protectedUntil: new DateOnly(2026, 12, 10)));
        db.MdfFunds.AddRange(
            Fund("t-birch", new DateOnly(2026, 9, 1), new DateOnly(2026, 12, 1), 5000m),
            Fund("t-cedar", new DateOnly(2026, 10, 1), new DateOnly(2027, 1, 1), 4000m));
        db.MdfPlans.AddRange(
            Plan("MP-T1", "t-birch", new DateOnly(2026, 9, 1), "Webinar", MdfPlanStatus.Submitted, At(11, 22), null, 1200m),
            Plan("MP-T2", "t-cedar", new DateOnly(2026, 10, 1), "Trade show", MdfPlanStatus.Claimed, At(11, 1), At(11, 19), 2000m));
        db.ContentOpens.AddRange(
            Open("t-alder", At(11, 18)), Open("t-alder", At(11, 19)), Open("t-cedar", At(11, 10)), Open("t-dogwood", At(11, 21)));
        db.Certifications.AddRange(
            Cert("C-T1", "t-alder", "sales-101", new DateOnly(2026, 11, 20)),
            Cert("C-T2", "t-birch", "tech-201", new DateOnly(2026, 11, 16)),
            Cert("C-T3", "t-birch", "sales-101", new DateOnly(2026, 11, 15)));
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task Deals_EveryMetric_OnTheHandCheckedSet()
    {
        await SeedAsync();
        var lines = Lines(await BuildAsync<DealsDigestSection>(Five));
        Same(
        [
            "# Deal registration",
            "Registered: 4 (previous period 1, +3)",
            // (10,000 + 20,000 × 1.08 + 5,000 × 1.27) / 3 = (10,000 + 21,600 + 6,350) / 3 = 12,650
            "Average deal value: 12,650.00 USD (of 3 with an amount)",
            // Of this period's four, T1 approved and T2 rejected are decided; T3, T4 wait.
            "Accepted: 50% (1 of 2 decided)",
            // Closed this period: T6 won, T7 won, T8 lost.
            "Closed-won: 67% (2 of 3 closed)",
            // T6: 1 Sep → 19 Nov = 79 days; T7: 20 Oct → 20 Nov = 31 days; (79 + 31) / 2 = 55.
            "Average sales cycle: 55 days, registration to close (2 won)",
            // Alder and Birch registered this period; the scope has five partners.
            "Partners registering: 40% (2 of 5 partners registered at least one deal)",
            // The average added euros and pounds: it says so, and at which rates.
            "Amounts in EUR, GBP are converted to USD at the configured rates: 1 EUR = 1.08 USD, 1 GBP = 1.27 USD.",
        ], lines);
    }

    [Fact]
    public async Task Activation_TimeToFirstDeal_AndAtRisk_Named()
    {
        await SeedAsync();
        var lines = Lines(await BuildAsync<ActivationDigestSection>(Five));
        Same(
        [
            "# Activation",
            // Birch (30 days), Cedar (120) and Dogwood (exactly 90, so not yet at risk) joined in the last 180 days; Elm (200) did not.
            "3 partners joined in the last 180 days: 1 have registered a deal, 1 are still in their first 90 days without one, 1 are past 90 days without one. Average time to a first deal: 27 days.",
            // Birch joined 24 Oct, first registration 20 Nov: 27 days.
            "Birch Cloud: first deal after 27 days (joined 24 Oct 2026)",
            "At risk — past 90 days without a deal:",
            "Cedar Works: no deal after 120 days (joined 26 Jul 2026)",
        ], lines);
    }

    [Fact]
    public async Task Decisions_WithTheirAge_PastTheSlaFirst()
    {
        await SeedAsync();
        var lines = Lines(await BuildAsync<DecisionsDigestSection>(Five));
        Same(
        [
            "# Decisions waiting",
            "4 waiting for a decision, 2 past the 48 h review target.",
            // Claimed 19 Nov 09:00: 4 days; registered 20 Nov 09:00: 3 days — both past 48 h, oldest first.
            "MDF claim \"Trade show\" — Cedar Works: waiting 4 d 0 h — past the 48 h target",
            "Registration Deal Three (DR-T3) — Birch Cloud: waiting 3 d 0 h — past the 48 h target",
            // Submitted 22 Nov 09:00: 24 hours; registered 22 Nov 21:00: 12 hours.
            "MDF plan \"Webinar\" — Birch Cloud: waiting 1 d 0 h",
            "Registration Deal Four (DR-T4) — Birch Cloud: waiting 12 h",
        ], lines);
    }

    /// <summary>An extension asked for waits for a decision too, as it does in the review queue (one rule: DealRules.AwaitsDecision).</summary>
    [Fact]
    public async Task Decisions_IncludeExtensionsAskedFor_SinceTheyWereAskedFor()
    {
        await SeedAsync();
        await _host.WithDbAsync(async db =>
        {
            var ten = await db.DealRegistrations.SingleAsync(d => d.Id == "DR-T10");
            ten.ExtensionStatus = ExtensionStatus.Pending;
            ten.ExtensionRequestedAt = At(11, 22, 3);
            return await db.SaveChangesAsync();
        });
        var lines = Lines(await BuildAsync<DecisionsDigestSection>(Five));
        Assert.Equal("5 waiting for a decision, 2 past the 48 h review target.", lines[1]);
        // Asked for 22 Nov 03:00: 30 hours before now.
        Assert.Contains("Extension for Deal Ten (DR-T10) — Alder Systems: waiting 1 d 6 h", lines);
    }

    [Fact]
    public async Task EndingSoon_Protection_AndUnspentFunds()
    {
        await SeedAsync();
        var lines = Lines(await BuildAsync<EndingSoonDigestSection>(Five));
        Same(
        [
            "# Ending soon",
            // T1 protected until 30 Nov (7 days); T10 (10 Dec, 17 days) and T5 (Feb) are outside the window.
            "1 registrations lose their protection within 14 days:",
            "Deal One (Alder Systems): protected until 30 Nov 2026 (7 days left)",
            // Birch's fund ends 1 Dec (last day 30 Nov): 5,000 − 1,200 requested = 3,800. Cedar's runs to 31 Dec.
            "1 MDF funds end soon with 3,800.00 USD unspent:",
            "Birch Cloud: 3,800.00 USD left, last day 30 Nov 2026",
        ], lines);
    }

    [Fact]
    public async Task Enablement_ShareOpened_AndCertifications()
    {
        await SeedAsync();
        var lines = Lines(await BuildAsync<EnablementDigestSection>(Five));
        Same(
        [
            "# Enablement",
            // Alder (twice) and Dogwood opened material this period; Cedar's open was the week before.
            "Opened material: 40% (2 of 5 partners)",
            // C-T1 (20 Nov) and C-T2 (16 Nov, the period's first day); C-T3 (15 Nov) is before it.
            "Certifications completed: 2, at 2 partners",
            "Birch Cloud: tech-201, 16 Nov 2026",
            "Alder Systems: sales-101, 20 Nov 2026",
        ], lines);
    }

    [Fact]
    public async Task Trend_WeeklySeries_StoresAnExpiringChart_AndTheTextStandsAlone()
    {
        await SeedAsync();
        await using var scope = _host.Services.CreateAsyncScope();
        var (section, ctx) = await ContextAsync<TrendDigestSection>(scope, Five);
        var built = await section.BuildAsync(ctx, CancellationToken.None);

        var (registrations, revenue) = TrendDigestSection.Series(ctx, await ctx.RowsAsync<DealDigestRows>(CancellationToken.None));
        // Weeks start 31 Aug 09:00: T6 (1 Sep) week 0, T7 (20 Oct) week 7, T5 (10 Nov) week 10, T1–T4 week 11.
        Assert.Equal(new[] { 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 4 }, registrations);
        // Partner-sourced wins: T9 (1 Oct, 3,000) week 4, T6 (19 Nov, 50,000) week 11; T7 was direct.
        Assert.Equal(new[] { 0m, 0m, 0m, 0m, 3000m, 0m, 0m, 0m, 0m, 0m, 0m, 50000m }, revenue);
        var lines = Lines(built);
        Assert.Equal("# Trend, last 12 weeks", lines[0]);
        Assert.Equal("7 registrations and 53,000.00 USD partner-sourced revenue; best week 4 registrations, best revenue week 50,000.00 USD. " +
            "Registrations week by week, oldest first: 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 4.", lines[1]);

        var image = Assert.IsType<ImageBlock>(built!.Blocks[^1]);
        Assert.Equal("Chart of the last 12 weeks: bars for weekly deal registrations (0 to 4 a week) and a line for weekly partner-sourced revenue (0.00 USD to 50,000.00 USD).",
            image.AltText);
        var token = Regex.Match(image.Url, "/charts/([A-Za-z0-9_-]{22})\\.png$").Groups[1].Value;
        var chart = ctx.Db.ChangeTracker.Entries<DigestChart>().Single().Entity;
        Assert.Equal(token, chart.Token);
        Assert.Equal(Now + TimeSpan.FromDays(14), chart.ExpiresAt);
        // Nothing is drawn while the digest is built; the chart keeps the numbers and the recipient's words for it.
        Assert.Null(chart.Light);
        var data = System.Text.Json.JsonSerializer.Deserialize<TrendChartData>(chart.Data)!;
        Assert.Equal(registrations, data.Registrations);
        Assert.Equal(revenue, data.Revenue);
        Assert.Equal(("Registrations", "Partner-sourced revenue (USD)"), (data.RegistrationsLabel, data.RevenueLabel));
        Assert.Equal(["31 Aug", "7 Sep"], data.WeekLabels[..2]);
        Assert.Equal(image.Url + "?theme=dark", image.DarkUrl);
    }

    [Fact]
    public async Task PartnerWithNoData_SaysSoInWords_NeverZeros()
    {
        await _host.WithDbAsync(db =>
        {
            db.PartnerOrganisations.Add(Org("t-empty", "Empty Co", new DateOnly(2020, 1, 1)));
            return db.SaveChangesAsync();
        });
        string[] one = ["t-empty"];
        Same(
        [
            "# Deal registration",
            "Registered: No deals were registered this period, nor in the one before.",
            "Average deal value: no registrations this period",
            "Accepted: no registrations this period",
            "Closed-won: no deals closed yet",
            "Average sales cycle: no deals closed yet",
            "Partners registering: 0% (0 of 1 partners registered at least one deal)",
        ], Lines(await BuildAsync<DealsDigestSection>(one)));
        Same(["# Activation", "No partners joined in the last 180 days."], Lines(await BuildAsync<ActivationDigestSection>(one)));
        Same(["# Decisions waiting", "Nothing is waiting for a decision."], Lines(await BuildAsync<DecisionsDigestSection>(one)));
        Assert.Null(await BuildAsync<EndingSoonDigestSection>(one));
        Same(["# Enablement", "Opened material: no partner opened any material this period", "Certifications completed: none this period"],
            Lines(await BuildAsync<EnablementDigestSection>(one)));
        Same(["# Trend, last 12 weeks", "No registrations and no partner-sourced revenue in the last 12 weeks."],
            Lines(await BuildAsync<TrendDigestSection>(one)));
    }

    [Fact]
    public async Task Deals_ClosedBeforeButNotThisPeriod_SaysNoneThisPeriod()
    {
        await SeedAsync();
        // Elm: T7 won 20 Nov (this period), T9 won 1 Oct. Measured a week later, nothing closed in the period.
        var lines = Lines(await BuildAsync<DealsDigestSection>(["t-elm"], Now.AddDays(7)));
        Assert.Contains("Closed-won: no deals closed this period", lines);
        Assert.Contains("Average sales cycle: no deals won this period", lines);
        Assert.Contains("Registered: No deals were registered this period, nor in the one before.", lines);
    }

    [Fact]
    public async Task LongLists_AreCut_WithAndNMore()
    {
        await _host.WithDbAsync(db =>
        {
            for (var i = 1; i <= 8; i++) db.PartnerOrganisations.Add(Org($"t-risk{i}", $"Risk {i}", new DateOnly(2026, 7, 1).AddDays(i)));
            return db.SaveChangesAsync();
        });
        var lines = Lines(await BuildAsync<ActivationDigestSection>(Enumerable.Range(1, 8).Select(i => $"t-risk{i}").ToArray()));
        // Joined 2–9 Jul: 145–138 days ago, all past 90 days without a deal. Five shown, the longest waiting first.
        Same(
        [
            "# Activation",
            "8 partners joined in the last 180 days: 0 have registered a deal, 0 are still in their first 90 days without one, 8 are past 90 days without one.",
            "At risk — past 90 days without a deal:",
            "Risk 1: no deal after 144 days (joined 2 Jul 2026)",
            "Risk 2: no deal after 143 days (joined 3 Jul 2026)",
            "Risk 3: no deal after 142 days (joined 4 Jul 2026)",
            "Risk 4: no deal after 141 days (joined 5 Jul 2026)",
            "Risk 5: no deal after 140 days (joined 6 Jul 2026)",
            "…: and 3 more — type \"digest\" to see them",
        ], lines);
    }

    [Fact]
    public async Task ManagerDigest_StaysWithinTheBlockLimit_AndRegistersEveryLandedSection()
    {
        await SeedAsync();
        // Answer quality has something to say too: one helpful answer and eight different declined questions.
        await _host.WithDbAsync(db =>
        {
            db.KnowledgeAnswers.Add(new PartnerBot.Knowledge.KnowledgeAnswer
            {
                Id = "qa-ok", AskedByPersonId = "acme-jane", Question = "how long is a registration protected?", Language = "en",
                Outcome = PartnerBot.Knowledge.AnswerOutcome.Answered, Sources = "", AnsweredAt = At(11, 20), Rating = PartnerBot.Knowledge.AnswerRating.Helpful,
            });
            string[] topics = ["weather", "lunch menu", "parking", "holidays", "stock price", "office wifi", "football", "printer"];
            db.KnowledgeAnswers.AddRange(topics.Select((t, i) => new PartnerBot.Knowledge.KnowledgeAnswer
            {
                Id = $"qa-{i}", AskedByPersonId = "acme-jane", Question = $"what about the {t}?", Language = "en",
                Outcome = PartnerBot.Knowledge.AnswerOutcome.Declined, Sources = "", AnsweredAt = At(11, 21),
            }));
            return db.SaveChangesAsync();
        });
        await using var scope = _host.Services.CreateAsyncScope();
        Assert.Equal(new[] { 10, 20, 25, 30, 33, 36, 40, 50, 55, 60, 70, 80, 85, 90 }, scope.ServiceProvider.GetServices<IDigestSection>().Select(s => s.Order).Order());
        var helena = Actor.From(await scope.ServiceProvider.GetRequiredService<PartnerBotDb>().People.SingleAsync(p => p.Id == "mgr-helena"));
        var reply = await scope.ServiceProvider.GetRequiredService<DigestBuilder>().BuildAsync(helena, Now, CancellationToken.None);
        Assert.InRange(reply.Blocks.Count, 10, DigestBuilder.MaxBlocks);
        Assert.All(reply.Blocks.OfType<FactsBlock>(), f => Assert.InRange(f.Facts.Count, 1, DigestContext.MaxListItems + 6));
        Assert.Contains(reply.Blocks, b => b is TextBlock { Text: "Answer quality" });
    }

    [Fact]
    public async Task SharedCache_ManagersWithTheSameScope_ShareTheText_ButEachGetsTheirOwnChart()
    {
        await SeedAsync();
        var shared = new DigestDataCache();
        var replies = new List<Reply>();
        foreach (var id in new[] { "mgr-a", "mgr-b" })
        {
            await using var scope = _host.Services.CreateAsyncScope();
            var manager = new Actor(id, id, Role.Manager, null, new Preferences());
            replies.Add(await scope.ServiceProvider.GetRequiredService<DigestBuilder>().BuildAsync(manager, Now, CancellationToken.None, shared));
        }
        Assert.Equal(replies[0].Blocks.OfType<TextBlock>().Select(t => t.Text), replies[1].Blocks.OfType<TextBlock>().Select(t => t.Text));
        Assert.NotEqual(replies[0].Blocks.OfType<ImageBlock>().Single().Url, replies[1].Blocks.OfType<ImageBlock>().Single().Url);
        // The same rows as one built alone.
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var alone = await scope.ServiceProvider.GetRequiredService<DigestBuilder>()
                .BuildAsync(new Actor("mgr-c", "c", Role.Manager, null, new Preferences()), Now, CancellationToken.None);
            Assert.Equal(alone.Blocks.OfType<TextBlock>().Select(t => t.Text), replies[0].Blocks.OfType<TextBlock>().Select(t => t.Text));
        }
    }

    // ---- helpers

    private static CommissionLine Line(string id, string org, decimal amount, CommissionState state) => new()
    {
        Id = $"CL-{id}", SourceEventId = id, DealId = id, PartnerOrganisationId = org, CompanyName = id, Currency = "USD", Tier = "Silver",
        Amount = amount, State = state, WonOn = new DateOnly(2026, 10, 1), PayableFrom = new DateOnly(2026, 10, 31),
    };

    [Fact]
    public async Task Revenue_PartnerSourcedShare_TopPartners_AndCommissionPayable()
    {
        await SeedAsync();
        await _host.WithDbAsync(db =>
        {
            db.CommissionLines.AddRange(
                Line("DR-P1", "t-alder", 1000m, CommissionState.Payable),
                Line("DR-P2", "t-elm", 500m, CommissionState.Payable),
                Line("DR-P3", "t-alder", 700m, CommissionState.Pending),  // not payable yet
                Line("DR-P4", "acme", 9999m, CommissionState.Payable));   // outside the scope
            return db.SaveChangesAsync();
        });
        var lines = Lines(await BuildAsync<RevenueDigestSection>(Five));
        Same(
        [
            "# Revenue",
            // Won this period: DR-T6 50,000 USD partner-sourced, DR-T7 10,000 EUR = 10,800 USD direct-sourced.
            // 50,000 / 60,800 = 82.2% → 82%.
            "Partner-sourced revenue won: 50,000.00 USD, 82% of 60,800.00 USD won",
            // 1,000 + 500 payable in scope; the pending line and Acme's are not counted.
            "Commission payable: 1,500.00 USD",
            "Alder Systems: 50,000.00 USD",
            "Amounts in EUR are converted to USD at the configured rates: 1 EUR = 1.08 USD.",
        ], lines);
    }

    [Fact]
    public async Task Tiers_UpgradesDowngradesAndGrace_InScopeAndPeriodOnly()
    {
        await SeedAsync();
        await _host.WithDbAsync(async db =>
        {
            static Audit.AuditEntry Change(string org, DateTimeOffset at, string from, string to) => new()
            {
                ActorId = "system", EntityType = "PartnerOrganisation", EntityId = org, Action = "Modified", At = at,
                Changes = $"{{\"Tier\":{{\"from\":\"{from}\",\"to\":\"{to}\"}}}}",
            };
            db.AuditLog.AddRange(
                Change("t-alder", At(11, 18), "Bronze", "Silver"),   // an upgrade this period
                Change("t-birch", At(11, 20), "Gold", "Silver"),     // a downgrade this period
                Change("t-cedar", At(11, 10), "Bronze", "Silver"),   // before the period: left out
                Change("acme", At(11, 20), "Silver", "Gold"));       // outside the scope: left out
            (await db.PartnerOrganisations.SingleAsync(o => o.Id == "t-cedar")).TierGraceUntil = Now.AddDays(10); // 3 Dec: within 14 days
            (await db.PartnerOrganisations.SingleAsync(o => o.Id == "t-elm")).TierGraceUntil = Now.AddDays(60); // 22 Jan
            return await db.SaveChangesAsync();
        });
        var lines = Lines(await BuildAsync<TiersDigestSection>(Five));
        Same(
        [
            "# Tiers",
            "Alder Systems: Bronze → Silver",
            "Birch Cloud: Gold → Silver",
            "Cedar Works: Registered until 3 Dec 2026: downgrade due within 14 days",
            "Elm Partners: Registered until 22 Jan 2027",
        ], lines);
    }

    [Fact]
    public async Task RevenueAndTiers_WithNothingToReport_SayItInWords()
    {
        await SeedAsync();
        Same(["# Tiers", "No tier changes this period, and no partner is below its tier."], Lines(await BuildAsync<TiersDigestSection>(["t-cedar"])));
        Same(["# Revenue", "Partner-sourced revenue won: No deals were won this period.", "Commission payable: Nothing is payable now."],
            Lines(await BuildAsync<RevenueDigestSection>(["t-cedar"])));
    }

    private static void Same(string[] expected, List<string> actual) => Assert.Equal(expected, actual);

    private async Task<DigestSection?> BuildAsync<T>(string[] ids, DateTimeOffset? now = null) where T : IDigestSection
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var (section, ctx) = await ContextAsync<T>(scope, ids, now);
        return await section.BuildAsync(ctx, CancellationToken.None);
    }

    /// <summary>A section of type <typeparamref name="T"/> and its context, for a rep (<paramref name="preferences"/>: their language and time zone) with <paramref name="ids"/>.</summary>
    internal static async Task<(T, DigestContext)> ContextAsync<T>(AsyncServiceScope scope, string[] ids, DateTimeOffset? at = null,
        Preferences? preferences = null) where T : IDigestSection
    {
        var sp = scope.ServiceProvider;
        var now = at ?? Now;
        var db = sp.GetRequiredService<PartnerBotDb>();
        var program = sp.GetRequiredService<IOptions<ProgramOptions>>().Value;
        var data = await DigestData.LoadAsync(db, program, ids, now, CancellationToken.None);
        var recipient = new Actor("t-rep", "Test Rep", Role.Rep, null, preferences ?? new Preferences());
        var digestScope = new DigestScope(recipient, false, ids, now, now.AddDays(-7), now.AddDays(-14));
        var ctx = new DigestContext(db, digestScope, sp.GetRequiredService<Localizer>(), program, data);
        return (sp.GetServices<IDigestSection>().OfType<T>().Single(), ctx);
    }

    /// <summary>A section as lines: "# title", text, "label: value" per fact, "[image]".</summary>
    internal static List<string> Lines(DigestSection? section)
    {
        Assert.NotNull(section);
        var lines = new List<string> { "# " + section.Title };
        foreach (var b in section.Blocks)
            switch (b)
            {
                case TextBlock t: lines.Add(t.Text); break;
                case FactsBlock f: lines.AddRange(f.Facts.Select(x => $"{x.Label}: {x.Value}")); break;
                case ImageBlock: lines.Add("[image]"); break;
            }
        return lines;
    }

    private static PartnerOrganisation Org(string id, string name, DateOnly joined) => new() { Id = id, Name = name, Tier = "Registered", JoinedOn = joined };

    private static DealRegistration Deal(string id, string org, string company, DateTimeOffset registeredAt, DealStatus status, decimal? amount,
        string currency, DateOnly? protectedUntil = null) => new()
    {
        Id = id, PartnerOrganisationId = org, RegisteredByPersonId = "acme-jane", CompanyName = company,
        NormalizedName = company.ToLowerInvariant(), Status = status, Amount = amount, Currency = currency, RegisteredAt = registeredAt,
        UpdatedAt = registeredAt, CloseDate = new DateOnly(2027, 1, 1), ProtectedUntil = protectedUntil,
    };

    private static DealRegistration Closed(DealRegistration d, DateTimeOffset closedAt, decimal? value, DealSource? source)
    {
        d.ClosedAt = closedAt;
        d.ContractValue = value;
        d.Source = source;
        return d;
    }

    private static MdfFund Fund(string org, DateOnly start, DateOnly end, decimal amount) => new()
    {
        Id = MdfFunds.FundId(org, start), OrganisationId = org, PeriodStart = start, PeriodEnd = end, Amount = amount, AmountComputed = true,
    };

    private static MdfPlan Plan(string id, string org, DateOnly fundStart, string title, MdfPlanStatus status, DateTimeOffset submitted,
        DateTimeOffset? claimed, decimal amount) => new()
    {
        Id = id, FundId = MdfFunds.FundId(org, fundStart), OrganisationId = org, SubmittedById = "acme-jane", ActivityType = "event", Title = title,
        Status = status, SubmittedAt = submitted, ClaimedAt = claimed, RequestedAmount = amount,
        ApprovedAmount = status == MdfPlanStatus.Submitted ? null : amount, ClaimedAmount = claimed is null ? null : amount,
    };

    private static ContentOpen Open(string org, DateTimeOffset at) => new() { PersonId = "acme-jane", OrganisationId = org, ContentItemId = "x", OpenedAt = at };

    private static Certification Cert(string id, string org, string course, DateOnly on) => new()
    {
        Id = id, PersonId = "acme-jane", OrganisationId = org, CourseId = course, Track = "sales", CertifiedOn = on, ExpiresOn = on.AddYears(1), Source = "rep",
    };
}
