using Microsoft.EntityFrameworkCore;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Deals;

/// <summary>
/// An organisation's first registration and first closed-won deal recorded here; <see cref="WonBefore"/> when it
/// brought closed deals from before PartnerBot (imported), so its first win has no day here.
/// </summary>
public sealed record FirstDealDays(DateTimeOffset? FirstRegisteredAt, DateTimeOffset? FirstWonAt, bool WonBefore)
{
    public static readonly FirstDealDays None = new(null, null, false);
    public bool HasWon => WonBefore || FirstWonAt is not null;
}

/// <summary>The deals capability's answer to "has this organisation registered, has it won, and when first".</summary>
public static class FirstDeals
{
    /// <summary>For each of <paramref name="organisations"/>: any registration counts; a win is a deal closed won.</summary>
    public static async Task<Dictionary<string, FirstDealDays>> ForAsync(PartnerBotDb db, IReadOnlyCollection<PartnerOrganisation> organisations,
        bool allOrganisations, CancellationToken ct)
    {
        var ids = organisations.Select(o => o.Id).ToArray();
        var rows = await db.DealRegistrations.AsNoTracking().Where(d => allOrganisations || ids.Contains(d.PartnerOrganisationId))
            .Select(d => new { d.PartnerOrganisationId, d.RegisteredAt, d.Status, d.ClosedAt }).ToListAsync(ct);
        var byOrg = rows.ToLookup(r => r.PartnerOrganisationId);
        return organisations.ToDictionary(o => o.Id, o =>
        {
            var deals = byOrg[o.Id].ToList();
            return new FirstDealDays(
                deals.Select(d => (DateTimeOffset?)d.RegisteredAt).Min(),
                deals.Where(d => d.Status == DealStatus.ClosedWon && d.ClosedAt is not null).Select(d => d.ClosedAt).Min(),
                o.ClosedDealsBefore > 0);
        });
    }
}
