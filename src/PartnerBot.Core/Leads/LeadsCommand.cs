using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Digests;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Leads;

/// <summary>
/// One organisation's offers by outcome. The acceptance rate counts the offers that ended: accepted, declined or
/// expired. An accepted offer is converted when the registration its lead became closed won by the figures' moment
/// (instants, never a reader's days, so every time zone reads the same figures); the conversion rate counts the
/// accepted ones.
/// </summary>
public sealed record LeadAcceptance(string OrganisationId, string Name, int Offered, int Accepted, int Declined, int Expired, int Converted)
{
    public int Pending => Offered - Accepted - Declined - Expired;
    public int Ended => Accepted + Declined + Expired;
    public int RatePercent => DigestContext.Percent(Accepted, Ended);
    public int ConversionPercent => DigestContext.Percent(Converted, Accepted);

    /// <summary>
    /// The offers to the organisations <paramref name="organisations"/> holds, as acceptance and conversion per
    /// organisation (by name); a registration counts as won when it closed won at or before <paramref name="asOf"/>.
    /// </summary>
    public static async Task<List<LeadAcceptance>> ForAsync(PartnerBotDb db, IQueryable<LeadOffer> offers, IQueryable<PartnerOrganisation> organisations,
        DateTimeOffset asOf, CancellationToken ct)
    {
        var rows = await offers.Join(organisations, o => o.PartnerOrganisationId, p => p.Id, (o, p) => new { p.Id, p.Name, o.Outcome })
            .GroupBy(x => new { x.Id, x.Name, x.Outcome }).Select(g => new { g.Key.Id, g.Key.Name, g.Key.Outcome, Count = g.Count() })
            .ToListAsync(ct);
        var won = db.DealRegistrations.Where(d => d.Status == DealStatus.ClosedWon && (d.ClosedAt == null || d.ClosedAt <= asOf));
        var converted = await offers.Where(o => o.Outcome == OfferOutcome.Accepted)
            .Join(db.Leads, o => o.LeadId, l => l.Id, (o, l) => new { o.PartnerOrganisationId, l.DealRegistrationId })
            .Join(won, x => x.DealRegistrationId, d => d.Id, (x, d) => x.PartnerOrganisationId)
            .GroupBy(id => id).Select(g => new { Id = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Id, x => x.Count, ct);
        return rows.GroupBy(r => (r.Id, r.Name)).Select(g => new LeadAcceptance(g.Key.Id, g.Key.Name, g.Sum(r => r.Count),
                g.Where(r => r.Outcome == OfferOutcome.Accepted).Sum(r => r.Count), g.Where(r => r.Outcome == OfferOutcome.Declined).Sum(r => r.Count),
                g.Where(r => r.Outcome == OfferOutcome.Expired).Sum(r => r.Count), converted.GetValueOrDefault(g.Key.Id)))
            .OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
    }
}

/// <summary>
/// "leads": a partner sees the leads offered to its own organisation (the waiting ones as cards to answer); staff see
/// the acceptance and conversion rates of the partners they may see, and the leads of theirs no partner took.
/// </summary>
public sealed class LeadsCommand(LeadService leads) : ICommand
{
    public const int ListLimit = 15;

    public CommandInfo Info { get; } = new("leads", CommandInfo.Everyone)
    {
        HelpKey = "help.leads",
        Order = 460,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        if (ctx.Actor.IsPartner) await PartnerAsync(ctx, ct);
        else await StaffAsync(ctx, ct);
    }

    private async Task PartnerAsync(TurnContext ctx, CancellationToken ct)
    {
        var own = ctx.Actor.PartnerOrganisationId;
        var offers = await ctx.Db.LeadOffers.AsNoTracking().Where(o => o.PartnerOrganisationId == own)
            .OrderByDescending(o => o.OfferedAt).ThenBy(o => o.LeadId).Take(ListLimit).ToListAsync(ct);
        if (offers.Count == 0)
        {
            ctx.Send(ctx.T("lead.list.none"), Visibility.Asker);
            return;
        }
        var ids = offers.Select(o => o.LeadId).ToList();
        var byId = await ctx.Db.Leads.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        var format = Localization.LocaleFormat.For(ctx.Language);
        var facts = offers.Select(o =>
        {
            var lead = byId[o.LeadId];
            var status = o.Outcome switch
            {
                OfferOutcome.Pending => ctx.T("lead.status.Pending", format.DateAndTime(o.DueAt, ctx.Actor.TimeZone)),
                OfferOutcome.Accepted => ctx.T("lead.status.Accepted", lead.DealRegistrationId ?? "—"),
                _ => ctx.T($"lead.status.{o.Outcome}"),
            };
            return new Fact($"{lead.CompanyName} ({lead.Id})", status);
        }).ToList();
        var title = ctx.T("lead.list.title", offers.Count);
        ctx.Send(new Reply([new TextBlock(title, TextStyle.Heading), new FactsBlock(facts)]) { Visibility = Visibility.Asker, Summary = title });
        foreach (var pending in offers.Where(o => o.Outcome == OfferOutcome.Pending))
            if (await leads.FindAsync(pending.LeadId, ct) is { } lead && lead.Current?.Id == pending.Id)
                ctx.Send(await leads.OfferCardForAsync(lead, pending, ctx.Actor.PersonId, ct));
    }

    private static async Task StaffAsync(TurnContext ctx, CancellationToken ct)
    {
        var rows = await LeadAcceptance.ForAsync(ctx.Db, ctx.Db.LeadOffers.AsNoTracking(), ctx.Db.PartnerOrganisations.AsNoTracking().VisibleTo(ctx.Actor), ctx.Now, ct);
        var unplaced = ctx.Db.Leads.AsNoTracking().Where(l => l.State == LeadState.Unplaced);
        if (!OrganisationAccess.SeesAll(ctx.Actor)) unplaced = unplaced.Where(l => l.RepId == ctx.Actor.PersonId);
        var unplacedCount = await unplaced.CountAsync(ct);
        if (rows.Count == 0 && unplacedCount == 0)
        {
            ctx.Send(ctx.T("lead.staff.none"), Visibility.Asker);
            return;
        }
        var title = ctx.T("lead.staff.title", rows.Count);
        var (accepted, ended, converted) = (rows.Sum(r => r.Accepted), rows.Sum(r => r.Ended), rows.Sum(r => r.Converted));
        var blocks = new List<Block>
        {
            new TextBlock(title, TextStyle.Heading),
            new FactsBlock(rows.OrderByDescending(r => r.Offered).ThenBy(r => r.Name, StringComparer.Ordinal).Take(ListLimit)
                .Select(r => new Fact(r.Name, ctx.T("lead.staff.row", r.Offered, r.Accepted, r.Ended, r.RatePercent, r.Declined, r.Expired, r.Pending,
                    r.Converted, r.ConversionPercent))).ToList()),
            new TextBlock(ctx.T("lead.staff.total", accepted, ended, DigestContext.Percent(accepted, ended), converted, DigestContext.Percent(converted, accepted))),
        };
        if (unplacedCount > 0) blocks.Add(new TextBlock(ctx.T("lead.staff.unplaced", unplacedCount), TextStyle.Note));
        ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker, Summary = title });
    }
}
