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

    [Fact]
    public void Keys_AreTokenPrefixes_TwoCharactersForChinese()
    {
        Assert.Equal(["rob", "zen"], ConflictIndex.Keys("robotics zenith"));
        Assert.Equal(["天虹"], ConflictIndex.Keys("天虹科技"));
    }
}
