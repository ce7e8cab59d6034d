using PartnerBot.Digests;

namespace PartnerBot.Knowledge;

/// <summary>
/// Answer quality (Order 80) in the manager's digest: what it says and who may read it are <see cref="AnswerQuality"/>'s.
/// Knowledge uses the digest's frame, as every capability may, and no capability.
/// </summary>
public sealed class AnswerQualityDigestSection : IDigestSection
{
    public int Order => 80;

    public async Task<DigestSection?> BuildAsync(DigestContext ctx, CancellationToken ct)
    {
        if (!AnswerQuality.ShownTo(ctx.Scope.Recipient, ctx.Scope.AllPartners)) return null;
        var part = await AnswerQuality.BuildAsync(ctx.Db, ctx.Scope.PeriodStart, ctx.Scope.Now, ctx.T, facts => ctx.Cut(facts, "digest"), ct);
        return part is { } p ? new DigestSection(p.Title, p.Blocks) : null;
    }
}
