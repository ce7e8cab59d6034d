using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Digests;

namespace PartnerBot.Leads;

/// <summary>
/// Lead distribution (Order 33): the offers to the scope's partners that ended in the digest's period (accepted,
/// declined or let expire), the acceptance rate over them, the rate of each partner, and the leads whose last offer
/// ended in the period with no partner taking them. Of the offers accepted, those whose registration closed won by the
/// digest's moment are converted (instants, not days: every reader's time zone reads the same figures).
/// </summary>
public sealed class LeadsDigestSection : IDigestSection
{
    public int Order => 33;

    public async Task<DigestSection?> BuildAsync(DigestContext ctx, CancellationToken ct)
    {
        var scope = ctx.Scope;
        var (from, to) = (scope.PeriodStart, scope.Now);
        var ids = scope.PartnerIds.ToArray();
        var all = scope.AllPartners;
        var ended = ctx.Db.LeadOffers.AsNoTracking()
            .Where(o => o.AnsweredAt != null && o.AnsweredAt >= from && o.AnsweredAt < to && (all || ids.Contains(o.PartnerOrganisationId)));
        var rows = await LeadAcceptance.ForAsync(ctx.Db, ended, ctx.Db.PartnerOrganisations.AsNoTracking(), to, ct);
        if (rows.Count == 0) return null;
        var unplaced = await ctx.Db.Leads.AsNoTracking().CountAsync(l => l.State == LeadState.Unplaced
            && l.Offers.Any(o => o.AnsweredAt >= from && o.AnsweredAt < to && (all || ids.Contains(o.PartnerOrganisationId)))
            && !l.Offers.Any(o => o.AnsweredAt >= to), ct);

        var (accepted, declined, expired, converted) = (rows.Sum(r => r.Accepted), rows.Sum(r => r.Declined), rows.Sum(r => r.Expired), rows.Sum(r => r.Converted));
        var total = accepted + declined + expired;
        var blocks = new List<Block>
        {
            new TextBlock(ctx.T("digest.leads.summary", total, accepted, declined, expired, DigestContext.Percent(accepted, total),
                converted, DigestContext.Percent(converted, accepted))),
            new FactsBlock(ctx.Cut(rows.OrderByDescending(r => r.Ended).ThenBy(r => r.Name, StringComparer.Ordinal).ToList(),
                r => new Fact(r.Name, ctx.T("digest.leads.row", r.Accepted, r.Ended, r.RatePercent, r.Declined, r.Expired, r.Converted, r.ConversionPercent)), "leads"))
            { Title = ctx.T("digest.leads.partners") },
        };
        if (unplaced > 0) blocks.Add(new TextBlock(ctx.T("digest.leads.unplaced", unplaced), TextStyle.Note));
        return new DigestSection(ctx.T("digest.leads.title"), blocks);
    }
}
