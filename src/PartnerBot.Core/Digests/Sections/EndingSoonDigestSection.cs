using PartnerBot.Conversations;
using PartnerBot.Deals;

namespace PartnerBot.Digests.Sections;

/// <summary>
/// Ending soon: approved registrations whose protection ends within 14 days, and MDF funds whose period ends within
/// the same window with money left unplanned (it is lost unless used). Nothing ending: no section.
/// </summary>
public sealed class EndingSoonDigestSection : IDigestSection
{
    public const int WindowDays = 14;

    public int Order => 40;

    public Task<DigestSection?> BuildAsync(DigestContext ctx, CancellationToken ct) =>
        Task.FromResult(ctx.Memo(nameof(EndingSoonDigestSection), () => new Box(Build(ctx))).Section);

    private sealed record Box(DigestSection? Section);

    private static DigestSection? Build(DigestContext ctx)
    {
        var today = ctx.Today;
        var until = today.AddDays(WindowDays);
        var protection = ctx.Partners.SelectMany(p => ctx.Data.Deals[p.Id]
                .Where(d => d.Status == DealStatus.Approved && d.ProtectedUntil is { } u && u >= today && u <= until)
                .Select(d => (Partner: p, Deal: d)))
            .OrderBy(x => x.Deal.ProtectedUntil).ThenBy(x => x.Deal.CompanyName, StringComparer.Ordinal).ToList();
        // PeriodEnd is exclusive: the fund's last day is the day before.
        var funds = ctx.Partners.SelectMany(p => ctx.Data.Funds[p.Id]
                .Where(f => !f.RolledIntoNext && f.Left > 0 && f.PeriodEnd > today && f.PeriodEnd.AddDays(-1) <= until)
                .Select(f => (Partner: p, Fund: f)))
            .OrderBy(x => x.Fund.PeriodEnd).ThenByDescending(x => x.Fund.Left).ThenBy(x => x.Partner.Name, StringComparer.Ordinal).ToList();
        if (protection.Count == 0 && funds.Count == 0) return null;

        var blocks = new List<Block>();
        if (protection.Count > 0)
        {
            blocks.Add(new TextBlock(ctx.T("digest.ending.protection", protection.Count, WindowDays)));
            blocks.Add(new FactsBlock(ctx.Cut(protection, x => new Fact($"{x.Deal.CompanyName} ({x.Partner.Name})",
                ctx.T("digest.ending.protection.until", ctx.Date(x.Deal.ProtectedUntil!.Value), x.Deal.ProtectedUntil!.Value.DayNumber - today.DayNumber)),
                "deal.queue")));
        }
        if (funds.Count > 0)
        {
            blocks.Add(new TextBlock(ctx.T("digest.ending.funds", funds.Count, ctx.Money(funds.Sum(f => f.Fund.Left)))));
            blocks.Add(new FactsBlock(ctx.Cut(funds, x => new Fact(x.Partner.Name,
                ctx.T("digest.ending.funds.left", ctx.Money(x.Fund.Left), ctx.Date(x.Fund.PeriodEnd.AddDays(-1)))), "mdf")));
        }
        return new(ctx.T("digest.ending.title"), blocks);
    }
}
