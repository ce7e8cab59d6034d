using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Deals;
using PartnerBot.Digests;
using PartnerBot.Enablement;
using PartnerBot.Host.Tests.Digests;
using PartnerBot.Onboarding;
using PartnerBot.People;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Onboarding;

/// <summary>
/// The digest's onboarding section on six partners of our own, worked out by hand. Now is Monday 23 Nov 2026 09:00 UTC.
/// <list type="bullet">
/// <item>Ash joined 1 Sep; certified 10 Sep, opened material 12 Sep, registered 20 Sep, won 11 Oct 23:30 UTC: every step
/// done; 40 days to the first deal (1 Sep → 11 Oct; in Auckland it is already 12 Oct there, in Los Angeles still 11 Oct).</item>
/// <item>Beech joined 1 Jun, imported as sales-certified, never opened material; won 1 Oct 02:00 UTC (30 Sep in Los
/// Angeles): stage "First material opened"; 122 days (30 + 31 + 31 + 30).</item>
/// <item>Cherry joined 15 Oct, no certification, won 4 Nov 12:00: stage "Sales certification"; 20 days.</item>
/// <item>Damson joined 10 Nov with its profile only: stage "Sales certification"; no deal.</item>
/// <item>Elder joined 1 Jan 2025 without a domain, won 3 deals before PartnerBot and one here on 1 Nov: stage "Profile";
/// its first deal has no day here, so it is left out of the median.</item>
/// <item>Fig joined 20 Nov without a country: stage "Profile".</item>
/// </list>
/// Days to a first deal: 20, 40, 122: median 40; within 90 days: 20 and 40, 2 of 3.
/// </summary>
public sealed class OnboardingDigestTests : IDisposable
{
    private static readonly DateTimeOffset Now = TestHost.DefaultNow;
    private static readonly string[] Six = ["o-ash", "o-beech", "o-cherry", "o-damson", "o-elder", "o-fig"];
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static DateTimeOffset At(int month, int day, int hour = 9, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private Task<int> SeedAsync() => _host.WithDbAsync(async db =>
    {
        db.PartnerOrganisations.AddRange(
            Org("o-ash", "Ash Cloud", new DateOnly(2026, 9, 1)),
            Org("o-beech", "Beech Co", new DateOnly(2026, 6, 1), salesCertified: 2),
            Org("o-cherry", "Cherry Ltd", new DateOnly(2026, 10, 15)),
            Org("o-damson", "Damson", new DateOnly(2026, 11, 10)),
            Org("o-elder", "Elder Labs", new DateOnly(2025, 1, 1), domain: null, closedBefore: 3),
            Org("o-fig", "Fig", new DateOnly(2026, 11, 20), country: null));
        db.Certifications.Add(new Certification
        {
            Id = "C-ASH", PersonId = "acme-jane", OrganisationId = "o-ash", CourseId = "sales-certification", Track = "sales",
            CertifiedOn = new DateOnly(2026, 9, 10), ExpiresOn = new DateOnly(2028, 9, 10), Source = "rep",
        });
        // A technical certification is no sales certification: Cherry stays at that step.
        db.Certifications.Add(new Certification
        {
            Id = "C-CHERRY", PersonId = "acme-jane", OrganisationId = "o-cherry", CourseId = "technical-certification", Track = "technical",
            CertifiedOn = new DateOnly(2026, 10, 20), ExpiresOn = new DateOnly(2028, 10, 20), Source = "rep",
        });
        db.ContentOpens.Add(new ContentOpen { PersonId = "acme-jane", OrganisationId = "o-ash", ContentItemId = "x", OpenedAt = At(9, 12) });
        db.DealRegistrations.AddRange(
            Won("DR-OASH", "o-ash", At(9, 20), At(10, 11, 23, 30)),
            Won("DR-OBEECH", "o-beech", At(7, 1), At(10, 1, 2)),
            Won("DR-OCHERRY", "o-cherry", At(10, 20), At(11, 4, 12)),
            Won("DR-OELDER", "o-elder", At(10, 1), At(11, 1)));
        return await db.SaveChangesAsync();
    });

    private static readonly string[] English =
    [
        "# Onboarding",
        "Organisation profile (country and domain): 2 partners", // Elder, Fig
        "Sales certification: 2 partners", // Cherry, Damson
        "First material opened: 1 partners", // Beech
        "Every step done: 1 partners", // Ash
        "Time to first deal: median 40 days from joining to the first closed-won deal (3 partners; 2 within 90 days)",
        // Still onboarding, longest since joining first; day counts in UTC days to 23 Nov.
        "Elder Labs: next: Organisation profile (country and domain) · day 691", // 365 (2025) + 326
        "Beech Co: next: First material opened · day 175", // 30 + 31 + 31 + 30 + 31 + 22
        "Cherry Ltd: next: Sales certification · day 39", // 16 + 23
        "Damson: next: Sales certification · day 13",
        "Fig: next: Organisation profile (country and domain) · day 3",
    ];

    [Theory]
    [InlineData("UTC")]
    [InlineData("Pacific/Auckland")]
    [InlineData("America/Los_Angeles")]
    public async Task StagesAndMedianTimeToFirstDeal_HandChecked_TheSameInEveryTimeZone(string zone)
    {
        await SeedAsync();
        Assert.Equal(English, Lines(await BuildAsync(Six, Languages.English, zone)));
    }

    [Fact]
    public async Task InTheReadersLanguage()
    {
        await SeedAsync();
        var polish = Lines(await BuildAsync(Six, Languages.Polish, "Europe/Warsaw"));
        Assert.Equal("# Wdrożenie", polish[0]);
        Assert.Contains("Czas do pierwszej transakcji: mediana 40 dni od dołączenia do pierwszej wygranej transakcji (partnerów: 3; w ciągu 90 dni: 2)", polish);
        var chinese = Lines(await BuildAsync(Six, Languages.Chinese, "Asia/Shanghai"));
        Assert.Contains("首单用时: 从加入到第一笔赢单的中位数为 40 天（3 个合作伙伴；2 个在 90 天内）", chinese);
        var malay = Lines(await BuildAsync(Six, Languages.Malay, "Asia/Kuala_Lumpur"));
        Assert.Contains("Pensijilan jualan: 2 rakan kongsi", malay);
    }

    [Fact]
    public async Task ARepsDigest_CoversOnlyTheirPartners()
    {
        await SeedAsync();
        // Two partners in scope: Ash (40 days) and Beech (122): the median of an even count is halfway, 81.
        var lines = Lines(await BuildAsync(["o-ash", "o-beech"], Languages.English, "UTC"));
        Assert.Contains("Time to first deal: median 81 days from joining to the first closed-won deal (2 partners; 1 within 90 days)", lines);
        Assert.DoesNotContain(lines, l => l.Contains("Cherry", StringComparison.Ordinal) || l.Contains("Elder", StringComparison.Ordinal));
        // Fig alone: nothing won yet.
        Assert.Contains("Time to first deal: no first deal recorded here for these partners yet", Lines(await BuildAsync(["o-fig"], Languages.English, "UTC")));
    }

    [Theory]
    [InlineData(new[] { 40 }, 40)]
    [InlineData(new[] { 3, 4 }, 3.5)]
    [InlineData(new[] { 10, 40, 50, 122 }, 45)]
    [InlineData(new[] { 0, 0, 7 }, 0)]
    public void Median_OfSortedDays(int[] days, double expected) =>
        Assert.Equal((decimal)expected, OnboardingDigestSection.Median(days));

    private async Task<DigestSection?> BuildAsync(string[] ids, string language, string zone)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var (section, ctx) = await DigestSectionTests.ContextAsync<OnboardingDigestSection>(scope, ids, Now,
            new Preferences { Language = language, TimeZone = zone });
        return await section.BuildAsync(ctx, CancellationToken.None);
    }

    private static List<string> Lines(DigestSection? section) => DigestSectionTests.Lines(section);

    private static PartnerOrganisation Org(string id, string name, DateOnly joined, int salesCertified = 0, int closedBefore = 0,
        string? country = "GB", string? domain = "x.example") => new()
    {
        Id = id, Name = name, Tier = "Bronze", JoinedOn = joined, Country = country, Domain = domain is null ? null : id + "." + domain,
        SalesCertifiedReps = salesCertified, ClosedDealsBefore = closedBefore,
    };

    private static DealRegistration Won(string id, string org, DateTimeOffset registered, DateTimeOffset won) => new()
    {
        Id = id, PartnerOrganisationId = org, RegisteredByPersonId = "acme-jane", CompanyName = id, NormalizedName = id.ToLowerInvariant(),
        Status = DealStatus.ClosedWon, RegisteredAt = registered, UpdatedAt = won, ClosedAt = won, CloseDate = DateOnly.FromDateTime(won.UtcDateTime),
        ContractValue = 10000m, Source = DealSource.PartnerSourced,
    };
}
