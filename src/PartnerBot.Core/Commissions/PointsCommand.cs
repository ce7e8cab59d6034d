using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Commissions;

/// <summary>
/// "points": a partner's organisation's activity points this quarter, by person (their own organisation only).
/// Vendor staff: "points acme" shows a partner they look after; "points acme-jane webinar Q4 launch" records that a
/// person did an activity today, and the answer confirms what was recorded and what it earns.
/// </summary>
public sealed class PointsCommand(ActivityRecorder recorder, CommissionService service, IOptions<ProgramOptions> program) : ICommand
{
    public CommandInfo Info { get; } = new("points", CommandInfo.Everyone)
    {
        HelpKey = "help.points",
        Order = 465,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var rules = program.Value.Incentives.Points;
        if (!rules.Any)
        {
            ctx.Send(ctx.T("points.none-configured"), Visibility.Asker);
            return;
        }
        var args = arguments.Trim();
        PartnerOrganisation? org;
        if (ctx.Actor.IsPartner)
        {
            org = await service.Scope(ctx.Actor).AsNoTracking().FirstOrDefaultAsync(ct);
        }
        else
        {
            var parts = args.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 0)
            {
                ctx.Send(ctx.T("points.staff-usage", string.Join(", ", rules.Activities.Keys.Order(StringComparer.Ordinal))), Visibility.Asker);
                return;
            }
            var key = parts[0].ToLowerInvariant();
            org = await service.Scope(ctx.Actor).AsNoTracking().FirstOrDefaultAsync(o => o.Id == key, ct);
            if (org is null)
            {
                var person = (await Enablement.CertificationRecorder.PeopleInScopeAsync(ctx, ct)).FirstOrDefault(p => string.Equals(p.Id, key, StringComparison.OrdinalIgnoreCase));
                if (person is null)
                {
                    ctx.Send(ctx.T("points.unknown", parts[0]), Visibility.Asker);
                    return;
                }
                ctx.Send(await recorder.RecordAsync(ctx, person, parts.Length > 1 ? parts[1] : "", parts.Length > 2 ? parts[2] : "",
                    DateOnly.FromDateTime(ctx.Now.UtcDateTime), ct), Visibility.Asker);
                return;
            }
        }
        if (org is null) return;
        await ShowAsync(ctx, org, ct);
    }

    /// <summary>The quarter's points of one organisation: the total and what it is worth, then each person's.</summary>
    private async Task ShowAsync(TurnContext ctx, PartnerOrganisation org, CancellationToken ct)
    {
        var period = Period.Quarter(DateOnly.FromDateTime(ctx.Now.UtcDateTime));
        var points = await ActivityPoints.OfAsync(ctx.Db, program.Value, [org.Id], period.Start, period.End, ct);
        var blocks = new List<Block> { new TextBlock(ctx.T("points.title", org.Name, period.Label), TextStyle.Heading) };
        if (points.Count == 0)
        {
            blocks.Add(new TextBlock(ctx.T("points.empty", period.Label)));
            ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker });
            return;
        }
        var format = LocaleFormat.For(ctx.Language);
        var total = points.Sum(p => p.Points);
        blocks.Add(new TextBlock(ctx.T("points.total", format.Number(total), new Money(points.Sum(p => p.Worth), program.Value.Currency))));
        var ids = points.Select(p => p.PersonId).Distinct().ToList();
        var names = await ctx.Db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        blocks.Add(new FactsBlock(points.GroupBy(p => p.PersonId)
            .Select(g => (Name: names.GetValueOrDefault(g.Key) ?? ctx.T("commission.incentive.someone"), Points: g.Sum(p => p.Points),
                Kinds: string.Join(", ", g.GroupBy(p => p.Kind).OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} × {format.Number(k.Count())}"))))
            .OrderByDescending(x => x.Points).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => new Fact(x.Name, ctx.T("points.person", format.Number(x.Points), x.Kinds))).ToList())
        { Title = ctx.T("points.by-person") });
        blocks.Add(new TextBlock(ctx.T("points.rule", string.Join(", ", program.Value.Incentives.Points.Activities.OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => $"{a.Key} {format.Number(a.Value)}")), new Money(program.Value.Incentives.Points.ValuePerPoint, program.Value.Currency)), TextStyle.Note));
        ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker, Summary = ctx.T("points.title", org.Name, period.Label) });
    }
}

/// <summary>One activity's points: recorded on its points line once the commission job has paid it, else what its kind earns now.</summary>
public sealed record ActivityPointsRow(string OrganisationId, string PersonId, string Kind, DateOnly On, int Points, decimal Worth);

public static class ActivityPoints
{
    /// <summary>The activities of <paramref name="organisationIds"/> from <paramref name="from"/> to <paramref name="to"/> (both included) that earn points.</summary>
    public static async Task<List<ActivityPointsRow>> OfAsync(PartnerBotDb db, ProgramOptions program, IReadOnlyCollection<string> organisationIds,
        DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rules = program.Incentives;
        var start = from < rules.From ? rules.From : from;
        var activities = await db.PartnerActivities.AsNoTracking()
            .Where(a => organisationIds.Contains(a.OrganisationId) && a.On >= start && a.On <= to).ToListAsync(ct);
        var ids = activities.Select(a => a.Id).ToList();
        var lines = await db.CommissionLines.AsNoTracking().Where(l => l.Kind == CommissionLineKind.Points && ids.Contains(l.SourceEventId))
            .ToDictionaryAsync(l => l.SourceEventId, ct);
        var rows = new List<ActivityPointsRow>();
        foreach (var a in activities)
        {
            if (lines.TryGetValue(a.Id, out var line))
            {
                if (line.State != CommissionState.ClawedBack) rows.Add(new(a.OrganisationId, a.PersonId, a.Kind, a.On, line.Points ?? 0, line.Amount));
            }
            else if (rules.Points.Kind(a.Kind) is { } kind)
            {
                var points = rules.Points.Activities[kind];
                rows.Add(new(a.OrganisationId, a.PersonId, kind, a.On, points, Money.Round(points * rules.Points.ValuePerPoint, program.Currency)));
            }
        }
        return rows;
    }
}

/// <summary>
/// Records that a partner's person did an activity that earns points: for whom (the people the actor may certify, the
/// same rule: the people of the organisations they look after), a kind the program names, the day (not in the future, not before incentives
/// began). The "points" command and the activities import record through here; the commission job pays each once.
/// </summary>
public sealed class ActivityRecorder(IOptions<ProgramOptions> program, CommissionCalculator calculator)
{
    /// <summary>A new activity, or null when that person already has it (same kind, day and reference).</summary>
    public static async Task<PartnerActivity?> AddAsync(PartnerBotDb db, string personId, string organisationId, string kind, DateOnly on, string reference,
        string source, string? recordedBy, CancellationToken ct)
    {
        if (await db.PartnerActivities.AnyAsync(a => a.PersonId == personId && a.Kind == kind && a.On == on && a.Reference == reference, ct)
            || db.ChangeTracker.Entries<PartnerActivity>().Any(e => e.State == EntityState.Added && e.Entity.PersonId == personId && e.Entity.Kind == kind
                                                                   && e.Entity.On == on && e.Entity.Reference == reference))
            return null;
        var added = New(personId, organisationId, kind, on, reference, source, recordedBy);
        db.PartnerActivities.Add(added);
        return added;
    }

    public static PartnerActivity New(string personId, string organisationId, string kind, DateOnly on, string reference, string source, string? recordedBy) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        PersonId = personId,
        OrganisationId = organisationId,
        Kind = kind,
        On = on,
        Reference = reference,
        Source = source,
        RecordedById = recordedBy,
    };

    /// <summary>Records the activity and returns the sentence that confirms it (or says why not) to the actor.</summary>
    public async Task<string> RecordAsync(TurnContext ctx, Person person, string kindText, string reference, DateOnly on, CancellationToken ct)
    {
        var rules = program.Value.Incentives.Points;
        var kinds = string.Join(", ", rules.Activities.Keys.Order(StringComparer.Ordinal));
        if (rules.Kind(kindText) is not { } kind) return ctx.T("points.unknown-kind", kindText, kinds);
        reference = reference.Trim();
        if (reference.Length > 100 || reference.Any(c => char.IsControl(c) || c is '<' or '>')) return ctx.T("points.bad-reference");
        if (on < program.Value.Incentives.From) return ctx.T("points.before-start", program.Value.Incentives.From);
        var shown = reference.Length > 0 ? $"{kind} \"{reference}\"" : kind;
        var added = await AddAsync(ctx.Db, person.Id, person.PartnerOrganisationId!, kind, on, reference, "rep", ctx.Actor.PersonId, ct);
        if (added is null) return ctx.T("points.already", person.DisplayName, shown, on);
        var earns = calculator.Points(on, kind)!;
        return ctx.T("points.recorded", person.DisplayName, person.PartnerOrganisation?.Name, shown, on,
            LocaleFormat.For(ctx.Language).Number(earns.Points ?? 0), new Money(earns.Amount, earns.Currency));
    }
}
