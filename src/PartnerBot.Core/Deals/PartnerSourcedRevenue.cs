using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Deals;

/// <summary>Partner-sourced revenue for a window; <see cref="IsEstimate"/> says it came from the imported figure, not closed deals.</summary>
public sealed record RevenueFigure(decimal Amount, bool IsEstimate);

/// <summary>
/// Partner-sourced revenue, defined once: tiers, the MDF fund, the digest's sections and the assistant all read it here.
/// <list type="bullet">
/// <item>A deal counts when it is closed won and the partner sourced it; it counts on the moment it closed.</item>
/// <item>It adds its contract value in Program:Currency at the configured rate (<see cref="Money.ToProgramCurrency"/>),
/// exact and unrounded (figures are rounded only when written); a deal in a currency with no configured rate adds
/// nothing rather than a wrong number.</item>
/// <item>History from before PartnerBot is the organisation's imported annual revenue
/// (<see cref="PartnerOrganisation.AnnualRevenue"/>): tiers add it to the last twelve months' wins; a fund's period
/// with no win recorded before it is estimated from it, pro rata by month.</item>
/// </list>
/// </summary>
public sealed class PartnerSourcedRevenue(IOptions<ProgramOptions> program)
{
    public static bool Counts(DealStatus status, DealSource? source) => status == DealStatus.ClosedWon && source == DealSource.PartnerSourced;

    /// <summary>What one deal adds (0 when it does not count).</summary>
    public static decimal Of(DealStatus status, DealSource? source, decimal? contractValue, string currency, ProgramOptions program) =>
        Counts(status, source) && contractValue is { } value ? Money.ToProgramCurrency(value, currency, program) ?? 0m : 0m;

    public decimal Of(DealRegistration deal) => Of(deal.Status, deal.Source, deal.ContractValue, deal.Currency, program.Value);

    /// <summary>Revenue won here by <paramref name="organisationId"/>, closed in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public async Task<decimal> WonAsync(PartnerBotDb db, string organisationId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var won = await db.DealRegistrations.AsNoTracking()
            .Where(d => d.PartnerOrganisationId == organisationId && d.Status == DealStatus.ClosedWon && d.Source == DealSource.PartnerSourced
                        && d.ClosedAt >= from && d.ClosedAt < to)
            .Select(d => new { d.Status, d.Source, d.ContractValue, d.Currency }).ToListAsync(ct);
        return won.Sum(d => Of(d.Status, d.Source, d.ContractValue, d.Currency, program.Value));
    }

    /// <summary>The tiers' annual revenue: the imported figure plus what was won here in the 365 days before <paramref name="now"/>.</summary>
    public async Task<decimal> TrailingYearAsync(PartnerBotDb db, PartnerOrganisation organisation, DateTimeOffset now, CancellationToken ct) =>
        organisation.AnnualRevenue + await WonAsync(db, organisation.Id, now.AddDays(-365), now.AddTicks(1), ct);

    /// <summary>
    /// The MDF fund's basis: revenue won in [<paramref name="start"/>, <paramref name="end"/>) (UTC days). While the
    /// organisation has no win recorded before the window, its history is not here yet, so the imported annual revenue
    /// stands in for it, pro rata by month and marked as an estimate.
    /// </summary>
    public async Task<RevenueFigure> ForPeriodAsync(PartnerBotDb db, PartnerOrganisation organisation, DateOnly start, DateOnly end, CancellationToken ct)
    {
        var from = new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = new DateTimeOffset(end.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var hasHistory = await db.DealRegistrations.AnyAsync(d => d.PartnerOrganisationId == organisation.Id && d.Status == DealStatus.ClosedWon && d.ClosedAt < from, ct);
        if (hasHistory) return new RevenueFigure(await WonAsync(db, organisation.Id, from, to, ct), IsEstimate: false);
        var months = (end.Year - start.Year) * 12 + end.Month - start.Month;
        return new RevenueFigure(Money.Round(organisation.AnnualRevenue * months / 12m, program.Value.Currency), IsEstimate: true);
    }
}
