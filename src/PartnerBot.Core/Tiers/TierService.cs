using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Enablement;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Tiers;

/// <summary>Where an organisation stands: its facts, its tier, and the next tier's criteria against them.</summary>
public sealed record TierStanding(TierFacts Facts, TierRules Current, TierRules? Next,
    IReadOnlyList<CriterionCheck> CurrentChecks, IReadOnlyList<CriterionCheck> NextChecks, DateOnly? Recertification);

/// <summary>
/// Gathers an organisation's tier facts and applies the evaluator's decision: upgrades at once, warnings with a grace
/// period, downgrades when it ends. Partner users and the owning rep are told; every change is audited.
/// </summary>
public sealed class TierService(PartnerBotDb db, TierEvaluator evaluator, PartnerSourcedRevenue revenues, Notifier notifier, Localizer localizer,
    IOptions<ProgramOptions> program)
{
    private ProgramOptions Program => program.Value;

    /// <summary>
    /// The organisation's tier facts: annual revenue is <see cref="PartnerSourcedRevenue.TrailingYearAsync"/> (plus a win
    /// not saved yet); closed deals are the imported count plus every deal won here in the last 12 months. Certified
    /// people: the imported count is the floor, recorded certifications raise it.
    /// </summary>
    public async Task<TierFacts> FactsAsync(PartnerOrganisation org, DateTimeOffset now, (decimal Revenue, int Deals) extraWon, CancellationToken ct)
    {
        var since = now.AddDays(-365);
        var wonDeals = await db.DealRegistrations.AsNoTracking()
            .CountAsync(d => d.PartnerOrganisationId == org.Id && d.Status == DealStatus.ClosedWon && d.ClosedAt >= since, ct);
        var revenue = await revenues.TrailingYearAsync(db, org, now, ct) + extraWon.Revenue;
        var certs = await Certifications.ForOrganisationAsync(db, org.Id, DateOnly.FromDateTime(now.UtcDateTime), ct);
        return new TierFacts(revenue, org.ClosedDealsBefore + wonDeals + extraWon.Deals,
            Math.Max(org.SalesCertifiedReps, certs.SalesCertifiedReps), Math.Max(org.TechnicalCertifications, certs.TechnicalCertifications),
            org.CustomerReferences, org.DedicatedPractice, org.ExecutiveSponsor);
    }

    public async Task<TierStanding> StandingAsync(PartnerOrganisation org, DateTimeOffset now, CancellationToken ct)
    {
        var facts = await FactsAsync(org, now, (0m, 0), ct);
        var current = Program.FindTier(org.Tier) ?? Program.Tiers[0];
        var next = Program.NextTier(current.Name);
        return new TierStanding(facts, current, next, evaluator.Check(current, facts),
            next is null ? [] : evaluator.Check(next, facts), org.TierSince?.AddMonths(Program.TierReview.RecertifyEveryMonths));
    }

    /// <summary>Evaluates one organisation and applies the decision on the caller's DbContext (saved by the caller).</summary>
    public async Task<TierDecision> ReviewAsync(PartnerOrganisation org, (decimal Revenue, int Deals) extraWon, DateTimeOffset now, CancellationToken ct)
    {
        var facts = await FactsAsync(org, now, extraWon, ct);
        var decision = evaluator.Decide(org.Tier, org.TierGraceUntil, facts, now);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var from = org.Tier;
        switch (decision.Change)
        {
            case TierChange.Upgrade:
                org.Tier = decision.Tier;
                org.TierSince = today;
                org.TierGraceUntil = null;
                await NotifyAsync(org, $"tier-up:{org.Id}:{decision.Tier}:{today:yyyyMMdd}", lang => localizer.Get(lang, "tiers.notify.upgrade", org.Name, from, decision.Tier), ct);
                break;
            case TierChange.Warn:
                org.TierGraceUntil = decision.GraceUntil;
                await NotifyAsync(org, $"tier-warn:{org.Id}:{org.Tier}:{today:yyyyMMdd}", lang => localizer.Get(lang, "tiers.notify.warning", org.Name, org.Tier,
                    Missing(decision.Missing, lang), LocaleFormat.For(lang).Date(DateOnly.FromDateTime(decision.GraceUntil!.Value.UtcDateTime))), ct);
                break;
            case TierChange.ClearWarning:
                org.TierGraceUntil = null;
                break;
            case TierChange.Downgrade:
                org.Tier = decision.Tier;
                org.TierSince = today;
                org.TierGraceUntil = null;
                await NotifyAsync(org, $"tier-down:{org.Id}:{decision.Tier}:{today:yyyyMMdd}", lang => localizer.Get(lang, "tiers.notify.downgrade", org.Name, from, decision.Tier), ct);
                break;
        }
        return decision;
    }

    /// <summary>Reviews every organisation; returns the decisions that changed something.</summary>
    public async Task<List<(string Org, TierDecision Decision)>> ReviewAllAsync(DateTimeOffset now, CancellationToken ct)
    {
        var changed = new List<(string, TierDecision)>();
        foreach (var org in await db.PartnerOrganisations.OrderBy(o => o.Id).ToListAsync(ct))
        {
            var d = await ReviewAsync(org, (0m, 0), now, ct);
            if (d.Change != TierChange.Keep) changed.Add((org.Id, d));
        }
        return changed;
    }

    /// <summary>"2 more sales-certified reps, an executive sponsor".</summary>
    public string Missing(IEnumerable<CriterionCheck> checks, string language) =>
        string.Join(", ", checks.Where(c => !c.Met).Select(c => c.Criterion switch
        {
            Criterion.AnnualRevenue => localizer.Get(language, "tiers.missing.AnnualRevenue", LocaleFormat.For(language).Money(c.Missing, Program.Currency)),
            Criterion.DedicatedPractice or Criterion.ExecutiveSponsor => localizer.Get(language, $"tiers.missing.{c.Criterion}"),
            _ => localizer.Get(language, $"tiers.missing.{c.Criterion}", (int)c.Missing),
        }));

    private async Task NotifyAsync(PartnerOrganisation org, string key, Func<string, string> text, CancellationToken ct)
    {
        var people = await db.People.AsNoTracking()
            .Where(p => (p.PartnerOrganisationId == org.Id && p.Role == Role.PartnerUser) || p.Id == org.OwnerRepId)
            .ToListAsync(ct);
        foreach (var p in people)
            await notifier.QueueOnceAsync(p.Id, Reply.Text(text(p.Preferences.Language), Visibility.Asker), $"{key}:{p.Id}", ct);
    }
}
