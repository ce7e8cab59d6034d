using PartnerBot.Conversations;

namespace PartnerBot.Digests;

/// <summary>
/// A decision waiting for a rep or manager, as the capability that owns it lists it: its label
/// (<paramref name="LabelKey"/> with what and the partner's name), and how long it has waited.
/// </summary>
/// <param name="Id">Shown after <paramref name="What"/> when the item has an id people type (a registration's).</param>
public sealed record WaitingDecision(string LabelKey, string What, string? Id, string Partner, TimeSpan Age);

/// <summary>A capability's decisions waiting for the digest's scope (registrations in review, MDF plans and claims).</summary>
public interface IDigestDecisions
{
    Task<IEnumerable<WaitingDecision>> WaitingAsync(DigestContext ctx, CancellationToken ct);
}

/// <summary>
/// Decisions waiting, from every capability that has some; those past Program:Review:SlaHours first, then the oldest.
/// </summary>
public sealed class DecisionsDigestSection(IEnumerable<IDigestDecisions> sources) : IDigestSection
{
    public int Order => 30;

    public async Task<DigestSection?> BuildAsync(DigestContext ctx, CancellationToken ct) =>
        (await ctx.MemoAsync(nameof(DecisionsDigestSection), async () => new Box(await BuildAsyncCore(ctx, ct)))).Section;

    private sealed record Box(DigestSection? Section);

    private async Task<DigestSection?> BuildAsyncCore(DigestContext ctx, CancellationToken ct)
    {
        var items = new List<WaitingDecision>();
        foreach (var source in sources) items.AddRange(await source.WaitingAsync(ctx, ct));
        var title = ctx.T("digest.decisions.title");
        if (items.Count == 0) return new(title, [new TextBlock(ctx.T("digest.decisions.none"))]);

        var sla = TimeSpan.FromHours(ctx.Program.Review.SlaHours);
        var ordered = items.OrderByDescending(i => i.Age > sla).ThenByDescending(i => i.Age).ThenBy(i => i.What, StringComparer.Ordinal).ToList();
        var late = ordered.Count(i => i.Age > sla);
        Fact ToFact(WaitingDecision i) => new(
            ctx.T(i.LabelKey, i.Id is null ? i.What : $"{i.What} ({i.Id})", i.Partner),
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
