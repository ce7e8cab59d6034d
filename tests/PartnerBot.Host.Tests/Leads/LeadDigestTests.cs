using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Digests;
using PartnerBot.Host.Tests.Digests;
using PartnerBot.Leads;
using PartnerBot.People;
using PartnerBot.Testing;
using static PartnerBot.Host.Tests.Deals.DealTestKit;

namespace PartnerBot.Host.Tests.Leads;

/// <summary>
/// Acceptance rates, worked out by hand. Now is Monday 23 Nov 2026 09:00 UTC; the digest's period is the 7 days before.
/// <list type="bullet">
/// <item>D1: Acme accepted on 20 Nov.</item>
/// <item>D2 (Maya's): Acme declined 18 Nov, Borealis let it expire 21 Nov, Wisła declined 22 Nov: unplaced.</item>
/// <item>D3: Borealis accepted 19 Nov.</item>
/// <item>D4: Acme let it expire 10 Nov (before the period); Borealis has it now, due 24 Nov.</item>
/// <item>D5: Kedai (Arjun's) accepted 20 Nov.</item>
/// </list>
/// Maya's partners in the period: Acme 1 of 2, Borealis 1 of 2, Wisła 0 of 1; 5 ended, 2 accepted, 2 declined, 1 expired: 40%.
/// All time, Maya: Acme 1 of 3 ended (1 declined, 1 expired), Borealis 1 of 2 (1 expired, 1 waiting), Wisła 0 of 1: 2 of 6, 33%.
/// Helena sees Kedai too: 3 of 7, 43% (42.86 rounded).
/// </summary>
public sealed class LeadDigestTests : IDisposable
{
    private static readonly DateTimeOffset Now = TestHost.DefaultNow;
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static DateTimeOffset Nov(int day) => new(2026, 11, day, 12, 0, 0, TimeSpan.Zero);

    private Task<int> SeedAsync() => _host.WithDbAsync(db =>
    {
        Lead Make(string id, LeadState state, string? rep, params (string Org, OfferOutcome Outcome, int Day)[] offers) => new()
        {
            Id = id, CompanyName = "Company " + id, State = state, RepId = rep, CreatedAt = Nov(1), UpdatedAt = Nov(1),
            Offers = offers.Select((o, i) => new LeadOffer
            {
                LeadId = id, Round = i + 1, PartnerOrganisationId = o.Org, Outcome = o.Outcome, OfferedAt = Nov(o.Day).AddDays(-1),
                DueAt = Nov(o.Day).AddDays(1), AnsweredAt = o.Outcome == OfferOutcome.Pending ? null : Nov(o.Day),
            }).ToList(),
        };
        db.Leads.AddRange(
            Make("D1", LeadState.Accepted, "rep-maya", ("acme", OfferOutcome.Accepted, 20)),
            Make("D2", LeadState.Unplaced, "rep-maya", ("acme", OfferOutcome.Declined, 18), ("borealis", OfferOutcome.Expired, 21), ("wisla", OfferOutcome.Declined, 22)),
            Make("D3", LeadState.Accepted, null, ("borealis", OfferOutcome.Accepted, 19)),
            Make("D4", LeadState.Offered, null, ("acme", OfferOutcome.Expired, 10), ("borealis", OfferOutcome.Pending, 23)),
            Make("D5", LeadState.Accepted, "rep-arjun", ("kedai", OfferOutcome.Accepted, 20)));
        return db.SaveChangesAsync();
    });

    private async Task<DigestSection?> BuildAsync(string language)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var (section, ctx) = await DigestSectionTests.ContextAsync<LeadsDigestSection>(scope, ["acme", "borealis", "wisla"], Now,
            new Preferences { Language = language, TimeZone = "Europe/Warsaw" });
        return await section.BuildAsync(ctx, CancellationToken.None);
    }

    [Fact]
    public async Task DigestSection_CountsTheOffersThatEndedInThePeriod_ForTheScopesPartners()
    {
        await SeedAsync();
        Assert.Equal(
        [
            "# Lead distribution",
            "5 lead offers ended in this period: 2 accepted, 2 declined, 1 not answered in time. Acceptance 40%.",
            "Acme Integrations Ltd: 1 of 2 accepted (50%)",
            "Borealis Resale GmbH: 1 of 2 accepted (50%)",
            "Wisła Systemy Sp. z o.o.: 0 of 1 accepted (0%)",
            "Leads no partner took in this period: 1.",
        ], DigestSectionTests.Lines(await BuildAsync("en")));
        var polish = DigestSectionTests.Lines(await BuildAsync("pl"));
        Assert.Equal("# Przydział leadów", polish[0]);
        Assert.Contains("Wisła Systemy Sp. z o.o.: przyjęto 0 z 1 (0%)", polish);
    }

    [Fact]
    public async Task DigestSection_SaysNothing_WhenNoOfferEndedInThePeriod() =>
        Assert.Null(await BuildAsync("en"));

    [Fact]
    public async Task LeadsCommand_ShowsStaffTheAcceptanceOfTheirPartners_AllTime()
    {
        await SeedAsync();
        var maya = ReadAll(await _host.Chat("rep-maya").SayAsync("leads"));
        Assert.Contains("Lead acceptance of the partners you can see (3)", maya);
        Assert.Contains("Acme Integrations Ltd 1 of 3 ended offers accepted (33%) · 1 declined · 1 not answered · 0 waiting", maya);
        Assert.Contains("Borealis Resale GmbH 1 of 2 ended offers accepted (50%) · 0 declined · 1 not answered · 1 waiting", maya);
        Assert.Contains("Wisła Systemy Sp. z o.o. 0 of 1 ended offers accepted (0%) · 1 declined · 0 not answered · 0 waiting", maya);
        Assert.Contains("Together: 2 of 6 ended offers accepted (33%).", maya);
        Assert.Contains("Leads no partner took: 1.", maya);
        Assert.DoesNotContain("Kedai", maya);

        var helena = ReadAll(await _host.Chat("mgr-helena").SayAsync("lead acceptance"));
        Assert.Contains("Together: 3 of 7 ended offers accepted (43%).", helena);
        Assert.Contains("Kedai Awan Sdn Bhd 1 of 1 ended offers accepted (100%)", helena);

        var arjun = ReadAll(await _host.Chat("rep-arjun").SayAsync("leads"));
        Assert.Contains("Together: 1 of 1 ended offers accepted (100%).", arjun);
        Assert.DoesNotContain("Acme", arjun);
        Assert.DoesNotContain("no partner took", arjun);

        // A partner sees its own offers only, whatever happened to the lead elsewhere.
        var jane = ReadAll(await _host.Chat("acme-jane").SayAsync("leads"));
        Assert.Contains("Leads offered to your organisation (3)", jane);
        Assert.Contains("Company D2 (D2) declined", jane);
        Assert.DoesNotContain("Company D3", jane);
        Assert.DoesNotContain("Borealis", jane);
        Assert.DoesNotContain("Wisła", jane);
    }
}
