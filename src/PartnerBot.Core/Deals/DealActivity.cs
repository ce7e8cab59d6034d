using Microsoft.EntityFrameworkCore;
using PartnerBot.PartnerProgram;
using PartnerBot.Storage;

namespace PartnerBot.Deals;

/// <summary>
/// An organisation's registrations over a period (UTC instants, [from, to)): registered in it, and of those how many
/// were approved (whatever became of them since), rejected or are still in review; closed in it, won (with the
/// contract value per currency, never added across currencies) and lost.
/// </summary>
public sealed record DealActivity(int Registered, int Approved, int Rejected, int InReview, int Won, MoneyTotals WonValue, int Lost)
{
    public static async Task<DealActivity> ForPeriodAsync(PartnerBotDb db, string organisationId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var registered = await db.DealRegistrations.AsNoTracking()
            .Where(d => d.PartnerOrganisationId == organisationId && d.RegisteredAt >= from && d.RegisteredAt < to)
            .Select(d => d.Status).ToListAsync(ct);
        var closed = await db.DealRegistrations.AsNoTracking()
            .Where(d => d.PartnerOrganisationId == organisationId && (d.Status == DealStatus.ClosedWon || d.Status == DealStatus.ClosedLost)
                        && d.ClosedAt >= from && d.ClosedAt < to)
            .Select(d => new { d.Status, d.ContractValue, d.Amount, d.Currency }).ToListAsync(ct);
        var won = closed.Where(d => d.Status == DealStatus.ClosedWon).ToList();
        return new DealActivity(
            registered.Count,
            registered.Count(s => s is not (DealStatus.InReview or DealStatus.Rejected)),
            registered.Count(s => s == DealStatus.Rejected),
            registered.Count(s => s == DealStatus.InReview),
            won.Count,
            MoneyTotals.Of(won, d => d.ContractValue ?? d.Amount ?? 0m, d => d.Currency),
            closed.Count - won.Count);
    }
}
