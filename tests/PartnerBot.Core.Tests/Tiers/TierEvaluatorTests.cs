using Microsoft.Extensions.Options;
using PartnerBot.Tiers;

namespace PartnerBot.Core.Tests.Tiers;

public sealed class TierEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private readonly TierEvaluator _evaluator = new(Options.Create(DemoProgram.Load()));

    private static TierFacts Facts(decimal revenue = 0, int deals = 1, int sales = 1, int tech = 0, int refs = 0,
        bool practice = false, bool sponsor = false) => new(revenue, deals, sales, tech, refs, practice, sponsor);

    private static readonly TierFacts GoldFacts = Facts(200_000, sales: 3, tech: 1, refs: 2);

    [Theory]
    [InlineData(0, 0, 1, null)]               // no closed deal: not even Bronze
    [InlineData(0, 1, 0, null)]               // no sales-certified rep
    [InlineData(0, 1, 1, "Bronze")]
    [InlineData(49_999.99, 1, 3, "Bronze")]   // a cent under Silver's revenue
    [InlineData(50_000, 1, 3, "Silver")]      // exactly Silver's revenue
    [InlineData(50_000, 1, 2, "Bronze")]      // Silver needs 3 certified reps
    public void LowerTiers_AtTheirEdges(decimal revenue, int deals, int sales, string? expected) =>
        Assert.Equal(expected, _evaluator.HighestQualified(Facts(revenue, deals, sales))?.Name);

    [Fact]
    public void Gold_AtItsEdges()
    {
        Assert.Equal("Gold", _evaluator.HighestQualified(GoldFacts)?.Name);
        Assert.Equal("Silver", _evaluator.HighestQualified(GoldFacts with { TrailingTwelveMonthRevenue = 199_999.99m })?.Name);
        Assert.Equal("Silver", _evaluator.HighestQualified(GoldFacts with { TechnicalCertifications = 0 })?.Name);
        Assert.Equal("Silver", _evaluator.HighestQualified(GoldFacts with { CustomerReferences = 1 })?.Name);
    }

    [Fact]
    public void Platinum_AtItsEdges()
    {
        var platinum = GoldFacts with { TrailingTwelveMonthRevenue = 500_000, DedicatedPractice = true, ExecutiveSponsor = true };
        Assert.Equal("Platinum", _evaluator.HighestQualified(platinum)?.Name);
        Assert.Equal("Gold", _evaluator.HighestQualified(platinum with { TrailingTwelveMonthRevenue = 499_999.99m })?.Name);
        Assert.Equal("Gold", _evaluator.HighestQualified(platinum with { ExecutiveSponsor = false })?.Name);
        Assert.Equal("Gold", _evaluator.HighestQualified(platinum with { DedicatedPractice = false })?.Name);
    }

    [Fact]
    public void Check_SaysWhatIsMissingForTheNextTier()
    {
        var program = DemoProgram.Load();
        var checks = _evaluator.Check(program.FindTier("Gold")!, Facts(120_000, sales: 1, tech: 0, refs: 2));
        var missing = checks.Where(c => !c.Met).ToDictionary(c => c.Criterion, c => c.Missing);
        Assert.Equal(new Dictionary<Criterion, decimal>
        {
            [Criterion.AnnualRevenue] = 80_000, [Criterion.SalesCertifiedReps] = 2, [Criterion.TechnicalCertifications] = 1,
        }, missing);
        Assert.Contains(checks, c => c is { Criterion: Criterion.CustomerReferences, Met: true });
        Assert.DoesNotContain(checks, c => c.Criterion == Criterion.ExecutiveSponsor); // Gold doesn't ask for one
    }

    [Fact]
    public void Upgrade_TakesEffectAtOnce()
    {
        var d = _evaluator.Decide("Silver", null, GoldFacts, Now);
        Assert.Equal((TierChange.Upgrade, "Gold"), (d.Change, d.Tier));
    }

    [Fact]
    public void Upgrade_ClearsAPendingWarning()
    {
        var d = _evaluator.Decide("Silver", Now.AddDays(10), GoldFacts, Now);
        Assert.Equal((TierChange.Upgrade, "Gold", (DateTimeOffset?)null), (d.Change, d.Tier, d.GraceUntil));
    }

    [Fact]
    public void FallingBelow_Warns_WithWhatIsMissing_AndAGracePeriod()
    {
        var d = _evaluator.Decide("Gold", null, GoldFacts with { TrailingTwelveMonthRevenue = 150_000 }, Now);
        Assert.Equal((TierChange.Warn, "Gold", (DateTimeOffset?)Now.AddDays(90)), (d.Change, d.Tier, d.GraceUntil));
        var missing = Assert.Single(d.Missing);
        Assert.Equal((Criterion.AnnualRevenue, 50_000m), (missing.Criterion, missing.Missing));
    }

    [Fact]
    public void DuringGrace_TheTierIsKept_ThenDowngradedWhenItEnds()
    {
        var facts = GoldFacts with { TrailingTwelveMonthRevenue = 150_000 };
        var graceUntil = Now.AddDays(90);
        Assert.Equal(TierChange.Keep, _evaluator.Decide("Gold", graceUntil, facts, Now.AddDays(89)).Change);
        Assert.Equal(TierChange.Keep, _evaluator.Decide("Gold", graceUntil, facts, graceUntil.AddTicks(-1)).Change);
        var d = _evaluator.Decide("Gold", graceUntil, facts, graceUntil);
        Assert.Equal((TierChange.Downgrade, "Silver"), (d.Change, d.Tier));
    }

    [Fact]
    public void Downgrade_GoesToTheTierTheyQualifyFor_NeverBelowTheLowest()
    {
        var graceUntil = Now;
        Assert.Equal("Bronze", _evaluator.Decide("Platinum", graceUntil, Facts(10_000), Now).Tier);
        var lost = _evaluator.Decide("Silver", graceUntil, Facts(0, deals: 0, sales: 0), Now);
        Assert.Equal((TierChange.Downgrade, "Bronze"), (lost.Change, lost.Tier));
    }

    [Fact]
    public void RecoveringDuringGrace_ClearsTheWarning()
    {
        var d = _evaluator.Decide("Gold", Now.AddDays(30), GoldFacts, Now);
        Assert.Equal((TierChange.ClearWarning, "Gold"), (d.Change, d.Tier));
    }

    [Fact]
    public void GraceDays_ComeFromTheProgram()
    {
        var program = DemoProgram.Load();
        program.TierReview.GraceDays = 30;
        var d = new TierEvaluator(Options.Create(program)).Decide("Gold", null, GoldFacts with { CustomerReferences = 0 }, Now);
        Assert.Equal(Now.AddDays(30), d.GraceUntil);
    }
}
