using Microsoft.Extensions.Options;
using PartnerBot.PartnerProgram;

namespace PartnerBot.Tiers;

/// <summary>What a partner organisation has, measured against the tiers' criteria.</summary>
public sealed record TierFacts(
    decimal TrailingTwelveMonthRevenue,
    int ClosedDeals,
    int SalesCertifiedReps,
    int TechnicalCertifications,
    int CustomerReferences,
    bool DedicatedPractice,
    bool ExecutiveSponsor);

public enum Criterion
{
    AnnualRevenue, ClosedDeals, SalesCertifiedReps, TechnicalCertifications, CustomerReferences, DedicatedPractice, ExecutiveSponsor,
}

/// <summary>One criterion of one tier: the partner's value, the threshold, and whether it is met (yes/no criteria use 0 and 1).</summary>
public sealed record CriterionCheck(Criterion Criterion, decimal Value, decimal Threshold)
{
    public bool Met => Value >= Threshold;
    public decimal Missing => Math.Max(0, Threshold - Value);
}

public enum TierChange { Keep, Upgrade, Warn, ClearWarning, Downgrade }

/// <param name="Tier">The tier after the decision.</param>
/// <param name="Missing">For a warning: what the current tier needs that the partner lacks.</param>
public sealed record TierDecision(TierChange Change, string Tier, DateTimeOffset? GraceUntil, IReadOnlyList<CriterionCheck> Missing);

/// <summary>
/// Applies the tiers' criteria: which tier a partner qualifies for, what it lacks for the next, and what to do when it
/// changes: upgrades at once; a partner below its tier is warned and keeps it for the grace period, then is downgraded
/// to the tier it qualifies for (never below the lowest tier).
/// </summary>
public sealed class TierEvaluator(IOptions<ProgramOptions> options)
{
    private ProgramOptions Program => options.Value;

    /// <summary>The criteria <paramref name="tier"/> sets (a zero threshold or an unset requirement is no criterion).</summary>
    public IReadOnlyList<CriterionCheck> Check(TierRules tier, TierFacts f)
    {
        var checks = new List<CriterionCheck>();
        void Add(Criterion c, decimal value, decimal threshold)
        {
            if (threshold > 0) checks.Add(new CriterionCheck(c, value, threshold));
        }
        Add(Criterion.AnnualRevenue, f.TrailingTwelveMonthRevenue, tier.MinAnnualRevenue);
        Add(Criterion.ClosedDeals, f.ClosedDeals, tier.MinClosedDeals);
        Add(Criterion.SalesCertifiedReps, f.SalesCertifiedReps, tier.MinSalesCertifiedReps);
        Add(Criterion.TechnicalCertifications, f.TechnicalCertifications, tier.MinTechnicalCertifications);
        Add(Criterion.CustomerReferences, f.CustomerReferences, tier.MinCustomerReferences);
        Add(Criterion.DedicatedPractice, f.DedicatedPractice ? 1 : 0, tier.RequiresDedicatedPractice ? 1 : 0);
        Add(Criterion.ExecutiveSponsor, f.ExecutiveSponsor ? 1 : 0, tier.RequiresExecutiveSponsor ? 1 : 0);
        return checks;
    }

    public bool Qualifies(TierRules tier, TierFacts facts) => Check(tier, facts).All(c => c.Met);

    /// <summary>The highest tier whose every criterion is met, or null when not even the lowest is.</summary>
    public TierRules? HighestQualified(TierFacts facts) => Program.Tiers.LastOrDefault(t => Qualifies(t, facts));

    /// <summary>What to do for a partner at <paramref name="currentTier"/>, warned until <paramref name="graceUntil"/> (null: not warned).</summary>
    public TierDecision Decide(string currentTier, DateTimeOffset? graceUntil, TierFacts facts, DateTimeOffset now)
    {
        var current = Program.FindTier(currentTier) ?? Program.Tiers[0];
        var currentRank = Program.TierRank(current.Name);
        var qualified = HighestQualified(facts);
        var qualifiedRank = qualified is null ? -1 : Program.TierRank(qualified.Name);

        if (qualifiedRank > currentRank) return new(TierChange.Upgrade, qualified!.Name, null, []);
        if (qualifiedRank == currentRank)
            return new(graceUntil is null ? TierChange.Keep : TierChange.ClearWarning, current.Name, null, []);

        var missing = Check(current, facts).Where(c => !c.Met).ToList();
        if (currentRank == 0) // nothing below the lowest tier: keep it, and say what it needs
            return new(graceUntil is null ? TierChange.Warn : TierChange.Keep, current.Name, graceUntil ?? now.AddDays(Program.TierReview.GraceDays), missing);
        if (graceUntil is null)
            return new(TierChange.Warn, current.Name, now.AddDays(Program.TierReview.GraceDays), missing);
        if (now < graceUntil)
            return new(TierChange.Keep, current.Name, graceUntil, missing);
        return new(TierChange.Downgrade, (qualified ?? Program.Tiers[0]).Name, null, missing);
    }
}
