using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Deals;
using PartnerBot.Digests;
using PartnerBot.Host.Tests.Digests;
using PartnerBot.Leads;
using PartnerBot.People;
using PartnerBot.Testing;
using static PartnerBot.Host.Tests.Deals.DealTestKit;

namespace PartnerBot.Host.Tests.Leads;

/// <summary>
/// Acceptance and conversion, worked out by hand. Now is Monday 23 Nov 2026 09:00 UTC; the digest's period is the 7
/// days before (16 Nov 09:00 to 23 Nov 09:00 UTC). Offers are answered at noon UTC.
/// <list type="bullet">
/// <item>D1: Acme accepted on 20 Nov; its registration closed won on 22 Nov 23:30 UTC (already 23 Nov in Warsaw and
/// Kiritimati, still 22 Nov in Los Angeles): converted.</item>
/// <item>D2 (Maya's): Acme declined 18 Nov, Borealis let it expire 21 Nov, Wisła declined 22 Nov: unplaced.</item>
/// <item>D3: Borealis accepted 19 Nov; its registration closed lost: not converted.</item>
/// <item>D4: Acme let it expire 10 Nov (before the period); Borealis has it now, due 24 Nov.</item>
/// <item>D5: Kedai (Arjun's) accepted 20 Nov; won 21 Nov: converted.</item>
/// <item>D6: Acme accepted 21 Nov; won 22 Nov: converted.</item>
/// <item>D7: Acme declined 18 Nov, Wisła accepted 21 Nov; won 22 Nov: converted for Wisła (Acme only declined it).</item>
/// <item>D8: Acme accepted 22 Nov; won at 09:30 UTC today, half an hour after now: not converted yet.</item>
/// </list>
/// Digest, Maya's partners in the period: Acme 3 of 5 accepted (60%), 2 declined, 2 of 3 converted (67%); Borealis 1 of
/// 2 (50%), 1 expired, 0 converted; Wisła 1 of 2 (50%), 1 declined, 1 of 1 converted (100%). 9 ended: 5 accepted, 3
/// declined, 1 expired, acceptance 56% (55.56); 3 of 5 converted, 60%.
/// All time, Maya: Acme 6 offered, 3 of 6 ended accepted (50%), 2 declined, 1 expired, 2 converted (67%); Borealis 3
/// offered, 1 of 2 (50%), 1 expired, 1 waiting, 0 converted; Wisła 2 offered, 1 of 2 (50%), 1 declined, 1 converted
/// (100%). Together 5 of 10 (50%), 3 converted (60%); an hour later D8 counts: Acme 3 (100%), together 4 (80%).
/// Helena sees Kedai too: 6 of 11 (55%, 54.55 rounded), 4 of 6 converted (67%).
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
            DealRegistrationId = state == LeadState.Accepted ? "DR-L" + id : null,
            Offers = offers.Select((o, i) => new LeadOffer
            {
                LeadId = id, Round = i + 1, PartnerOrganisationId = o.Org, Outcome = o.Outcome, OfferedAt = Nov(o.Day).AddDays(-1),
                DueAt = Nov(o.Day).AddDays(1), AnsweredAt = o.Outcome == OfferOutcome.Pending ? null : Nov(o.Day),
            }).ToList(),
        };
        DealRegistration Deal(string lead, string org, DealStatus status, DateTimeOffset closed) => new()
        {
            Id = "DR-L" + lead, PartnerOrganisationId = org, RegisteredByPersonId = org switch { "acme" => "acme-jane", "borealis" => "borealis-lena", "kedai" => "kedai-aisyah", _ => "wisla-piotr" }, CompanyName = "Company " + lead,
            NormalizedName = "company " + lead.ToLowerInvariant(), Status = status, RegisteredAt = Nov(19), UpdatedAt = closed, ClosedAt = closed,
            CloseDate = DateOnly.FromDateTime(closed.UtcDateTime),
        };
        db.Leads.AddRange(
            Make("D1", LeadState.Accepted, "rep-maya", ("acme", OfferOutcome.Accepted, 20)),
            Make("D2", LeadState.Unplaced, "rep-maya", ("acme", OfferOutcome.Declined, 18), ("borealis", OfferOutcome.Expired, 21), ("wisla", OfferOutcome.Declined, 22)),
            Make("D3", LeadState.Accepted, null, ("borealis", OfferOutcome.Accepted, 19)),
            Make("D4", LeadState.Offered, null, ("acme", OfferOutcome.Expired, 10), ("borealis", OfferOutcome.Pending, 23)),
            Make("D5", LeadState.Accepted, "rep-arjun", ("kedai", OfferOutcome.Accepted, 20)),
            Make("D6", LeadState.Accepted, "rep-maya", ("acme", OfferOutcome.Accepted, 21)),
            Make("D7", LeadState.Accepted, "rep-maya", ("acme", OfferOutcome.Declined, 18), ("wisla", OfferOutcome.Accepted, 21)),
            Make("D8", LeadState.Accepted, "rep-maya", ("acme", OfferOutcome.Accepted, 22)));
        db.DealRegistrations.AddRange(
            Deal("D1", "acme", DealStatus.ClosedWon, new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.Zero)),
            Deal("D3", "borealis", DealStatus.ClosedLost, Nov(22)),
            Deal("D5", "kedai", DealStatus.ClosedWon, Nov(21)),
            Deal("D6", "acme", DealStatus.ClosedWon, Nov(22)),
            Deal("D7", "wisla", DealStatus.ClosedWon, Nov(22)),
            Deal("D8", "acme", DealStatus.ClosedWon, Now.AddMinutes(30)));
        return db.SaveChangesAsync();
    });

    private async Task<DigestSection?> BuildAsync(string language, string timeZone = "Europe/Warsaw")
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var (section, ctx) = await DigestSectionTests.ContextAsync<LeadsDigestSection>(scope, ["acme", "borealis", "wisla"], Now,
            new Preferences { Language = language, TimeZone = timeZone });
        return await section.BuildAsync(ctx, CancellationToken.None);
    }

    [Fact]
    public async Task DigestSection_CountsTheOffersThatEndedInThePeriod_AndTheirConversion_ForTheScopesPartners()
    {
        await SeedAsync();
        List<string> english =
        [
            "# Lead distribution",
            "9 lead offers ended in this period: 5 accepted, 3 declined, 1 not answered in time. Acceptance 56%. Converted to a won deal: 3 (60% of accepted).",
            "Acme Integrations Ltd: 3 of 5 accepted (60%) · 2 declined · 0 not answered · 2 converted (67% of accepted)",
            "Borealis Resale GmbH: 1 of 2 accepted (50%) · 0 declined · 1 not answered · 0 converted (0% of accepted)",
            "Wisła Systemy Sp. z o.o.: 1 of 2 accepted (50%) · 1 declined · 0 not answered · 1 converted (100% of accepted)",
            "Leads no partner took in this period: 1.",
        ];
        Assert.Equal(english, DigestSectionTests.Lines(await BuildAsync("en")));
        // The same figures for a reader on either side of the date line.
        foreach (var zone in new[] { "Pacific/Kiritimati", "America/Los_Angeles", "Asia/Kuala_Lumpur" })
            Assert.Equal(english, DigestSectionTests.Lines(await BuildAsync("en", zone)));
        var polish = DigestSectionTests.Lines(await BuildAsync("pl"));
        Assert.Equal("# Przydział leadów", polish[0]);
        Assert.Contains("Wisła Systemy Sp. z o.o.: przyjęto 1 z 2 (50%) · odrzucono 1 · bez odpowiedzi 0 · zamienione w wygraną transakcję: 1 (100% przyjętych)", polish);
        Assert.Contains("Zamienione w wygraną transakcję: 3 (60% przyjętych).", polish[1]);
        var malay = DigestSectionTests.Lines(await BuildAsync("ms"));
        Assert.Contains("Acme Integrations Ltd: 3 daripada 5 diterima (60%) · 2 ditolak · 0 tidak dijawab · 2 menjadi urusan dimenangi (67% daripada yang diterima)", malay);
        var chinese = DigestSectionTests.Lines(await BuildAsync("zh-Hans", "Asia/Shanghai"));
        Assert.Contains("Acme Integrations Ltd: 5 次中接受 3 次（60%）· 拒绝 2 · 未答复 0 · 转化为赢单 2 次（占已接受的 67%）", chinese);
        Assert.EndsWith("转化为赢单 3 次（占已接受的 60%）。", chinese[1]);
    }

    [Fact]
    public async Task DigestSection_SaysNothing_WhenNoOfferEndedInThePeriod() =>
        Assert.Null(await BuildAsync("en"));

    [Fact]
    public async Task LeadsCommand_ShowsStaffTheAcceptanceAndConversionOfTheirPartners_AllTime()
    {
        await SeedAsync();
        var maya = ReadAll(await _host.Chat("rep-maya").SayAsync("leads"));
        Assert.Contains("Lead acceptance of the partners you can see (3)", maya);
        Assert.Contains("Acme Integrations Ltd 6 offered · 3 of 6 ended offers accepted (50%) · 2 declined · 1 not answered · 0 waiting · 2 converted to a won deal (67% of accepted)", maya);
        Assert.Contains("Borealis Resale GmbH 3 offered · 1 of 2 ended offers accepted (50%) · 0 declined · 1 not answered · 1 waiting · 0 converted to a won deal (0% of accepted)", maya);
        Assert.Contains("Wisła Systemy Sp. z o.o. 2 offered · 1 of 2 ended offers accepted (50%) · 1 declined · 0 not answered · 0 waiting · 1 converted to a won deal (100% of accepted)", maya);
        Assert.Contains("Together: 5 of 10 ended offers accepted (50%); 3 converted to a won deal (60% of accepted).", maya);
        Assert.Contains("Leads no partner took: 1.", maya);
        Assert.DoesNotContain("Kedai", maya);

        // The same figures whatever Maya's time zone; in Polish, her words.
        await _host.WithDbAsync(async db =>
        {
            var person = await db.People.SingleAsync(p => p.Id == "rep-maya");
            person.Preferences.TimeZone = "Pacific/Kiritimati";
            person.Preferences.Language = "pl";
            return await db.SaveChangesAsync();
        });
        var polish = ReadAll(await _host.Chat("rep-maya").SayAsync("leady"));
        Assert.Contains("Acme Integrations Ltd zaoferowano 6 · przyjęto 3 z 6 zakończonych ofert (50%) · odrzucono 2 · bez odpowiedzi 1 · oczekuje 0 · zamienione w wygraną transakcję: 2 (67% przyjętych)", polish);
        Assert.Contains("Razem: przyjęto 5 z 10 zakończonych ofert (50%); zamienione w wygraną transakcję: 3 (60% przyjętych).", polish);

        var helena = ReadAll(await _host.Chat("mgr-helena").SayAsync("lead acceptance"));
        Assert.Contains("Together: 6 of 11 ended offers accepted (55%); 4 converted to a won deal (67% of accepted).", helena);
        Assert.Contains("Kedai Awan Sdn Bhd 1 offered · 1 of 1 ended offers accepted (100%) · 0 declined · 0 not answered · 0 waiting · 1 converted to a won deal (100% of accepted)", helena);

        var arjun = ReadAll(await _host.Chat("rep-arjun").SayAsync("leads"));
        Assert.Contains("Together: 1 of 1 ended offers accepted (100%); 1 converted to a won deal (100% of accepted).", arjun);
        Assert.DoesNotContain("Acme", arjun);
        Assert.DoesNotContain("no partner took", arjun);

        // An hour later D8's win (09:30 UTC) has happened: Acme's three accepted leads are all won.
        _host.Clock.Advance(TimeSpan.FromHours(1));
        var later = ReadAll(await _host.Chat("mgr-helena").SayAsync("leads"));
        Assert.Contains("Acme Integrations Ltd 6 offered · 3 of 6 ended offers accepted (50%) · 2 declined · 1 not answered · 0 waiting · 3 converted to a won deal (100% of accepted)", later);
        Assert.Contains("Together: 6 of 11 ended offers accepted (55%); 5 converted to a won deal (83% of accepted).", later);

        // A partner sees its own offers only, whatever happened to the lead elsewhere.
        var jane = ReadAll(await _host.Chat("acme-jane").SayAsync("leads"));
        Assert.Contains("Leads offered to your organisation (6)", jane);
        Assert.Contains("Company D2 (D2) declined", jane);
        Assert.DoesNotContain("Company D3", jane);
        Assert.DoesNotContain("Borealis", jane);
        Assert.DoesNotContain("Wisła", jane);
        Assert.DoesNotContain("converted", jane);
    }
}
