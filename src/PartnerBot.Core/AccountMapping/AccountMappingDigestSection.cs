using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Digests;

namespace PartnerBot.AccountMapping;

/// <summary>
/// Account mapping (Order 36), for the scope's partners that shared a list (a manager's: every partner; a rep's: the
/// partners they own): how many accounts they shared, how many of those overlap (the same <see cref="AccountOverlaps"/>
/// as "overlap"), how many overlap a direct-sales account and how many another partner's open registration, and the
/// co-sells started in the digest's period; then each partner's counts, most overlaps first. Only counts: no account of
/// either side is named, so the digest tells nothing "overlap" would not.
/// </summary>
public sealed class AccountMappingDigestSection(AccountOverlaps overlaps) : IDigestSection
{
    public int Order => 36;

    public async Task<DigestSection?> BuildAsync(DigestContext ctx, CancellationToken ct)
    {
        var partners = ctx.Partners.ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        if (partners.Count == 0) return null;
        var (from, to) = (ctx.Scope.PeriodStart, ctx.Scope.Now);
        var ids = partners.Keys.ToList();
        var accounts = await ctx.Db.PartnerAccounts.AsNoTracking().Where(a => ids.Contains(a.PartnerOrganisationId))
            .Select(a => new { a.PartnerOrganisationId, a.CoSellOpenedAt }).ToListAsync(ct);
        if (accounts.Count == 0) return null;

        var rows = new List<Row>();
        foreach (var group in accounts.GroupBy(a => a.PartnerOrganisationId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var found = await overlaps.ForAsync(group.Key, notAlertedOnly: false, ct);
            rows.Add(new Row(partners[group.Key], group.Count(), found.Count, found.Count(o => o.VendorAccount), found.Count(o => o.Registered),
                group.Count(a => a.CoSellOpenedAt >= from && a.CoSellOpenedAt < to)));
        }
        var blocks = new List<Block>
        {
            new TextBlock(ctx.T("digest.accounts.summary", rows.Count, rows.Sum(r => r.Shared), rows.Sum(r => r.Overlapping),
                rows.Sum(r => r.VendorAccounts), rows.Sum(r => r.Registrations), rows.Sum(r => r.CoSells))),
            new FactsBlock(ctx.Cut(rows.OrderByDescending(r => r.Overlapping).ThenBy(r => r.Name, StringComparer.Ordinal).ToList(),
                r => new Fact(r.Name, ctx.T("digest.accounts.row", r.Overlapping, r.Shared, r.VendorAccounts, r.Registrations, r.CoSells)), OverlapCommand.Name))
            { Title = ctx.T("digest.accounts.partners") },
        };
        return new DigestSection(ctx.T("digest.accounts.title"), blocks);
    }

    private sealed record Row(string Name, int Shared, int Overlapping, int VendorAccounts, int Registrations, int CoSells);
}
