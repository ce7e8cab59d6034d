using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Deals;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Commissions;

/// <summary>
/// Finds the events that earn incentives (wins, approved registrations, certifications, activities, a quarter's revenue) and
/// records one line for each that has none yet; the calculator works out every amount. Running it again, or two runs
/// at once, records nothing twice: a line's event is unique per kind in the database, and a run that loses that race
/// starts over and finds the line there.
/// </summary>
public sealed class IncentiveService(PartnerBotDb db, CommissionCalculator calculator, PartnerSourcedRevenue revenues, IOptions<ProgramOptions> program)
{
    private IncentiveRules Rules => program.Value.Incentives;

    /// <summary>Adds (unsaved) the lines of every event not yet paid for. Returns them.</summary>
    public async Task<List<CommissionLine>> AccrueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var added = new List<CommissionLine>();
        if (!Rules.Any) return added;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var from = new DateTimeOffset(Rules.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var paid = (await db.CommissionLines.AsNoTracking().Where(l => l.Kind != CommissionLineKind.Commission)
                .Select(l => new { l.Kind, l.SourceEventId }).ToListAsync(ct))
            .Select(l => (l.Kind, l.SourceEventId)).ToHashSet();
        var organisations = await db.PartnerOrganisations.AsNoTracking().ToDictionaryAsync(o => o.Id, ct);

        void Add(CommissionLine line)
        {
            if (!paid.Add((line.Kind, line.SourceEventId))) return;
            db.CommissionLines.Add(line);
            added.Add(line);
        }

        if (Rules.Spifs.Count > 0 || Rules.RegistrationAmount > 0)
        {
            // Registrations approved (they got protection) or won since incentives began.
            var deals = await db.DealRegistrations.AsNoTracking()
                .Where(d => d.ProtectedUntil != null && ((d.DecidedAt ?? d.RegisteredAt) >= from || d.ClosedAt >= from))
                .Select(d => new { d.Id, d.PartnerOrganisationId, d.RegisteredByPersonId, d.CompanyName, d.Product, d.Status, d.ClosedAt,
                    d.ContractValue, d.Currency, d.DecidedAt, d.RegisteredAt })
                .ToListAsync(ct);
            // A won deal the customer cancelled has its commission clawed back: it earns no incentive either, even one not yet recorded.
            var cancelled = (await db.CommissionLines.AsNoTracking()
                .Where(l => l.Kind == CommissionLineKind.Commission && l.State == CommissionState.ClawedBack && l.DealId != null)
                .Select(l => l.DealId!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            foreach (var d in deals.Where(d => !cancelled.Contains(d.Id)))
            {
                if (!organisations.TryGetValue(d.PartnerOrganisationId, out var org) || !program.Value.PartnerTypes.TryGetValue(org.Type, out var type)) continue;
                if (!paid.Contains((CommissionLineKind.Registration, d.Id))
                    && calculator.Registration(DateOnly.FromDateTime((d.DecidedAt ?? d.RegisteredAt).UtcDateTime)) is { } registration)
                    Add(CommissionLine.Incentive(registration, d.Id, org, type, d.Id, d.CompanyName, d.RegisteredByPersonId));
                if (d.Status == DealStatus.ClosedWon && d.ClosedAt is { } closed && d.ContractValue is { } value
                    && !paid.Contains((CommissionLineKind.Spif, d.Id))
                    && calculator.Spif(DateOnly.FromDateTime(closed.UtcDateTime), d.Product, value, d.Currency) is { } spif)
                    Add(CommissionLine.Incentive(spif, d.Id, org, type, d.Id, d.CompanyName, d.RegisteredByPersonId));
            }
        }

        if (Rules.CertificationAmount > 0)
        {
            // Once per person and course: when it was first earned, if that was since incentives began (a renewal earns nothing).
            var firsts = await db.Certifications.AsNoTracking().Where(c => c.CertifiedOn <= today)
                .GroupBy(c => new { c.PersonId, c.OrganisationId, c.CourseId })
                .Select(g => new { g.Key.PersonId, g.Key.OrganisationId, g.Key.CourseId, On = g.Min(c => c.CertifiedOn) })
                .ToListAsync(ct);
            var courses = await db.ContentItems.AsNoTracking().Where(i => i.Track != null).ToDictionaryAsync(i => i.Id, i => i.Title, ct);
            foreach (var c in firsts.Where(c => c.On >= Rules.From).OrderBy(c => c.On))
            {
                if (!organisations.TryGetValue(c.OrganisationId, out var org) || !program.Value.PartnerTypes.TryGetValue(org.Type, out var type)) continue;
                var key = $"{c.PersonId}:{c.CourseId}";
                if (!paid.Contains((CommissionLineKind.Certification, key))
                    && calculator.Certification(c.On, courses.GetValueOrDefault(c.CourseId, c.CourseId)) is { } earned)
                    Add(CommissionLine.Incentive(earned, key, org, type, personId: c.PersonId));
            }
        }

        if (Rules.Points.Any)
        {
            // Each recorded activity once, from the day incentives began; a kind the program no longer names earns nothing.
            var activities = await db.PartnerActivities.AsNoTracking().Where(a => a.On >= Rules.From && a.On <= today)
                .OrderBy(a => a.On).ThenBy(a => a.Id).ToListAsync(ct);
            foreach (var a in activities)
            {
                if (paid.Contains((CommissionLineKind.Points, a.Id))
                    || !organisations.TryGetValue(a.OrganisationId, out var org) || !program.Value.PartnerTypes.TryGetValue(org.Type, out var type)) continue;
                if (calculator.Points(a.On, a.Kind) is { } points)
                    Add(CommissionLine.Incentive(points with { Name = a.Reference.Length > 0 ? $"{points.Name} · {a.Reference}" : points.Name }, a.Id, org, type, personId: a.PersonId));
            }
        }

        if (Rules.Rebates.Count > 0)
        {
            var current = Period.Quarter(today);
            foreach (var quarter in new[] { Period.Quarter(current.Start.AddDays(-1)), current })
            {
                if (quarter.End < Rules.From) continue;
                var start = quarter.Start < Rules.From ? Rules.From : quarter.Start;
                var ended = today > quarter.End;
                var until = ended ? new DateTimeOffset(quarter.End.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : now.AddTicks(1);
                var prefix = $"{quarter.Start:yyyy}-Q{(quarter.Start.Month - 1) / 3 + 1}";
                foreach (var org in organisations.Values.OrderBy(o => o.Id, StringComparer.Ordinal))
                {
                    if (!program.Value.PartnerTypes.TryGetValue(org.Type, out var type)) continue;
                    var keyPrefix = $"{org.Id}:{prefix}:";
                    var revenue = await revenues.WonAsync(db, org.Id, new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), until, ct);
                    if (revenue <= 0) continue;
                    var credited = await db.CommissionLines.AsNoTracking()
                        .Where(l => l.Kind == CommissionLineKind.Rebate && l.PartnerOrganisationId == org.Id && l.SourceEventId.StartsWith(keyPrefix))
                        .Select(l => l.Amount).ToListAsync(ct);
                    var on = ended ? quarter.End : today;
                    if (calculator.Rebate(revenue, credited.Sum(), on) is not { } rebate) continue;
                    // A threshold reached during the quarter is paid once; what the quarter earned in all is settled once after it ends.
                    var key = keyPrefix + (ended ? "final" : $"T{rebate.ThresholdLevel}");
                    if (!paid.Contains((CommissionLineKind.Rebate, key))) Add(CommissionLine.Incentive(rebate with { Name = quarter.Label }, key, org, type));
                }
            }
        }
        return added;
    }
}
