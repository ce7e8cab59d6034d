using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Mdf;

namespace PartnerBot.Digests.Sections;

/// <summary>
/// Decisions waiting: registrations in review, MDF plans submitted and claims made, each with its age; those past
/// Program:Review:SlaHours first, then the oldest.
/// </summary>
public sealed class DecisionsDigestSection : IDigestSection
{
    public int Order => 30;

    /// <param name="Id">For a registration, its id (shown after the company); null for MDF.</param>
    private sealed record Waiting(string Kind, string What, string? Id, string Partner, TimeSpan Age);

    public Task<DigestSection?> BuildAsync(DigestContext ctx, CancellationToken ct) =>
        Task.FromResult(ctx.Memo(nameof(DecisionsDigestSection), () => new Box(Build(ctx))).Section);

    private sealed record Box(DigestSection? Section);

    private static DigestSection? Build(DigestContext ctx)
    {
        var now = ctx.Scope.Now;
        var items = new List<Waiting>();
        foreach (var p in ctx.Partners)
        {
            items.AddRange(ctx.Data.Deals[p.Id].Where(d => d.Status == DealStatus.InReview)
                .Select(d => new Waiting("deal", d.CompanyName, d.Id, p.Name, now - d.RegisteredAt)));
            items.AddRange(ctx.Data.Plans[p.Id].Where(x => x.Status == MdfPlanStatus.Submitted)
                .Select(x => new Waiting("plan", x.Title, null, p.Name, now - x.SubmittedAt)));
            items.AddRange(ctx.Data.Plans[p.Id].Where(x => x.Status == MdfPlanStatus.Claimed)
                .Select(x => new Waiting("claim", x.Title, null, p.Name, now - (x.ClaimedAt ?? x.SubmittedAt))));
        }
        var title = ctx.T("digest.decisions.title");
        if (items.Count == 0) return new(title, [new TextBlock(ctx.T("digest.decisions.none"))]);

        var sla = TimeSpan.FromHours(ctx.Program.Review.SlaHours);
        var ordered = items.OrderByDescending(i => i.Age > sla).ThenByDescending(i => i.Age).ThenBy(i => i.What, StringComparer.Ordinal).ToList();
        var late = ordered.Count(i => i.Age > sla);
        Fact ToFact(Waiting i) => new(
            ctx.T($"digest.decisions.{i.Kind}", i.Id is null ? i.What : $"{i.What} ({i.Id})", i.Partner),
            ctx.T(i.Age > sla ? "digest.decisions.age.late" : "digest.decisions.age", Age(ctx, i.Age), ctx.Program.Review.SlaHours));
        return new(title,
        [
            new TextBlock(ctx.T("digest.decisions.summary", ordered.Count, late, ctx.Program.Review.SlaHours)),
            new FactsBlock(ctx.Cut(ordered, ToFact, "deal.queue")),
        ]);
    }

    /// <summary>"3 d 4 h" or "5 h".</summary>
    public static string Age(DigestContext ctx, TimeSpan age) =>
        age.TotalHours >= 24 ? ctx.T("digest.age.days", (int)age.TotalDays, age.Hours) : ctx.T("digest.age.hours", Math.Max(0, (int)age.TotalHours));
}
