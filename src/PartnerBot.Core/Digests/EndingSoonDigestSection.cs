using PartnerBot.Conversations;

namespace PartnerBot.Digests;

/// <summary>
/// A capability's part of "Ending soon": what ends between today and <c>until</c> (protections, MDF funds with money
/// left), as blocks; none when nothing of it ends.
/// </summary>
public interface IDigestEndingSoon
{
    int Order { get; }
    Task<IReadOnlyList<Block>> EndingAsync(DigestContext ctx, DateOnly until, CancellationToken ct);
}

/// <summary>
/// Ending soon: what each capability has ending within 14 days (approved registrations' protection, MDF funds whose
/// money is lost unless used). Nothing ending: no section.
/// </summary>
public sealed class EndingSoonDigestSection(IEnumerable<IDigestEndingSoon> parts) : IDigestSection
{
    public const int WindowDays = 14;

    public int Order => 40;

    public async Task<DigestSection?> BuildAsync(DigestContext ctx, CancellationToken ct) =>
        (await ctx.MemoAsync(nameof(EndingSoonDigestSection), async () => new Box(await BuildAsyncCore(ctx, ct)))).Section;

    private sealed record Box(DigestSection? Section);

    private async Task<DigestSection?> BuildAsyncCore(DigestContext ctx, CancellationToken ct)
    {
        var until = ctx.Today.AddDays(WindowDays);
        var blocks = new List<Block>();
        foreach (var part in parts.OrderBy(p => p.Order)) blocks.AddRange(await part.EndingAsync(ctx, until, ct));
        return blocks.Count == 0 ? null : new(ctx.T("digest.ending.title"), blocks);
    }
}
