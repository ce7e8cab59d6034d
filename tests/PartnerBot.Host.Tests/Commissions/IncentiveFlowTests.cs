using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Commissions;
using PartnerBot.Host.Tests.Deals;
using PartnerBot.Host.Tests.Digests;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Commissions;

/// <summary>
/// Issue 17 point 4 through the web chat: SPIFs, registration and certification incentives, quarterly rebates and activity points,
/// recorded by the commission job, explained line by line in the partner's statement in their language, never paid
/// twice, never shown to another partner, and counted in the digest. Program: <see cref="IncentiveProgram"/>.
/// </summary>
public sealed class IncentiveFlowTests : IDisposable
{
    private readonly TestHost _host = new(settings: IncentiveProgram.Settings());

    public void Dispose() => _host.Dispose();

    private Task<string> RegisterApprovedAsync(string person, string company, string product = "") =>
        DealTestKit.RegisterApprovedAsync(_host, person, company, product);

    private Task CloseWonAsync(string rep, string dealId, string contract) => DealTestKit.CloseWonAsync(_host, rep, dealId, contract);

    private Task<List<(CommissionLineKind Kind, string Source, decimal Amount)>> IncentiveLinesAsync() => _host.WithDbAsync(async db =>
        (await db.CommissionLines.Where(l => l.Kind != CommissionLineKind.Commission).ToListAsync())
        .Select(l => (l.Kind, l.SourceEventId, l.Amount)).OrderBy(l => l.Kind).ThenBy(l => l.SourceEventId, StringComparer.Ordinal).ToList());

    [Fact]
    public async Task Statement_ExplainsEveryIncentive_RebateTopsUpOnce_JobTwiceOrConcurrentlyPaysNothingMore()
    {
        var northwind = await RegisterApprovedAsync("acme-jane", "Northwind Brewing", "Analytics");
        await CloseWonAsync("rep-maya", northwind, "60000");
        // Maya records Jane's new technical certification; Tom's sales certification is a renewal (first earned 400 days ago).
        var maya = _host.Chat("rep-maya");
        Assert.Contains("Recorded: Jane Porter passed", DealTestKit.Read((await maya.SayAsync("certify acme-jane technical-certification"))[^1]));
        Assert.Contains("Recorded: Tom Whitaker passed", DealTestKit.Read((await maya.SayAsync("certify acme-tom sales-certification"))[^1]));

        await _host.RunCommissionJobAsync();
        Assert.Equal(
        [
            (CommissionLineKind.Spif, northwind, 500m),                           // Analytics, 60,000 ≥ 10,000
            (CommissionLineKind.Registration, northwind, 50m),
            (CommissionLineKind.Certification, "acme-jane:technical-certification", 100m),
            (CommissionLineKind.Rebate, "acme:2026-Q4:T1", 600m),                 // 60,000 ≥ 50,000: 1%
        ], await IncentiveLinesAsync());

        var jane = _host.Chat("acme-jane");
        var statement = DealTestKit.Read((await jane.SayAsync("commission"))[^1]);
        Assert.Contains($"{northwind} · Northwind Brewing 10,500.00 USD · Pending", statement); // the deal's commission, as before: 25% × 70%
        Assert.Contains("Incentives", statement);
        Assert.Contains($"SPIF \"Q4 Analytics push\" · {northwind} · Northwind Brewing, for Jane Porter " +
                        "a win of 60,000.00 USD on 23 Nov 2026, at least 10,000.00 USD → 500.00 USD · Pending · payable from 23 Dec 2026", statement);
        Assert.Contains($"Registration {northwind} · Northwind Brewing, by Jane Porter " +
                        "approved on 23 Nov 2026 → 50.00 USD per approved registration · Pending · payable from 23 Dec 2026", statement);
        Assert.Contains("Certification \"Certified Connect Implementation Engineer exam\", Jane Porter " +
                        "earned on 23 Nov 2026 → 100.00 USD per certification, once a person · Pending", statement);
        Assert.Contains("Volume rebate, Q4 2026 partner-sourced revenue 60,000.00 USD reached 50,000.00 USD → 60,000.00 USD × 1% = 600.00 USD · Pending", statement);
        Assert.DoesNotContain("Tom Whitaker", statement);
        // Commission 10,500 + incentives 500 + 50 + 100 + 600.
        Assert.Contains("Pending 11,750.00 USD", statement);

        // The same events again, and two runs at once: nothing more.
        await _host.RunCommissionJobAsync();
        await Task.WhenAll(_host.RunCommissionJobAsync(), _host.RunCommissionJobAsync());
        Assert.Equal(4, (await IncentiveLinesAsync()).Count);

        // A second win passes 100,000: the rebate becomes 2% of 110,000 = 2,200, of which 600 was credited. No SPIF: no product.
        var contoso = await RegisterApprovedAsync("acme-jane", "Contoso Pharmacy");
        await CloseWonAsync("rep-maya", contoso, "50000");
        await Task.WhenAll(_host.RunCommissionJobAsync(), _host.RunCommissionJobAsync());
        await _host.RunCommissionJobAsync();
        var lines = await IncentiveLinesAsync();
        Assert.Equal(6, lines.Count);
        Assert.Contains((CommissionLineKind.Registration, contoso, 50m), lines);
        Assert.Contains((CommissionLineKind.Rebate, "acme:2026-Q4:T2", 1_600m), lines);
        Assert.DoesNotContain(lines, l => l.Kind == CommissionLineKind.Spif && l.Source == contoso);
        Assert.Contains("Volume rebate, Q4 2026 partner-sourced revenue 110,000.00 USD reached 100,000.00 USD → 110,000.00 USD × 2% = 2,200.00 USD, " +
                        "less 600.00 USD already credited = 1,600.00 USD · Pending", DealTestKit.Read((await jane.SayAsync("commission"))[^1]));

        // After the quarter, the settlement finds nothing more owed: 2% of 110,000 is what was credited.
        _host.Clock.Advance(TimeSpan.FromDays(40));
        await _host.RunCommissionJobAsync();
        Assert.Equal(6, (await IncentiveLinesAsync()).Count);

        // Every incentive line is in the audit log, as commission lines are.
        var audited = await _host.WithDbAsync(db => db.AuditLog.CountAsync(a => a.EntityType == nameof(CommissionLine) && a.EntityId.StartsWith("IN-") && a.Action == "Added"));
        Assert.Equal(6, audited);
    }

    [Fact]
    public async Task EachPartner_SeesOnlyItsOwn_InItsLanguage()
    {
        var acme = await RegisterApprovedAsync("acme-jane", "Northwind Brewing", "Analytics");
        var kedai = await RegisterApprovedAsync("kedai-aisyah", "Syarikat Awan Biru");
        var wisla = await RegisterApprovedAsync("wisla-piotr", "Browar Mazowsze");
        await _host.Chat("rep-arjun").SayAsync("certify kedai-aisyah technical-certification");
        await _host.RunCommissionJobAsync();

        var malay = DealTestKit.Read((await _host.Chat("kedai-aisyah").SayAsync("komisen"))[^1]);
        Assert.Contains($"Pendaftaran {kedai} · Syarikat Awan Biru, oleh Nur Aisyah Rahman", malay);
        Assert.Contains("bagi setiap pendaftaran yang diluluskan", malay);
        Assert.DoesNotContain(acme, malay);
        Assert.DoesNotContain(wisla, malay);

        var polish = DealTestKit.Read((await _host.Chat("wisla-piotr").SayAsync("prowizja"))[^1]);
        Assert.Contains($"Rejestracja {wisla} · Browar Mazowsze, zgłasza: Piotr Nowak", polish);
        Assert.Contains("za każdą zatwierdzoną rejestrację", polish);
        Assert.DoesNotContain("Syarikat", polish);
        Assert.DoesNotContain("Northwind", polish);

        var english = DealTestKit.Read((await _host.Chat("acme-jane").SayAsync("commission"))[^1]);
        Assert.DoesNotContain("Syarikat", english);
        Assert.DoesNotContain("Browar", english);
        // Staff see a partner's incentives only for partners they may see.
        Assert.Contains("I can't find a partner \"kedai\"", DealTestKit.Read((await _host.Chat("rep-maya").SayAsync("commission kedai"))[^1]));
        Assert.Contains($"Registration {kedai} · Syarikat Awan Biru, by Nur Aisyah Rahman", DealTestKit.Read((await _host.Chat("rep-arjun").SayAsync("commission kedai"))[^1]));
    }

    [Fact]
    public async Task Payout_CountsDealsAsDeals_AndNamesIncentivesApart()
    {
        var northwind = await RegisterApprovedAsync("acme-jane", "Northwind Brewing", "Analytics");
        await CloseWonAsync("rep-maya", northwind, "60000");
        await _host.Chat("rep-maya").SayAsync("certify acme-jane technical-certification");
        await _host.RunCommissionJobAsync();
        _host.Clock.Advance(TimeSpan.FromDays(30));
        await _host.RunCommissionJobAsync();

        // One deal's commission (10,500) and four incentive lines: SPIF 500, registration 50, certification 100, rebate 600.
        var maya = _host.Chat("rep-maya");
        var form = await maya.SayAsync("payout acme");
        Assert.Contains("5 lines are payable: 11,750.00 USD.", DealTestKit.Read(form[^1]));
        var paid = await DealTestKit.SubmitAsync(maya, form[^1], new Dictionary<string, string> { ["amount"] = "11750", ["reference"] = "PO-204" });
        Assert.Equal("Recorded: 11,750.00 USD paid to Acme Integrations Ltd for 1 deals and 4 incentives. The partner has been told.",
            DealTestKit.Read(paid[^1]).Trim());

        await _host.DeliverOutboxAsync();
        Assert.Contains("Paid: 11,750.00 USD for Q4 2026 (1 deals and 4 incentives), reference PO-204.", DealTestKit.ReadAll(await _host.Chat("acme-jane").ReadAsync()));
        // The Malay partner hears it in Malay, counted the same way: no deal, one registration incentive.
        await RegisterApprovedAsync("kedai-aisyah", "Syarikat Awan Biru");
        await _host.RunCommissionJobAsync();
        _host.Clock.Advance(TimeSpan.FromDays(30));
        await _host.RunCommissionJobAsync();
        var arjun = _host.Chat("rep-arjun");
        var kedaiForm = await arjun.SayAsync("payout kedai last quarter"); // approved 23 Dec, payable 22 Jan: today is in Q1 2027
        var kedaiPaid = await DealTestKit.SubmitAsync(arjun, kedaiForm[^1], new Dictionary<string, string> { ["amount"] = "50", ["reference"] = "PO-205" });
        Assert.Contains("for 0 deals and 1 incentives", DealTestKit.Read(kedaiPaid[^1]));
        await _host.DeliverOutboxAsync();
        Assert.Contains("(0 urusan dan 1 insentif), rujukan PO-205", DealTestKit.ReadAll(await _host.Chat("kedai-aisyah").ReadAsync()));
    }

    [Fact]
    public async Task CancelledWin_ClawsBackItsSpifAndRegistration_Once_AndNeverAccruesThemAfter()
    {
        var northwind = await RegisterApprovedAsync("acme-jane", "Northwind Brewing", "Analytics");
        await CloseWonAsync("rep-maya", northwind, "60000");
        await _host.Chat("rep-maya").SayAsync("certify acme-jane technical-certification");
        await _host.RunCommissionJobAsync();

        var maya = _host.Chat("rep-maya");
        Assert.Equal("The commission on Northwind Brewing (10,500.00 USD) is clawed back, and with it the deal's incentives (550.00 USD). The partner has been told.",
            DealTestKit.Read((await maya.SayAsync($"cancel deal {northwind}"))[^1]).Trim());
        var states = await _host.WithDbAsync(async db => (await db.CommissionLines.ToListAsync())
            .ToDictionary(l => l.Kind, l => l.State));
        Assert.Equal(CommissionState.ClawedBack, states[CommissionLineKind.Commission]);
        Assert.Equal(CommissionState.ClawedBack, states[CommissionLineKind.Spif]);
        Assert.Equal(CommissionState.ClawedBack, states[CommissionLineKind.Registration]);
        // The person's certification and the quarter's rebate are not the deal's: they stand.
        Assert.Equal(CommissionState.Pending, states[CommissionLineKind.Certification]);
        Assert.Equal(CommissionState.Pending, states[CommissionLineKind.Rebate]);

        // Cancelling again takes nothing more; the job pays nothing again for the same events.
        Assert.Contains($"{northwind} has no commission to claw back.", DealTestKit.Read((await maya.SayAsync($"cancel deal {northwind}"))[^1]));
        await _host.RunCommissionJobAsync();
        Assert.Equal(4, (await IncentiveLinesAsync()).Count);

        // The statement shows them clawed back, never a negative amount; pending is what still stands (certification 100 + rebate 600).
        var statement = DealTestKit.Read((await _host.Chat("acme-jane").SayAsync("commission"))[^1]);
        Assert.Contains("Clawed back 11,050.00 USD", statement);
        Assert.Contains("Pending 700.00 USD", statement);
        Assert.Contains("a win of 60,000.00 USD on 23 Nov 2026, at least 10,000.00 USD → 500.00 USD · Clawed back · clawed back 23 Nov 2026", statement);
        Assert.DoesNotMatch(@"(?<![\p{L}\d])[-−]\s?\d", statement);
        await _host.DeliverOutboxAsync();
        Assert.Contains($"Northwind Brewing ({northwind}) was cancelled by the customer, so its commission of 10,500.00 USD and its incentives of 550.00 USD (SPIF, registration) are clawed back.",
            DealTestKit.ReadAll(await _host.Chat("acme-jane").ReadAsync()));

        // A win cancelled before the job ran never earns its SPIF or registration incentive at all.
        var contoso = await RegisterApprovedAsync("acme-jane", "Contoso Analytics", "Analytics");
        await CloseWonAsync("rep-maya", contoso, "20000");
        Assert.Contains("The commission on Contoso Analytics (3,500.00 USD) is clawed back. The partner has been told.",
            DealTestKit.Read((await maya.SayAsync($"cancel deal {contoso}"))[^1]));
        await _host.RunCommissionJobAsync();
        Assert.DoesNotContain(await IncentiveLinesAsync(), l => l.Source == contoso);
    }

    [Fact]
    public async Task Points_RecordedInChatAndByImport_PaidOnceEach_ExplainedAndSeenByTheirOwnPartnerOnly()
    {
        var maya = _host.Chat("rep-maya");
        Assert.Equal("Recorded: Jane Porter (Acme Integrations Ltd), webinar \"Q4 launch webinar\" on 23 Nov 2026. It earns 10 points (20.00 USD), " +
                     "on the organisation's statement after the commission job's next run.",
            DealTestKit.Read((await maya.SayAsync("points acme-jane webinar Q4 launch webinar"))[^1]).Trim());
        // The same activity again (any case): recorded once, paid once.
        Assert.Contains("Jane Porter already has webinar \"Q4 launch webinar\" recorded on 23 Nov 2026: an activity earns its points once.",
            DealTestKit.Read((await maya.SayAsync("points ACME-JANE Webinar Q4 launch webinar"))[^1]));
        Assert.Contains("It earns 25 points (50.00 USD)", DealTestKit.Read((await maya.SayAsync("points acme-tom demo Northwind Brewing"))[^1]));
        // Hostile and mistaken input: a clear answer, nothing recorded.
        Assert.Contains("\"karaoke\" is not an activity that earns points. Activities: demo, webinar.", DealTestKit.Read((await maya.SayAsync("points acme-jane karaoke"))[^1]));
        Assert.Contains("Say what it was in at most 100 characters, without markup.", DealTestKit.Read((await maya.SayAsync("points acme-jane demo <script>alert(1)</script>"))[^1]));
        Assert.Contains("I can't find a partner or a person \"kedai-aisyah\"", DealTestKit.Read((await maya.SayAsync("points kedai-aisyah webinar"))[^1]));
        // A partner cannot record points for itself: its words only show its own points.
        Assert.Contains("Activity points: Acme Integrations Ltd", DealTestKit.Read((await _host.Chat("acme-jane").SayAsync("points acme-jane demo Big demo"))[^1]));
        Assert.Equal(2, await _host.WithDbAsync(db => db.PartnerActivities.CountAsync()));

        // A webinar platform's attendance export through the import: Aisyah's webinar is new; Jane's is the one already recorded.
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var csv = "person,kind,on,reference\nkedai-aisyah,webinar,2026-11-23,Q4 launch webinar\nacme-jane,WEBINAR,2026-11-23,Q4 launch webinar\n";
            await using var source = new PartnerBot.Importing.CsvImportSource(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)));
            var report = await scope.ServiceProvider.GetRequiredService<PartnerBot.Importing.ImportRunner>().ImportAsync("activities", source, new());
            Assert.Equal((1L, 1L, 0L), (report.Added, report.Unchanged, report.Refused));
        }
        Assert.Equal(3, await _host.WithDbAsync(db => db.PartnerActivities.CountAsync()));

        await _host.RunCommissionJobAsync();
        await Task.WhenAll(_host.RunCommissionJobAsync(), _host.RunCommissionJobAsync());
        var points = (await IncentiveLinesAsync()).Where(l => l.Kind == CommissionLineKind.Points).Select(l => l.Amount).Order().ToList();
        Assert.Equal([20m, 20m, 50m], points);

        var jane = _host.Chat("acme-jane");
        var statement = DealTestKit.Read((await jane.SayAsync("commission"))[^1]);
        Assert.Contains("Points: webinar · Q4 launch webinar, Jane Porter done on 23 Nov 2026 → 10 points × 2.00 USD a point = 20.00 USD · Pending · payable from 23 Dec 2026", statement);
        Assert.Contains("Points: demo · Northwind Brewing, Tom Whitaker done on 23 Nov 2026 → 25 points × 2.00 USD a point = 50.00 USD · Pending", statement);
        Assert.Contains("Pending 70.00 USD", statement);
        Assert.DoesNotContain("Nur Aisyah", statement);

        // A partner sees its own organisation's points, whatever it names.
        var mine = DealTestKit.Read((await jane.SayAsync("points kedai"))[^1]);
        Assert.Contains("Activity points: Acme Integrations Ltd, Q4 2026", mine);
        Assert.Contains("35 points in all, worth 70.00 USD.", mine);
        Assert.Contains("Tom Whitaker 25 points (demo × 1)", mine);
        Assert.Contains("Jane Porter 10 points (webinar × 1)", mine);
        Assert.DoesNotContain("Kedai", mine);
        var malay = DealTestKit.Read((await _host.Chat("kedai-aisyah").SayAsync("mata saya"))[^1]);
        Assert.Contains("10 mata kesemuanya, bernilai 20.00 USD.", malay);
        Assert.DoesNotContain("Jane", malay);
        Assert.Contains("W Q4 2026 żadna aktywność nie dała punktów.", DealTestKit.Read((await _host.Chat("wisla-piotr").SayAsync("punkty"))[^1]));
        Assert.Contains("Q4 2026 没有获得积分的活动。", DealTestKit.Read((await _host.Chat("lotus-wei").SayAsync("我的积分"))[^1]));
        // Staff see the points of a partner they look after; Arjun does not look after Acme.
        Assert.Contains("35 points in all", DealTestKit.Read((await maya.SayAsync("points acme"))[^1]));
        Assert.Contains("I can't find a partner or a person \"acme\"", DealTestKit.Read((await _host.Chat("rep-arjun").SayAsync("points acme"))[^1]));
    }

    [Fact]
    public async Task Digest_CountsThePeriodsIncentives_ByKind_PointsAsPoints_AndTheTopPartners()
    {
        var northwind = await RegisterApprovedAsync("acme-jane", "Northwind Brewing", "Analytics");
        await CloseWonAsync("rep-maya", northwind, "60000");
        await RegisterApprovedAsync("kedai-aisyah", "Syarikat Awan Biru");
        await _host.Chat("rep-maya").SayAsync("certify acme-jane technical-certification");
        // Activity points, 2.00 USD a point: Jane's webinar 10 (20.00), Tom's demo 25 (50.00), Aisyah's webinar 10 (20.00).
        await _host.Chat("rep-maya").SayAsync("points acme-jane webinar Q4 launch");
        await _host.Chat("rep-maya").SayAsync("points acme-tom demo Northwind Brewing");
        await _host.Chat("rep-arjun").SayAsync("points kedai-aisyah webinar Q4 launch");
        await _host.RunCommissionJobAsync();

        await using var scope = _host.Services.CreateAsyncScope();
        var (section, ctx) = await DigestSectionTests.ContextAsync<IncentivesDigestSection>(scope, ["acme", "kedai", "borealis"]);
        Assert.Equal(
        [
            "# Incentives",
            "SPIFs: 500.00 USD",
            "Registration incentives: 100.00 USD",   // Northwind (Acme) 50 + Syarikat Awan Biru (Kedai) 50
            "Certification incentives: 100.00 USD",
            "Volume rebates: 600.00 USD",            // 1% of Acme's 60,000
            "Activity points: 90.00 USD",            // 20 + 50 + 20
            "Points earned: 45 points by 3 people, worth 90.00 USD", // 10 + 25 + 10
            "Acme Integrations Ltd: 1,320.00 USD",   // 500 + 50 + 100 + 600 + 20 + 50
            "Kedai Awan Sdn Bhd: 70.00 USD",         // 50 + 20
        ], DigestSectionTests.Lines(await section.BuildAsync(ctx, CancellationToken.None)));

        // Outside the scope (Borealis only): nothing earned there.
        var (alone, borealis) = await DigestSectionTests.ContextAsync<IncentivesDigestSection>(scope, ["borealis"]);
        Assert.Equal(["# Incentives", "No incentives were earned this period."], DigestSectionTests.Lines(await alone.BuildAsync(borealis, CancellationToken.None)));
    }
}
