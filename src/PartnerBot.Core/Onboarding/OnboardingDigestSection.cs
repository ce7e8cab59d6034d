using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Digests;

namespace PartnerBot.Onboarding;

/// <summary>Every digest partner's onboarding progress, loaded once per digest (or scheduler pass).</summary>
public sealed class OnboardingDigestRows : IDigestRows<OnboardingDigestRows>
{
    private readonly Dictionary<string, OnboardingProgress> _byPartner;
    private OnboardingDigestRows(Dictionary<string, OnboardingProgress> byPartner) => _byPartner = byPartner;

    public OnboardingProgress? this[string partnerId] => _byPartner.GetValueOrDefault(partnerId);

    public static async Task<OnboardingDigestRows> LoadAsync(DigestLoad load, CancellationToken ct)
    {
        var (all, ids) = (load.AllPartners, load.Ids);
        var orgs = await load.Db.PartnerOrganisations.AsNoTracking().Where(o => all || ids.Contains(o.Id)).ToListAsync(ct);
        var progress = await OnboardingJourney.ForAsync(load.Db, load.Program.Onboarding, orgs, all, ct);
        return new(progress.ToDictionary(p => p.OrganisationId));
    }
}

/// <summary>
/// Onboarding (Order 25): the scope's partners by stage (the first step of the journey not done), the median time from
/// joining to the first closed-won deal (UTC dates: the same figure in every reader's time zone) with how many made it
/// within Program:Onboarding:FirstDealTargetDays, and the partners still onboarding, longest first.
/// </summary>
public sealed class OnboardingDigestSection : RowsDigestSection<OnboardingDigestRows>
{
    public override int Order => 25;

    protected override DigestSection? Build(DigestContext ctx, OnboardingDigestRows rows)
    {
        var title = ctx.T("digest.onboarding.title");
        var all = ctx.Partners.Select(p => rows[p.Id]).OfType<OnboardingProgress>().ToList();
        if (all.Count == 0) return new(title, [new TextBlock(ctx.T("digest.onboarding.none"))]);
        var rules = ctx.Program.Onboarding;

        var stages = rules.Journey.Select(step => (Step: step, Count: all.Count(p => p.Stage == step))).Where(s => s.Count > 0)
            .Select(s => new Fact(ctx.T($"onboarding.step.{s.Step}"), ctx.T("digest.onboarding.partners", s.Count))).ToList();
        var complete = all.Count(p => p.Stage is null);
        if (complete > 0) stages.Add(new Fact(ctx.T("digest.onboarding.complete"), ctx.T("digest.onboarding.partners", complete)));

        var days = all.Select(p => p.DaysToFirstDeal).OfType<int>().Order().ToList();
        var firstDeal = new Fact(ctx.T("digest.onboarding.first-deal"), days.Count == 0
            ? ctx.T("digest.onboarding.median.none")
            : ctx.T("digest.onboarding.median", ctx.Format.Number(Median(days)), days.Count, days.Count(d => d <= rules.FirstDealTargetDays),
                rules.FirstDealTargetDays));

        var blocks = new List<Block>
        {
            new FactsBlock(stages) { Title = ctx.T("digest.onboarding.stages") },
            new FactsBlock([firstDeal]),
        };
        var today = OnboardingJourney.UtcDay(ctx.Scope.Now);
        var waiting = all.Where(p => p.Stage is not null).OrderBy(p => p.JoinedOn).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        if (waiting.Count > 0)
            blocks.Add(new FactsBlock(ctx.Cut(waiting, p => new Fact(p.Name,
                ctx.T("digest.onboarding.row", ctx.T($"onboarding.step.{p.Stage}"), p.DaysSinceJoining(today))), "onboarding"))
            { Title = ctx.T("digest.onboarding.waiting") });
        return new(title, blocks);
    }

    /// <summary>The middle value of sorted days; for an even count, halfway between the two middle ones.</summary>
    public static decimal Median(IReadOnlyList<int> sorted) => sorted.Count % 2 == 1
        ? sorted[sorted.Count / 2]
        : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2m;
}
