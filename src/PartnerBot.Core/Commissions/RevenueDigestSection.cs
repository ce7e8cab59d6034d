using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Digests;
using PartnerBot.PartnerProgram;
using PartnerBot.Localization;

namespace PartnerBot.Commissions;

/// <summary>Revenue (Order 50): partner-sourced revenue won this period and its share, top partners, commission payable.</summary>
public sealed class RevenueDigestSection : IDigestSection
{
    public int Order => 50;

    public async Task<DigestSection?> BuildAsync(DigestContext ctx, CancellationToken ct)
    {
        var s = ctx.Scope;
        var deals = await ctx.RowsAsync<DealDigestRows>(ct);
        var won = ctx.Partners.SelectMany(p => deals[p.Id]
                .Where(d => d.Status == DealStatus.ClosedWon && d.ClosedAt >= s.PeriodStart && d.ClosedAt <= s.Now && d.ContractValue is not null)
                .Select(d => (Partner: p, Deal: d)))
            .ToList();
        var partnerSourced = won.Where(x => PartnerSourcedRevenue.Counts(x.Deal.Status, x.Deal.Source)).ToList();
        var total = won.Sum(x => x.Deal.ContractValue!.Value);
        var sourced = partnerSourced.Sum(x => x.Deal.PartnerSourcedRevenue);

        var facts = new List<Fact>
        {
            new(ctx.T("digest.revenue.partner-sourced"), won.Count == 0 ? ctx.T("digest.revenue.none")
                : ctx.T("digest.revenue.partner-sourced.value", ctx.Money(sourced), total == 0 ? 0 : (int)Math.Round(100m * sourced / total, MidpointRounding.AwayFromZero), ctx.Money(total))),
        };

        var ids = ctx.Partners.Select(p => p.Id).ToList();
        var payable = await ctx.Db.CommissionLines.AsNoTracking()
            .Where(l => l.State == CommissionState.Payable && (s.AllPartners || ids.Contains(l.PartnerOrganisationId)))
            .Select(l => new { l.Currency, l.Amount }).ToListAsync(ct);
        facts.Add(new(ctx.T("digest.revenue.payable"), payable.Count == 0 ? ctx.T("digest.revenue.payable.none")
            : ctx.Format.Money(MoneyTotals.Of(payable, l => l.Amount, l => l.Currency).Items(ctx.Program.Currency))));

        var blocks = new List<Block> { new FactsBlock(facts) };
        var top = partnerSourced.GroupBy(x => x.Partner)
            .Select(g => (Partner: g.Key, Amount: g.Sum(x => x.Deal.PartnerSourcedRevenue)))
            .OrderByDescending(x => x.Amount).ThenBy(x => x.Partner.Name, StringComparer.Ordinal).ToList();
        if (top.Count > 0)
            blocks.Add(new FactsBlock(ctx.Cut(top, x => new Fact(x.Partner.Name, ctx.Money(x.Amount)), "digest")) { Title = ctx.T("digest.revenue.top") });
        if (ctx.ConvertedNote(won.Select(x => x.Deal)) is { } note) blocks.Add(note);
        return new DigestSection(ctx.T("digest.revenue.title"), blocks);
    }
}
