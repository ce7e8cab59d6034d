using PartnerBot.Digests;
using PartnerBot.Knowledge;

namespace PartnerBot.Host.Digests;

/// <summary>
/// Answer quality (Order 80) in the manager's digest. What it says and who may read it are Knowledge's
/// (<see cref="AnswerQuality"/>); it is hung here because Knowledge, which every capability feeds, knows no capability,
/// the digest included.
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
