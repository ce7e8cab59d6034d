using PartnerBot.Conversations;
using PartnerBot.Digests;

namespace PartnerBot.Deals;

/// <summary>
/// Deal registration: registered this period and the change vs the one before, average deal value, share accepted
/// (of this period's registrations already decided), share won and average sales cycle (of deals closed this period),
/// and the share of partners that registered at least one deal.
/// </summary>
public sealed class DealsDigestSection : RowsDigestSection<DealDigestRows>
{
    public override int Order => 10;

    protected override DigestSection? Build(DigestContext ctx, DealDigestRows rows)
    {
        var s = ctx.Scope;
        var deals = ctx.Partners.SelectMany(p => rows[p.Id]).ToList();
        var facts = new List<Fact>();

        var now = deals.Where(d => d.RegisteredAt >= s.PeriodStart && d.RegisteredAt < s.Now).ToList();
        var before = deals.Count(d => d.RegisteredAt >= s.PreviousStart && d.RegisteredAt < s.PeriodStart);
        facts.Add(new(ctx.T("digest.deals.registered"),
            now.Count == 0 && before == 0 ? ctx.T("digest.deals.registered.none")
            : now.Count == 0 ? ctx.T("digest.deals.registered.none-before", before)
            : ctx.T("digest.deals.registered.value", now.Count, before, Change(now.Count, before))));

        var amounts = now.Where(d => d.Amount is not null).Select(d => d.Amount!.Value).ToList();
        facts.Add(new(ctx.T("digest.deals.average"),
            now.Count == 0 ? ctx.T("digest.deals.none-registered")
            : amounts.Count == 0 ? ctx.T("digest.deals.average.no-amounts")
            : ctx.T("digest.deals.average.value", ctx.Money(amounts.Sum() / amounts.Count), amounts.Count)));

        var decided = now.Where(d => d.Status != DealStatus.InReview).ToList();
        var accepted = decided.Count(d => d.Status != DealStatus.Rejected);
        facts.Add(new(ctx.T("digest.deals.accepted"),
            now.Count == 0 ? ctx.T("digest.deals.none-registered")
            : decided.Count == 0 ? ctx.T("digest.deals.accepted.none-decided", now.Count)
            : ctx.T("digest.deals.accepted.value", DigestContext.Percent(accepted, decided.Count), accepted, decided.Count)));

        var closed = deals.Where(d => d.ClosedAt is { } c && c >= s.PeriodStart && c < s.Now
            && d.Status is DealStatus.ClosedWon or DealStatus.ClosedLost).ToList();
        var won = closed.Where(d => d.Status == DealStatus.ClosedWon).ToList();
        var everClosed = deals.Any(d => d.Status is DealStatus.ClosedWon or DealStatus.ClosedLost);
        facts.Add(new(ctx.T("digest.deals.won"),
            !everClosed ? ctx.T("digest.deals.none-closed-yet")
            : closed.Count == 0 ? ctx.T("digest.deals.none-closed")
            : ctx.T("digest.deals.won.value", DigestContext.Percent(won.Count, closed.Count), won.Count, closed.Count)));
        facts.Add(new(ctx.T("digest.deals.cycle"),
            !everClosed ? ctx.T("digest.deals.none-closed-yet")
            : won.Count == 0 ? ctx.T("digest.deals.none-won")
            : ctx.T("digest.deals.cycle.value",
                Math.Round(won.Average(d => (d.ClosedAt!.Value - d.RegisteredAt).TotalDays), 0, MidpointRounding.AwayFromZero), won.Count)));

        var registering = now.Select(d => d.OrganisationId).Distinct().Count();
        facts.Add(new(ctx.T("digest.deals.partners"),
            ctx.T("digest.deals.partners.value", DigestContext.Percent(registering, ctx.Partners.Count), registering, ctx.Partners.Count)));

        return new(ctx.T("digest.deals.title"), ctx.ConvertedNote(now.Where(d => d.Amount is not null)) is { } note
            ? [new FactsBlock(facts), note] : [new FactsBlock(facts)]);
    }

    /// <summary>"+4", "−2" or "±0".</summary>
    private static string Change(int now, int before) => (now - before) switch
    {
        > 0 and var d => $"+{d}",
        < 0 and var d => $"\u2212{-d}",
        _ => "\u00b10",
    };
}
