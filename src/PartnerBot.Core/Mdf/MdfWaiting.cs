using System.Linq.Expressions;

namespace PartnerBot.Mdf;

/// <summary>
/// What of MDF waits for a rep: a plan submitted (approve, reject or ask for changes) and a claim made (reimburse). The
/// review queue and the digest's "Decisions waiting" both read this rule: in memory here, in SQL as
/// <see cref="AwaitingDecision"/> (the same condition, proved equal for every status by MdfWaitingTests).
/// </summary>
public static class MdfWaiting
{
    public static bool AwaitsDecision(MdfPlanStatus status) => status is MdfPlanStatus.Submitted or MdfPlanStatus.Claimed;

    /// <summary><see cref="AwaitsDecision"/> as a query condition.</summary>
    public static readonly Expression<Func<MdfPlan, bool>> AwaitingDecision =
        p => p.Status == MdfPlanStatus.Submitted || p.Status == MdfPlanStatus.Claimed;

    /// <summary>Since when it has waited: a plan since it was submitted, a claim since it was made.</summary>
    public static DateTimeOffset Since(MdfPlanStatus status, DateTimeOffset submittedAt, DateTimeOffset? claimedAt) =>
        status == MdfPlanStatus.Claimed ? claimedAt ?? submittedAt : submittedAt;
}
