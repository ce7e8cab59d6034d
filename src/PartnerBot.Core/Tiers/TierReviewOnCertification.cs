using PartnerBot.Enablement;
using PartnerBot.People;

namespace PartnerBot.Tiers;

/// <summary>A recorded certification may lift the organisation's tier: review it at once.</summary>
public sealed class TierReviewOnCertification(TierService tiers) : ICertificationFollower
{
    public Task CertifiedAsync(PartnerOrganisation organisation, DateTimeOffset at, CancellationToken ct) =>
        tiers.ReviewAsync(organisation, (0m, 0), at, ct);
}
