using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerBot.Commissions;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Digests;
using PartnerBot.Host.Tests.Deals;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;
using PartnerBot.Testing;
using PartnerBot.Tiers;

namespace PartnerBot.Host.Tests.Commissions;

/// <summary>
/// Partner-sourced revenue has one definition (Deals.PartnerSourcedRevenue); the tier, the MDF fund and the digest read
/// it and agree on the same deals. Acme (imported annual revenue 310,000 USD) wins, in the week before Monday 23 Nov 2026:
/// 48,000 USD and 20,000 EUR (= 21,600 USD) partner-sourced, 10,000 USD direct-sourced (not partner-sourced), and
/// 5,000 CHF partner-sourced in a currency with no configured rate (adds nothing rather than a wrong number). A win in
/// September gives it history, so the next MDF fund is measured, not estimated.
/// </summary>
public sealed class PartnerSourcedRevenueTests : IDisposable
{
    private static readonly DateTimeOffset Now = TestHost.DefaultNow;
    private const decimal ThisWeek = 48_000m + 20_000m * 1.08m; // 69,600
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static DateTimeOffset At(int month, int day) => new(2026, month, day, 9, 0, 0, TimeSpan.Zero);

    private Task<int> SeedAsync() => _host.WithDbAsync(db =>
    {
        db.DealRegistrations.AddRange(
            Won("DR-R0", "History Co", At(9, 15), 1_000m, "USD", DealSource.PartnerSourced),
            Won("DR-R1", "Northwind Brewing", At(11, 18), 48_000m, "USD", DealSource.PartnerSourced),
            Won("DR-R2", "Brasserie Lumière", At(11, 19), 20_000m, "EUR", DealSource.PartnerSourced),
            Won("DR-R3", "Direct Sales Co", At(11, 20), 10_000m, "USD", DealSource.DirectSourced),
            Won("DR-R4", "Zürich Uhren", At(11, 21), 5_000m, "CHF", DealSource.PartnerSourced));
        return db.SaveChangesAsync();
    });

    private static DealRegistration Won(string id, string company, DateTimeOffset closedAt, decimal value, string currency, DealSource source) => new()
    {
        Id = id, PartnerOrganisationId = "acme", RegisteredByPersonId = "acme-jane", CompanyName = company,
        NormalizedName = company.ToLowerInvariant(), Status = DealStatus.ClosedWon, Amount = value, Currency = currency,
        RegisteredAt = closedAt.AddDays(-30), UpdatedAt = closedAt, CloseDate = DateOnly.FromDateTime(closedAt.UtcDateTime),
        ClosedAt = closedAt, ContractValue = value, Source = source,
    };

    [Fact]
    public async Task Tier_MdfFund_AndDigest_AgreeOnTheSameDeals()
    {
        await SeedAsync();
        await using var scope = _host.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PartnerBotDb>();
        var program = sp.GetRequiredService<IOptions<ProgramOptions>>().Value;
        var revenue = sp.GetRequiredService<PartnerSourcedRevenue>();
        var acme = await db.PartnerOrganisations.SingleAsync(o => o.Id == "acme");

        // The owner's figure for the week.
        Assert.Equal(ThisWeek, await revenue.WonAsync(db, "acme", Now.AddDays(-7), Now, CancellationToken.None));

        // The tier: imported history + the last 12 months (the September win and this week's).
        var facts = await sp.GetRequiredService<TierService>().FactsAsync(acme, Now, (0m, 0), CancellationToken.None);
        Assert.Equal(310_000m + 1_000m + ThisWeek, facts.TrailingTwelveMonthRevenue);
        Assert.Contains("Partner-sourced revenue, last 12 months ✗ 380,600.00 USD / 500,000.00 USD",
            DealTestKit.Read((await _host.Chat("acme-jane").SayAsync("tier"))[^1]));

        // The digest, for the same week: the same 69,600.00 USD, and Acme as its top partner with it.
        var data = await DigestData.LoadAsync(db, program, ["acme"], Now, CancellationToken.None);
        var recipient = new Actor("mgr-helena", "Helena", Role.Manager, null, new Preferences());
        var ctx = new DigestContext(db, new DigestScope(recipient, false, ["acme"], Now, Now.AddDays(-7), Now.AddDays(-14)),
            sp.GetRequiredService<Localizer>(), program, data);
        var section = await sp.GetServices<IDigestSection>().OfType<RevenueDigestSection>().Single().BuildAsync(ctx, CancellationToken.None);
        var lines = section!.Blocks.OfType<FactsBlock>().SelectMany(f => f.Facts).Select(f => $"{f.Label}: {f.Value}").ToList();
        // 69,600 of 79,600 won (the CHF deal has no rate: in neither) = 87.4% → 87%.
        Assert.Contains("Partner-sourced revenue won: 69,600.00 USD, 87% of 79,600.00 USD won", lines);
        Assert.Contains("Acme Integrations Ltd: 69,600.00 USD", lines);
        // The trend's twelve weeks hold this week and September's win.
        Assert.Equal(ThisWeek + 1_000m, TrendDigestSection.Series(ctx, await ctx.RowsAsync<DealDigestRows>(CancellationToken.None)).Revenue.Sum());

        // The MDF fund for Q1 2027 is 4% (Gold) of Q4's partner-sourced revenue, measured: the same 69,600.00 USD.
        _host.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero));
        var mdf = DealTestKit.Read((await _host.Chat("acme-jane").SayAsync("mdf"))[^1]);
        Assert.Contains("4% (Gold tier) of 69,600.00 USD partner-sourced revenue last period.", mdf);
        Assert.Contains("Allocated 2,784.00 USD", mdf);
    }

    [Fact]
    public async Task AWinClosedInTheForm_CountsForTheTier_InTheProgramsCurrency()
    {
        // A win in euros closed through the form counts at the configured rate (1 EUR = 1.08 USD).
        var jane = _host.Chat("acme-jane");
        await DealTestKit.RegisterAsync(jane, DealTestKit.Form("Brasserie Lumière", amount: "20000", currency: "EUR"));
        var id = await _host.WithDbAsync(db => db.DealRegistrations.Where(d => d.CompanyName == "Brasserie Lumière").Select(d => d.Id).SingleAsync());
        var maya = _host.Chat("rep-maya");
        var form = await maya.SayAsync($"close {id}");
        await DealTestKit.SubmitAsync(maya, form[^1], new Dictionary<string, string> { ["outcome"] = "won", ["contractValue"] = "200000", ["mrr"] = "", ["source"] = "PartnerSourced" });

        // 310,000 + 200,000 EUR × 1.08 = 526,000 ≥ Platinum's 500,000; the other criteria are not met, so Gold stays.
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        var acme = await db.PartnerOrganisations.SingleAsync(o => o.Id == "acme");
        var facts = await scope.ServiceProvider.GetRequiredService<TierService>().FactsAsync(acme, _host.Clock.GetUtcNow(), (0m, 0), CancellationToken.None);
        Assert.Equal(526_000m, facts.TrailingTwelveMonthRevenue);
        Assert.Contains("Partner-sourced revenue, last 12 months ✓ 526,000.00 USD / 500,000.00 USD", DealTestKit.Read((await jane.SayAsync("tier"))[^1]));
    }
}
