using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Knowledge;
using PartnerBot.Mdf;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;
using PartnerBot.Tiers;

namespace PartnerBot.Commissions;

/// <summary>
/// MDF's partner-sourced revenue, from deals won here. While an organisation has no win recorded before the period
/// starts, its history is not in PartnerBot yet, so MDF keeps the estimate from the imported annual revenue.
/// </summary>
public sealed class WonDealsRevenue(PartnerBotDb db, IOptions<ProgramOptions> program) : IPartnerSourcedRevenue
{
    public async Task<RevenueFigure> ForPeriodAsync(PartnerOrganisation organisation, DateOnly start, DateOnly end, CancellationToken ct)
    {
        var from = new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var hasHistory = await db.DealRegistrations.AnyAsync(d => d.PartnerOrganisationId == organisation.Id && d.Status == DealStatus.ClosedWon && d.ClosedAt < from, ct);
        if (!hasHistory) return await new EstimatedPartnerSourcedRevenue().ForPeriodAsync(organisation, start, end, ct);
        var won = await db.DealRegistrations.AsNoTracking()
            .Where(d => d.PartnerOrganisationId == organisation.Id && d.Status == DealStatus.ClosedWon && d.Source == DealSource.PartnerSourced
                        && d.ClosedAt >= from && d.ClosedAt < to)
            .Select(d => new { d.ContractValue, d.Currency }).ToListAsync(ct);
        return new RevenueFigure(won.Sum(d => DealRules.ToProgramCurrency(d.ContractValue ?? 0m, d.Currency, program.Value) ?? 0m), IsEstimate: false);
    }
}

/// <summary>The assistant's "my tier": the tier service's own standing, so the assistant states exactly what "tier" shows.</summary>
public sealed class TierStandingFacts(TierService tiers, TimeProvider clock, IOptions<ProgramOptions> program) : ITierFacts
{
    public async Task<PersonalFacts> GetAsync(Actor actor, PartnerBotDb db, CancellationToken ct)
    {
        if (actor.PartnerOrganisationId is not { } orgId) return PersonalFacts.NotAvailable("Tier");
        var org = await db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return PersonalFacts.NotAvailable("Tier");
        var s = await tiers.StandingAsync(org, clock.GetUtcNow(), ct);
        var facts = new List<Fact> { new("Organisation", org.Name), new("Current tier", s.Current.Name) };
        if (s.Recertification is { } r) facts.Add(new("Recertification", r.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        if (org.TierGraceUntil is { } g) facts.Add(new("Below the current tier's criteria; keeps the tier until", g.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        facts.Add(s.Next is null ? new("Next tier", "none: this is the highest tier") : new("Next tier", s.Next.Name));
        if (s.Next is not null)
        {
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            foreach (var c in s.NextChecks)
                facts.Add(c.Criterion switch
                {
                    Criterion.AnnualRevenue => new("Next tier needs annual revenue", $"{c.Threshold.ToString("N0", inv)} {program.Value.Currency} (short by {c.Missing.ToString("N0", inv)})"),
                    Criterion.DedicatedPractice => new("Next tier needs a dedicated practice", c.Met ? "met" : "not met"),
                    Criterion.ExecutiveSponsor => new("Next tier needs an executive sponsor", c.Met ? "met" : "not met"),
                    _ => new($"Next tier needs {c.Criterion}", $"{c.Threshold.ToString("0", inv)} (short by {c.Missing.ToString("0", inv)})"),
                });
            var missing = tiers.Missing(s.NextChecks, Languages.English);
            facts.Add(new("Still needed for the next tier", missing.Length == 0 ? "nothing: every criterion is met" : missing));
        }
        return new PersonalFacts("Tier", true, facts);
    }
}

/// <summary>The assistant's "my commission": this quarter's totals by state, from the commission lines.</summary>
public sealed class CommissionStatementFacts(TimeProvider clock) : ICommissionFacts
{
    public async Task<PersonalFacts> GetAsync(Actor actor, PartnerBotDb db, CancellationToken ct)
    {
        if (actor.PartnerOrganisationId is not { } orgId) return PersonalFacts.NotAvailable("Commission");
        var org = await db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return PersonalFacts.NotAvailable("Commission");
        var period = Period.Quarter(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var lines = await db.CommissionLines.AsNoTracking()
            .Where(l => l.PartnerOrganisationId == orgId && l.WonOn >= period.Start && l.WonOn <= period.End).ToListAsync(ct);
        var facts = new List<Fact> { new("Organisation", org.Name), new("Period", period.Label), new("Deals won with commission", lines.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        foreach (var g in lines.GroupBy(l => (l.State, l.Currency)))
            facts.Add(new($"{g.Key.State}", CommissionService.Money(g.Sum(l => l.Amount), g.Key.Currency, Languages.English)));
        return new PersonalFacts("Commission", true, facts);
    }
}

/// <summary>The assistant's "my deals": the organisation's registrations by status and the active ones.</summary>
public sealed class DealStatusFacts : IDealFacts
{
    public async Task<PersonalFacts> GetAsync(Actor actor, PartnerBotDb db, CancellationToken ct)
    {
        if (actor.PartnerOrganisationId is not { } orgId) return PersonalFacts.NotAvailable("Deals");
        var org = await db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return PersonalFacts.NotAvailable("Deals");
        var deals = await db.DealRegistrations.AsNoTracking().Where(d => d.PartnerOrganisationId == orgId).ToListAsync(ct);
        var facts = new List<Fact> { new("Organisation", org.Name) };
        facts.AddRange(deals.GroupBy(d => d.Status).OrderBy(g => g.Key).Select(g => new Fact($"{g.Key} registrations", g.Count().ToString(System.Globalization.CultureInfo.InvariantCulture))));
        facts.AddRange(deals.Where(d => d.IsActive).OrderBy(d => d.ProtectedUntil).Take(10).Select(d =>
            new Fact($"{d.Id} {d.CompanyName}", $"{d.Status}, protected until {d.ProtectedUntil?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "—"}")));
        return new PersonalFacts("Deals", true, facts);
    }
}
