using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Deals;

/// <summary>The registrations of the organisations an actor may see (<see cref="OrganisationAccess"/> decides which).</summary>
public static class DealScope
{
    public static IQueryable<DealRegistration> VisibleTo(this IQueryable<DealRegistration> deals, Actor actor) =>
        deals.VisibleTo(actor, d => d.PartnerOrganisation);

    public static Task<DealRegistration?> FindVisibleAsync(PartnerBotDb db, Actor actor, string id, CancellationToken ct) =>
        db.DealRegistrations.Include(d => d.PartnerOrganisation).VisibleTo(actor).FirstOrDefaultAsync(d => d.Id == id, ct);
}

/// <summary>"my deals": the registrations this person may see, newest first, with protection and days left.</summary>
public sealed class MyDealsCommand : ICommand
{
    public const int Limit = 25;

    public CommandInfo Info { get; } = new("deal.mine", CommandInfo.Everyone)
    {
        HelpKey = "help.deal.mine",
        Order = 11,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var deals = await ctx.Db.DealRegistrations.AsNoTracking().Include(d => d.PartnerOrganisation)
            .VisibleTo(ctx.Actor).OrderByDescending(d => d.RegisteredAt).Take(Limit).ToListAsync(ct);
        if (deals.Count == 0)
        {
            ctx.Send(ctx.T("deal.mine.empty"), Visibility.Asker);
            return;
        }
        var today = DealService.Today(ctx.Actor.TimeZone, ctx.Now);
        var lang = ctx.Language;
        var blocks = new List<Block> { new TextBlock(ctx.T("deal.mine.title", deals.Count), TextStyle.Heading) };
        foreach (var d in deals)
        {
            var facts = new List<Fact> { new(ctx.T("deal.field.reference"), d.Id) };
            if (ctx.Actor.IsVendorStaff) facts.Add(new(ctx.T("deal.field.partner"), d.PartnerOrganisation?.Name ?? d.PartnerOrganisationId));
            facts.Add(new(ctx.T("deal.field.amount"), d.Amount is { } a ? LocaleFormat.For(lang).Money(a, d.Currency) : "—"));
            facts.Add(new(ctx.T("deal.field.close-date"), LocaleFormat.For(lang).Date(d.CloseDate)));
            if (d.ProtectedUntil is { } until)
            {
                facts.Add(new(ctx.T("deal.field.protected-until"), LocaleFormat.For(lang).Date(until)));
                if (d.Status == DealStatus.Approved)
                    facts.Add(new(ctx.T("deal.field.days-left"), LocaleFormat.For(lang).Number(Math.Max(0, until.DayNumber - today.DayNumber))));
            }
            if (d.ExtensionStatus == ExtensionStatus.Pending) facts.Add(new(ctx.T("deal.field.extension"), ctx.T("deal.extension.pending")));
            blocks.Add(new FactsBlock(facts) { Title = $"{d.CompanyName} · {ctx.T($"deal.status.{d.Status}")}" });
        }
        ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker, Summary = ctx.T("deal.mine.title", deals.Count) });
    }
}
