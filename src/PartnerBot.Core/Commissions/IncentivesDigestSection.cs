using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Digests;
using PartnerBot.PartnerProgram;

namespace PartnerBot.Commissions;

/// <summary>
/// Incentives (Order 55, after revenue): what the partners in scope earned beyond commission this period, by kind (activity
/// points also counted as points, with how many people earned them), and
/// the partners earning most. Absent while the program runs no incentives. Totals are per currency (MoneyTotals).
/// </summary>
public sealed class IncentivesDigestSection : IDigestSection
{
    public int Order => 55;

    public async Task<DigestSection?> BuildAsync(DigestContext ctx, CancellationToken ct)
    {
        if (!ctx.Program.Incentives.Any) return null;
        var s = ctx.Scope;
        var from = DateOnly.FromDateTime(s.PeriodStart.UtcDateTime);
        var to = DateOnly.FromDateTime(s.Now.UtcDateTime);
        var ids = ctx.Partners.Select(p => p.Id).ToList();
        var lines = await ctx.Db.CommissionLines.AsNoTracking()
            .Where(l => l.Kind != CommissionLineKind.Commission && l.State != CommissionState.ClawedBack && l.WonOn >= from && l.WonOn <= to
                        && (s.AllPartners || ids.Contains(l.PartnerOrganisationId)))
            .Select(l => new { l.Kind, l.PartnerOrganisationId, l.Amount, l.Currency, l.Points, l.PersonId }).ToListAsync(ct);
        if (lines.Count == 0) return new DigestSection(ctx.T("digest.incentives.title"), [new TextBlock(ctx.T("digest.incentives.none"))]);

        var facts = lines.GroupBy(l => l.Kind).OrderBy(g => g.Key)
            .Select(g => new Fact(ctx.T($"digest.incentives.{g.Key}"), ctx.Format.Money(MoneyTotals.Of(g, l => l.Amount, l => l.Currency).Items(ctx.Program.Currency))))
            .ToList();
        // Activity points also as points: how many, earned by how many people.
        var points = lines.Where(l => l.Kind == CommissionLineKind.Points).ToList();
        if (points.Count > 0)
            facts.Add(new Fact(ctx.T("digest.incentives.points"), ctx.T("digest.incentives.points.value", ctx.Format.Number(points.Sum(l => l.Points ?? 0)),
                ctx.Format.Number(points.Select(l => l.PersonId).Distinct().Count()),
                ctx.Format.Money(MoneyTotals.Of(points, l => l.Amount, l => l.Currency).Items(ctx.Program.Currency)))));
        var names = ctx.Partners.ToDictionary(p => p.Id, p => p.Name);
        var top = lines.Where(l => names.ContainsKey(l.PartnerOrganisationId)).GroupBy(l => l.PartnerOrganisationId)
            .Select(g => (Name: names[g.Key], Totals: MoneyTotals.Of(g, l => l.Amount, l => l.Currency)))
            .OrderByDescending(x => x.Totals.Converted(ctx.Program)?.Amount ?? x.Totals[ctx.Program.Currency])
            .ThenBy(x => x.Name, StringComparer.Ordinal).ToList();
        return new DigestSection(ctx.T("digest.incentives.title"), [
            new FactsBlock(facts),
            new FactsBlock(ctx.Cut(top, x => new Fact(x.Name, ctx.Format.Money(x.Totals.Items(ctx.Program.Currency))), "digest")) { Title = ctx.T("digest.incentives.top") },
        ]);
    }
}
