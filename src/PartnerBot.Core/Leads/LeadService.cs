using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Leads;

/// <summary>How a partner's acceptance of a lead ended.</summary>
public enum AcceptOutcome { Registered, InReview, AlreadyRegistered, NotOffered, TimeRanOut, AlreadyAccepted }

/// <summary>
/// Offers leads to partners one at a time (the best of <see cref="LeadScorer"/> not yet offered), and records their
/// answers on the caller's DbContext (a turn's or the lead job's; the caller saves once). An accepted lead becomes a
/// registration through <see cref="DealService.RegisterAsync"/>: the same conflict check, decision and protection as
/// one the partner types. Every change bumps <see cref="Lead.Version"/>, so of two answers saved at once one fails
/// and is decided again against the winner.
/// </summary>
public sealed class LeadService(PartnerBotDb db, DealService deals, Notifier notifier, Localizer localizer,
    IOptions<ProgramOptions> options, TimeProvider clock)
{
    public const string OfferKeyPrefix = "lead-offer:";
    private ProgramOptions Program => options.Value;

    /// <summary>The lead with its offers, tracked.</summary>
    public Task<Lead?> FindAsync(string id, CancellationToken ct) =>
        db.Leads.Include(l => l.Offers).FirstOrDefaultAsync(l => l.Id == id, ct);

    /// <summary>The partners the lead may still go to: of an offered type and tier, with someone to answer, not offered it before.</summary>
    public async Task<List<LeadCandidate>> CandidatesAsync(Lead lead, CancellationToken ct)
    {
        var rules = Program.Leads;
        var types = rules.EligibleTypes;
        var minRank = rules.MinTier.Length == 0 ? 0 : Program.TierRank(rules.MinTier);
        var offered = lead.Offers.Select(o => o.PartnerOrganisationId).ToHashSet(StringComparer.Ordinal);
        var withPeople = await db.People.AsNoTracking()
            .Where(p => p.Role == Role.PartnerUser && p.LinkState == LinkState.Linked && p.PartnerOrganisationId != null)
            .Select(p => p.PartnerOrganisationId!).Distinct().ToListAsync(ct);
        var orgs = (await db.PartnerOrganisations.AsNoTracking().Where(o => withPeople.Contains(o.Id)).ToListAsync(ct))
            .Where(o => types.Contains(o.Type) && Program.TierRank(o.Tier) >= minRank && !offered.Contains(o.Id)).ToList();
        if (orgs.Count == 0) return [];
        var ids = orgs.Select(o => o.Id).ToList();

        // Products are matched in any case here, the same way on SQLite and PostgreSQL whatever their collation.
        var sold = lead.Product is null ? [] : await db.DealRegistrations.AsNoTracking()
            .Where(d => ids.Contains(d.PartnerOrganisationId) && d.Product != null
                        && (d.Status == DealStatus.Approved || d.Status == DealStatus.Expired || d.Status == DealStatus.ClosedWon))
            .Select(d => new { d.PartnerOrganisationId, d.Product }).Distinct().ToListAsync(ct);
        var capable = sold.Where(s => string.Equals(s.Product!.Trim(), lead.Product!.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(s => s.PartnerOrganisationId).ToHashSet(StringComparer.Ordinal);
        var offers = await db.LeadOffers.AsNoTracking()
            .Where(o => ids.Contains(o.PartnerOrganisationId) && o.Outcome != OfferOutcome.Pending)
            .GroupBy(o => o.PartnerOrganisationId)
            .Select(g => new { Id = g.Key, Answered = g.Count(), Accepted = g.Count(o => o.Outcome == OfferOutcome.Accepted) })
            .ToDictionaryAsync(x => x.Id, ct);
        var closed = await db.DealRegistrations.AsNoTracking()
            .Where(d => ids.Contains(d.PartnerOrganisationId) && (d.Status == DealStatus.ClosedWon || d.Status == DealStatus.ClosedLost))
            .GroupBy(d => d.PartnerOrganisationId)
            .Select(g => new { Id = g.Key, Won = g.Count(d => d.Status == DealStatus.ClosedWon), Lost = g.Count(d => d.Status == DealStatus.ClosedLost) })
            .ToDictionaryAsync(x => x.Id, ct);
        return orgs.Select(o => new LeadCandidate(o, capable.Contains(o.Id),
            offers.GetValueOrDefault(o.Id)?.Answered ?? 0, offers.GetValueOrDefault(o.Id)?.Accepted ?? 0,
            closed.GetValueOrDefault(o.Id)?.Won ?? 0, closed.GetValueOrDefault(o.Id)?.Lost ?? 0)).ToList();
    }

    /// <summary>
    /// Offers the lead to the best partner not offered it yet and sends the offer to that partner's people; with
    /// nobody left (or Program:Leads:MaxOffers reached), the lead is unplaced and its rep is told. Returns the offer.
    /// </summary>
    public async Task<LeadOffer?> OfferNextAsync(Lead lead, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        Changed(lead, now);
        var best = lead.Offers.Count >= Program.Leads.MaxOffers ? null
            : LeadScorer.Rank(lead, await CandidatesAsync(lead, ct), Program).FirstOrDefault();
        if (best is null)
        {
            lead.State = LeadState.Unplaced;
            await TellRepUnplacedAsync(lead, ct);
            return null;
        }
        var offer = new LeadOffer
        {
            LeadId = lead.Id,
            Round = lead.Offers.Count == 0 ? 1 : lead.Offers.Max(o => o.Round) + 1,
            PartnerOrganisationId = best.Candidate.Organisation.Id,
            Score = best.Total,
            OfferedAt = now,
            DueAt = now.AddHours(Program.Leads.OfferHours),
            Outcome = OfferOutcome.Pending,
        };
        lead.Offers.Add(offer);
        lead.State = LeadState.Offered;
        var org = best.Candidate.Organisation;
        var people = await db.People.AsNoTracking()
            .Where(p => p.Role == Role.PartnerUser && p.LinkState == LinkState.Linked && p.PartnerOrganisationId == org.Id).ToListAsync(ct);
        foreach (var person in people)
            await notifier.QueueOnceAsync(person.Id, OfferCard(lead, offer, org.Name, person.Preferences.Language, Actor.From(person).TimeZone, null),
                $"{OfferKeyPrefix}{lead.Id}:{offer.Round}:{person.Id}", ct);
        return offer;
    }

    /// <summary>
    /// The offer as its partner reads it: the customer, and Accept / Decline while it waits; once answered, what
    /// became of it (never which partner had it next).
    /// </summary>
    public Reply OfferCard(Lead lead, LeadOffer offer, string organisation, string lang, TimeZoneInfo zone, string? answeredBy)
    {
        string T(string key, params object?[] args) => localizer.Get(lang, key, args);
        var format = LocaleFormat.For(lang);
        var facts = new List<Fact> { new(T("lead.field.reference"), lead.Id), new(T("lead.field.company"), lead.CompanyName) };
        if (lead.Domain is not null) facts.Add(new(T("lead.field.domain"), lead.Domain));
        var contact = string.Join(" ", new[] { lead.ContactName, lead.ContactEmail is null ? null : $"<{lead.ContactEmail}>" }.Where(x => x is not null));
        if (contact.Length > 0) facts.Add(new(T("lead.field.contact"), contact));
        if (lead.Country is not null) facts.Add(new(T("lead.field.country"), lead.Country));
        if (lead.Product is not null) facts.Add(new(T("lead.field.product"), lead.Product));
        if (lead.Amount is { } amount) facts.Add(new(T("lead.field.size"), format.Money(amount, lead.Currency)));
        if (lead.Source is not null) facts.Add(new(T("lead.field.source"), lead.Source));
        var title = T("lead.offer.title", organisation, lead.CompanyName);
        var blocks = new List<Block>
        {
            new TextBlock(title, TextStyle.Heading),
            new TextBlock(T("lead.offer.intro", format.DateAndTime(offer.DueAt, zone), zone.Id)),
            new FactsBlock(facts),
        };
        var data = new Dictionary<string, string> { ["lead"] = lead.Id, ["round"] = offer.Round.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var at = offer.AnsweredAt is { } answered ? format.Date(answered, zone) : "";
        blocks.Add(offer.Outcome switch
        {
            OfferOutcome.Pending => new ActionsBlock(
            [
                new(T("lead.accept"), new ActionRef(LeadActions.Accept, data)) { Style = ButtonStyle.Primary },
                new(T("lead.decline"), new ActionRef(LeadActions.Decline, data)),
            ]),
            OfferOutcome.Accepted => new TextBlock(T("lead.offer.accepted-by", answeredBy ?? "—", at, lead.DealRegistrationId ?? "—"), TextStyle.Success),
            OfferOutcome.Declined => new TextBlock(T("lead.offer.declined-by", answeredBy ?? "—", at), TextStyle.Note),
            _ => new TextBlock(T("lead.offer.expired", at), TextStyle.Note),
        });
        return new Reply(blocks)
        {
            Visibility = Visibility.Asker,
            Summary = title,
            Refresh = new ActionRef(LeadActions.Card, data),
        };
    }

    /// <summary>The card of <paramref name="offer"/> for <paramref name="personId"/>, as it stands.</summary>
    public async Task<Reply> OfferCardForAsync(Lead lead, LeadOffer offer, string personId, CancellationToken ct)
    {
        var person = await db.People.AsNoTracking().FirstAsync(p => p.Id == personId, ct);
        var org = await db.PartnerOrganisations.AsNoTracking().Where(o => o.Id == offer.PartnerOrganisationId).Select(o => o.Name).FirstAsync(ct);
        var by = offer.AnsweredByPersonId is { } id ? await db.People.AsNoTracking().Where(p => p.Id == id).Select(p => p.DisplayName).FirstOrDefaultAsync(ct) : null;
        return OfferCard(lead, offer, org, person.Preferences.Language, Actor.From(person).TimeZone, by);
    }

    /// <summary>The lead's offer to the actor's organisation, if it had one.</summary>
    public static LeadOffer? OfferTo(Lead lead, Actor actor) =>
        actor.IsPartner ? lead.Offers.FirstOrDefault(o => o.PartnerOrganisationId == actor.PartnerOrganisationId) : null;

    /// <summary>
    /// The partner accepts: the lead becomes a registration of the actor's organisation, registered by the actor, through
    /// the registration path (conflict check included). Refused when the offer is not the actor's organisation's to answer.
    /// </summary>
    public async Task<(AcceptOutcome Outcome, DealRegistration? Deal)> AcceptAsync(TurnContext ctx, Lead lead, CancellationToken ct)
    {
        if (Refusal(lead, ctx.Actor) is { } refusal) return (refusal, null);
        var own = lead.Current!;
        var now = clock.GetUtcNow();

        var today = DealService.Today(ctx.Actor.TimeZone, now);
        var input = new DealInput(lead.CompanyName, null, lead.Domain, lead.ContactName, lead.ContactEmail,
            today.AddDays(Program.Leads.CloseWithinDays), lead.Amount, lead.Currency, lead.Product, $"Lead {lead.Id}");
        var (outcome, deal) = await deals.RegisterAsync(ctx, input, ct);
        Answered(lead, own, OfferOutcome.Accepted, ctx.Actor.PersonId, null, now);
        lead.State = LeadState.Accepted;
        lead.DealRegistrationId = deal.Id;
        await RewriteCardsAsync(lead, own, ct);
        return (outcome switch
        {
            RegistrationOutcome.Approved => AcceptOutcome.Registered,
            RegistrationOutcome.InReview => AcceptOutcome.InReview,
            _ => AcceptOutcome.AlreadyRegistered,
        }, deal);
    }

    /// <summary>Whether the actor's organisation may answer the lead now (the form and the buttons ask first).</summary>
    public AcceptOutcome? Refusal(Lead lead, Actor actor)
    {
        if (OfferTo(lead, actor) is not { } own) return AcceptOutcome.NotOffered;
        if (own.Outcome == OfferOutcome.Accepted) return AcceptOutcome.AlreadyAccepted;
        if (lead.Current != own) return AcceptOutcome.NotOffered;
        if (own.DueAt <= clock.GetUtcNow()) return AcceptOutcome.TimeRanOut;
        return null;
    }

    /// <summary>The partner declines, with an optional reason: the lead goes to the next partner.</summary>
    public async Task<AcceptOutcome?> DeclineAsync(TurnContext ctx, Lead lead, string? reason, CancellationToken ct)
    {
        if (Refusal(lead, ctx.Actor) is { } refusal) return refusal;
        var own = lead.Current!;
        Answered(lead, own, OfferOutcome.Declined, ctx.Actor.PersonId, reason, clock.GetUtcNow());
        await RewriteCardsAsync(lead, own, ct);
        await OfferNextAsync(lead, ct);
        return null;
    }

    /// <summary>The offer's time ran out: it ends unanswered and the lead goes to the next partner. False when it was answered meanwhile.</summary>
    public async Task<bool> ExpireAsync(Lead lead, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (lead.Current is not { } current || current.DueAt > now) return false;
        Answered(lead, current, OfferOutcome.Expired, null, null, now);
        await RewriteCardsAsync(lead, current, ct);
        await OfferNextAsync(lead, ct);
        return true;
    }

    private static void Answered(Lead lead, LeadOffer offer, OfferOutcome outcome, string? personId, string? reason, DateTimeOffset now)
    {
        offer.Outcome = outcome;
        offer.AnsweredAt = now;
        offer.AnsweredByPersonId = personId;
        offer.Reason = reason;
        Changed(lead, now);
    }

    private static void Changed(Lead lead, DateTimeOffset now)
    {
        lead.Version++;
        lead.UpdatedAt = now;
    }

    /// <summary>Every copy of the offer's card shows what became of it, in place, in each reader's language.</summary>
    private Task<int> RewriteCardsAsync(Lead lead, LeadOffer offer, CancellationToken ct) =>
        notifier.QueueUpdatesAsync($"{OfferKeyPrefix}{lead.Id}:{offer.Round}:", offer.Outcome.ToString(),
            async (personId, c) => await OfferCardForAsync(lead, offer, personId, c), ct);

    /// <summary>The lead's rep (or, with none, every manager) hears that no partner took it, once.</summary>
    private async Task TellRepUnplacedAsync(Lead lead, CancellationToken ct)
    {
        var people = db.People.AsNoTracking().Where(p => p.LinkState == LinkState.Linked);
        var reps = lead.RepId is { } rep ? await people.Where(p => p.Id == rep).ToListAsync(ct) : [];
        if (reps.Count == 0) reps = await people.Where(p => p.Role == Role.Manager).ToListAsync(ct);
        var offered = lead.Offers.Count;
        foreach (var person in reps)
        {
            var lang = person.Preferences.Language;
            var text = offered == 0
                ? localizer.Get(lang, "lead.unplaced.none-eligible", lead.CompanyName, lead.Id)
                : localizer.Get(lang, "lead.unplaced", lead.CompanyName, lead.Id, offered,
                    lead.Offers.Count(o => o.Outcome == OfferOutcome.Declined), lead.Offers.Count(o => o.Outcome == OfferOutcome.Expired));
            await notifier.QueueOnceAsync(person.Id, new Reply([new TextBlock(text)]) { Visibility = Visibility.Asker, Summary = text },
                $"lead-unplaced:{lead.Id}:{person.Id}", ct);
        }
    }
}

public static class LeadActions
{
    public const string Prefix = "lead.";
    public const string Accept = "lead.accept";
    public const string Decline = "lead.decline";
    /// <summary>Draws an offer's card as it stands now, for the person looking at it (Teams' refresh).</summary>
    public const string Card = "lead.card";
}
