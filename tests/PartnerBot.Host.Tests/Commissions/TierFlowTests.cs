using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Commissions;
using PartnerBot.Host.Tests.Deals;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Commissions;

public sealed class TierFlowTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private Task RunJobAsync() => _host.Services.GetRequiredService<CommissionJob>().RunOnceAsync(CancellationToken.None);

    private Task SetAsync(string org, Action<People.PartnerOrganisation> change) => _host.WithDbAsync(async db =>
    {
        change(await db.PartnerOrganisations.SingleAsync(o => o.Id == org));
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task Tier_ShowsEachCriterion_AndWhatIsMissing()
    {
        var text = DealTestKit.Read((await _host.Chat("acme-jane").SayAsync("tier"))[^1]);
        Assert.Contains("Acme Integrations Ltd: Gold", text);
        Assert.Contains("Next tier: Platinum", text);
        Assert.Contains("Partner-sourced revenue, last 12 months ✗ 310,000.00 USD / 500,000.00 USD", text);
        Assert.Contains("Sales-certified reps ✓ 5 / 3", text);
        Assert.Contains("To reach Platinum: 190,000.00 USD more partner-sourced revenue in 12 months, a dedicated practice, an executive sponsor.", text);
        Assert.Contains("Recertification", text);
    }

    [Fact]
    public async Task DemoProgram_StartsWithEveryPartnerAtItsTier()
    {
        await RunJobAsync();
        Assert.Empty(await _host.WithDbAsync(db => db.PartnerOrganisations.Where(o => o.TierGraceUntil != null).Select(o => o.Id).ToListAsync()));
    }

    [Fact]
    public async Task FallingBelow_Warns_ThenDowngradesAfterGrace_PartnerAndRepTold()
    {
        await SetAsync("acme", o => o.AnnualRevenue = 150_000);
        await RunJobAsync();
        var org = await _host.WithDbAsync(db => db.PartnerOrganisations.AsNoTracking().SingleAsync(o => o.Id == "acme"));
        Assert.Equal(("Gold", TestHost.DefaultNow.AddDays(90)), (org.Tier, org.TierGraceUntil!.Value));
        Assert.Contains("Below Gold's criteria: 50,000.00 USD more partner-sourced revenue in 12 months. You keep Gold until 21 Feb 2027",
            DealTestKit.Read((await _host.Chat("acme-jane").SayAsync("tier"))[^1]));

        _host.Clock.Advance(TimeSpan.FromDays(89));
        await RunJobAsync();
        Assert.Equal("Gold", await _host.WithDbAsync(db => db.PartnerOrganisations.Where(o => o.Id == "acme").Select(o => o.Tier).SingleAsync()));
        _host.Clock.Advance(TimeSpan.FromDays(1));
        await RunJobAsync();
        Assert.Equal("Silver", await _host.WithDbAsync(db => db.PartnerOrganisations.Where(o => o.Id == "acme").Select(o => o.Tier).SingleAsync()));

        await _host.DeliverOutboxAsync();
        var jane = DealTestKit.ReadAll(await _host.Chat("acme-jane").ReadAsync());
        Assert.Contains("Acme Integrations Ltd is below Gold's criteria: 50,000.00 USD more partner-sourced revenue in 12 months.", jane);
        Assert.Contains("Acme Integrations Ltd moves from Gold to Silver", jane);
        Assert.Contains("Acme Integrations Ltd moves from Gold to Silver", DealTestKit.ReadAll(await _host.Chat("rep-maya").ReadAsync()));
        Assert.DoesNotContain("Acme", DealTestKit.ReadAll(await _host.Chat("borealis-lena").ReadAsync()));
        var audit = await _host.WithDbAsync(db => db.AuditLog.Where(a => a.EntityId == "acme" && a.Changes.Contains("\"Tier\"")).ToListAsync());
        Assert.Contains(audit, a => a.Changes.Contains("\"from\":\"Gold\",\"to\":\"Silver\"") && a.ActorId == "system");
    }

    [Fact]
    public async Task Upgrade_IsAtOnce_AndChangesTheRateOnlyForLaterDeals()
    {
        var chat = _host.Chat("borealis-lena");
        await DealTestKit.RegisterAsync(chat, DealTestKit.Form("Edelweiss Hotels"));
        await DealTestKit.RegisterAsync(chat, DealTestKit.Form("Fjord Shipping"));
        var ids = await _host.WithDbAsync(db => db.DealRegistrations.Where(d => d.PartnerOrganisationId == "borealis" && d.RegisteredAt == TestHost.DefaultNow).OrderBy(d => d.CompanyName).Select(d => d.Id).ToListAsync());

        // Borealis (Silver reseller, 22.5%) gains what Gold asks for except revenue; a 130,000 win brings revenue past 200,000.
        await SetAsync("borealis", o => { o.TechnicalCertifications = 1; o.CustomerReferences = 2; });
        var maya = _host.Chat("rep-maya");
        var form = await maya.SayAsync($"close {ids[0]}");
        await DealTestKit.SubmitAsync(maya, form[^1], new Dictionary<string, string> { ["outcome"] = "won", ["contractValue"] = "130000", ["source"] = "PartnerSourced" });
        Assert.Equal("Gold", await _host.WithDbAsync(db => db.PartnerOrganisations.Where(o => o.Id == "borealis").Select(o => o.Tier).SingleAsync()));

        form = await maya.SayAsync($"close {ids[1]}");
        await DealTestKit.SubmitAsync(maya, form[^1], new Dictionary<string, string> { ["outcome"] = "won", ["contractValue"] = "10000", ["source"] = "PartnerSourced" });
        var lines = await _host.WithDbAsync(db => db.CommissionLines.OrderBy(l => l.CompanyName).ToListAsync());
        Assert.Equal(("Silver", 20_475m), (lines[0].Tier, lines[0].Amount)); // won before the upgrade: 130,000 × 22.5% × 70%
        Assert.Equal(("Gold", 1_750m), (lines[1].Tier, lines[1].Amount));    // after: 10,000 × 25% × 70%

        await _host.DeliverOutboxAsync();
        Assert.Contains("Congratulations: Borealis Resale GmbH moves up from Silver to Gold", DealTestKit.ReadAll(await chat.ReadAsync()));
    }

    [Fact]
    public async Task RecordingACertification_ReviewsTheTierInTheSameTurn()
    {
        // Borealis has Gold's revenue and references but no technical certification yet: Silver.
        await SetAsync("borealis", o => { o.AnnualRevenue = 250_000; o.CustomerReferences = 2; o.TechnicalCertifications = 0; });
        await RunJobAsync();
        Assert.Equal("Silver", await _host.WithDbAsync(db => db.PartnerOrganisations.Where(o => o.Id == "borealis").Select(o => o.Tier).SingleAsync()));

        await _host.Chat("rep-maya").SayAsync("certify borealis-lena technical-certification");

        Assert.Equal("Gold", await _host.WithDbAsync(db => db.PartnerOrganisations.Where(o => o.Id == "borealis").Select(o => o.Tier).SingleAsync()));
        await _host.DeliverOutboxAsync();
        Assert.Contains("Congratulations: Borealis Resale GmbH moves up from Silver to Gold", DealTestKit.ReadAll(await _host.Chat("borealis-lena").ReadAsync()));
    }
}
