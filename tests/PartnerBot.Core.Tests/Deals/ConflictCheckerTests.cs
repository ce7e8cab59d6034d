using PartnerBot.Deals;

namespace PartnerBot.Core.Tests.Deals;

public sealed class ConflictCheckerTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private readonly ConflictIndex _index = new();

    public void Dispose() => _index.Dispose();

    private void Register(string id, string? org, string name, string? domain = null, DateOnly? until = null) =>
        _index.Add(id, org, CompanyNames.Normalize(name), domain, until);

    private ConflictResult Check(string org, string name, string? domain = null, int threshold = 90) =>
        _index.Check(org, CompanyNames.Normalize(name), domain, Today, threshold);

    [Fact]
    public void Similarity_AtThreshold_Conflicts_OneBelow_DoesNot()
    {
        var a = CompanyNames.Normalize("Borealis Analytics");
        var b = CompanyNames.Normalize("Borealis Analytix");
        var score = ConflictChecker.Similarity(a, b);
        Assert.InRange(score, 80, 99);
        Register("DR-1", "acme", "Borealis Analytics");

        Assert.True(Check("kedai", "Borealis Analytix", threshold: score).HasConflict);
        Assert.False(Check("kedai", "Borealis Analytix", threshold: score + 1).HasConflict);
        Assert.True(ConflictChecker.SameName("Borealis Analytics", "Borealis Analytix", score));
        Assert.False(ConflictChecker.SameName("Borealis Analytics", "Borealis Analytix", score + 1));
    }

    [Fact]
    public void DifferentCompanies_DoNotConflict()
    {
        Register("DR-1", "acme", "Zenith Robotics Inc", "zenith-robotics.example");
        Assert.False(Check("kedai", "Zephyr Logistics Ltd", "zephyr.example").HasConflict);
    }

    [Fact]
    public void SameCompany_WithOtherLegalFormAndCase_ConflictsWithOtherPartner()
    {
        Register("DR-1", "acme", "Zenith Robotics Inc");
        var result = Check("kedai", "ZENITH ROBOTICS SDN. BHD.");
        var match = Assert.Single(result.Matches);
        Assert.Equal(ConflictKind.OtherPartner, match.Kind);
        Assert.Equal("DR-1", match.Id);
        Assert.Equal(100, match.Score);
    }

    [Fact]
    public void EqualDomain_Conflicts_EvenWithADifferentName()
    {
        Register("DR-1", "acme", "Zenith Robotics Inc", "zenith-robotics.example");
        var result = Check("kedai", "ZR Automation", "zenith-robotics.example");
        var match = Assert.Single(result.Matches);
        Assert.True(match.SameDomain);
        Assert.Equal(ConflictKind.OtherPartner, match.Kind);
    }

    [Fact]
    public void OwnOrganisation_IsReportedAsSameOrganisation_NotAConflict()
    {
        Register("DR-1", "acme", "Zenith Robotics Inc");
        var result = Check("acme", "Zenith Robotics");
        Assert.NotNull(result.SameOrganisation);
        Assert.False(result.HasConflict);
    }

    [Fact]
    public void DirectSalesAccount_Conflicts()
    {
        Register("da-globex", null, "Globex Corporation", "globex.example");
        var match = Assert.Single(Check("acme", "Globex Corp").Matches);
        Assert.Equal(ConflictKind.DirectAccount, match.Kind);
    }

    [Fact]
    public void ExpiredProtection_NoLongerConflicts()
    {
        Register("DR-1", "acme", "Zenith Robotics Inc", until: Today.AddDays(-1));
        Register("DR-2", "borealis", "Nimbus Foods", until: Today);
        Assert.False(Check("kedai", "Zenith Robotics").HasConflict);
        Assert.True(Check("kedai", "Nimbus Foods").HasConflict);
    }

    [Fact]
    public void ReplacingAnEntry_RemovesTheOldName()
    {
        Register("DR-1", "acme", "Zenith Robotics Inc");
        Register("DR-1", "acme", "Quasar Mining");
        Assert.False(Check("kedai", "Zenith Robotics").HasConflict);
        Assert.True(Check("kedai", "Quasar Mining").HasConflict);
        Assert.Equal(1, _index.Count);
    }

    [Theory]
    [InlineData("Zenith Robotics", "Xenith Robotics")]       // a typo in the first letter
    [InlineData("Borealis Analytics", "Borealis Analytcs")]  // a missing letter
    [InlineData("Wisła Systemy", "Systemy Wisla")]           // word order and accents
    [InlineData("天虹科技有限公司", "天虹科技")]
    public void NearNames_AreFound(string registered, string asked)
    {
        Register("DR-1", "acme", registered);
        Assert.True(Check("kedai", asked).HasConflict);
    }

    [Theory]
    [InlineData("Zenith Robotics", "Xenith Robotics")]
    [InlineData("Borealis Analytics", "Borealis Analytcs")]
    [InlineData("Wisła Systemy", "Systemy Wisla")]
    [InlineData("Brentwick Systems", "Brentwik Systems")]
    [InlineData("天虹科技有限公司", "天虹科技")]
    public void Blocking_AboveExhaustiveSize_StillFindsOneTypoPerToken(string registered, string asked)
    {
        using var index = new ConflictIndex { ExhaustiveUpTo = 0 };
        index.Add("DR-1", "acme", CompanyNames.Normalize(registered), null, null);
        index.Add("DR-2", "acme", CompanyNames.Normalize("Unrelated Holdings Ltd"), null, null);
        var match = Assert.Single(index.Check("kedai", CompanyNames.Normalize(asked), null, Today, 90).Matches);
        Assert.Equal("DR-1", match.Id);
    }

    [Fact]
    public void Index_AgreesWithScoringEveryName()
    {
        // The trigram filter must never drop a name FuzzySharp would score at or above the threshold.
        var rng = new Random(7);
        string Word() => string.Concat(Enumerable.Range(0, rng.Next(1, 4)).Select(_ => "kalomirenstuvbade"[rng.Next(17)].ToString() + "aeiou"[rng.Next(5)]));
        var names = Enumerable.Range(0, 400).Select(_ => $"{Word()} {Word()}").Distinct().ToList();
        for (var i = 0; i < names.Count; i++) Register($"DR-{i}", "acme", names[i]);
        foreach (var threshold in new[] { 70, 85, 90, 95 })
        {
            foreach (var q in names.Take(60).Select(n => n[..^1] + "x"))
            {
                var norm = CompanyNames.Normalize(q);
                var expected = names.Select((n, i) => (Id: $"DR-{i}", Score: ConflictChecker.Similarity(norm, CompanyNames.Normalize(n))))
                    .Where(x => x.Score >= threshold).Select(x => x.Id).Order().ToList();
                var actual = Check("kedai", q, threshold: threshold).Matches.Select(m => m.Id).Order().ToList();
                if (!expected.SequenceEqual(actual))
                {
                    var missing = expected.Except(actual).Select(id => names[int.Parse(id[3..])]).First();
                    Assert.Fail($"t={threshold} q='{norm}' missed '{CompanyNames.Normalize(missing)}' score {ConflictChecker.Similarity(norm, CompanyNames.Normalize(missing))}");
                }
            }
        }
    }
}
