using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Deals;
using PartnerBot.Enablement;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Integrations;

/// <summary>Which page of a list: at most <see cref="Limit"/> rows after the id <see cref="After"/>, of one organisation when <see cref="Partner"/> is set.</summary>
public sealed record ListQuery(int Limit, string? After, string? Partner)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
}

public enum PartnerAccess { Visible, NotVisible, NotFound }

/// <summary>
/// What the REST API reads, for an <see cref="Actor"/> (an API key's, see <see cref="ApiKey.ToActor"/>): every list
/// and every single row goes through <see cref="OrganisationAccess"/>, the rule chat uses, and content through the
/// tier rule of the library (<see cref="ContentSearch.VisibleTiers"/>). Lists are paged in id order.
/// </summary>
public sealed class ApiReads(PartnerBotDb db, IOptions<ProgramOptions> program)
{
    /// <summary>
    /// Whether the actor may name organisation <paramref name="id"/>. A key of one organisation is refused any other
    /// without a lookup, so the answer never tells whether that organisation exists.
    /// </summary>
    public async Task<PartnerAccess> CheckPartnerAsync(Actor actor, string id, CancellationToken ct)
    {
        if (OrganisationAccess.OwnOrganisationId(actor) is { } own && own != id) return PartnerAccess.NotVisible;
        if (await db.PartnerOrganisations.VisibleTo(actor).AnyAsync(o => o.Id == id, ct)) return PartnerAccess.Visible;
        return OrganisationAccess.SeesAll(actor) ? PartnerAccess.NotFound : PartnerAccess.NotVisible;
    }

    /// <summary>
    /// The organisation's shared accounts that overlap the vendor's, as <paramref name="actor"/> may see them (check the
    /// organisation with <see cref="CheckPartnerAsync"/> first), paged by the partner's account id: a page holds
    /// overlaps only, so no <c>after</c> reaches an account outside the overlap.
    /// </summary>
    public async Task<Page<AccountOverlapResource>> AccountOverlapAsync(Actor actor, string partnerId, AccountMapping.AccountOverlaps overlaps, ListQuery q,
        CancellationToken ct)
    {
        var found = (await overlaps.ForAsync(partnerId, notAlertedOnly: false, ct)).OrderBy(o => o.Account.Id, StringComparer.Ordinal)
            .Where(o => q.After is null || string.CompareOrdinal(o.Account.Id, q.After) > 0).Take(q.Limit + 1).ToList();
        var items = found.Take(q.Limit).Select(o => AccountOverlapResource.From(o, actor)).ToList();
        return new Page<AccountOverlapResource>(items, found.Count > q.Limit ? items[^1].Id : null);
    }

    public Task<Page<PartnerResource>> PartnersAsync(Actor actor, ListQuery q, CancellationToken ct) =>
        PageAsync(Partners(actor, q.Partner), o => o.Id, q, PartnerResource.From, ct);

    public async Task<PartnerResource?> PartnerAsync(Actor actor, string id, CancellationToken ct) =>
        await Partners(actor, null).FirstOrDefaultAsync(o => o.Id == id, ct) is { } o ? PartnerResource.From(o) : null;

    public Task<Page<PersonResource>> PeopleAsync(Actor actor, ListQuery q, CancellationToken ct) =>
        PageAsync(People(actor, q.Partner), p => p.Id, q, PersonResource.From, ct);

    public async Task<PersonResource?> PersonAsync(Actor actor, string id, CancellationToken ct) =>
        await People(actor, null).FirstOrDefaultAsync(p => p.Id == id, ct) is { } p ? PersonResource.From(p) : null;

    /// <param name="sinceVersion">Only registrations changed after this <see cref="DealResource.Version"/>.</param>
    public Task<Page<DealResource>> DealsAsync(Actor actor, ListQuery q, DealStatus? status, long? sinceVersion, CancellationToken ct)
    {
        var deals = Deals(actor, q.Partner);
        if (status is { } s) deals = deals.Where(d => d.Status == s);
        if (sinceVersion is { } v) deals = deals.Where(d => d.Version > v);
        return PageAsync(deals, d => d.Id, q, d => DealResource.From(d, actor), ct);
    }

    public async Task<DealResource?> DealAsync(Actor actor, string id, CancellationToken ct) =>
        await Deals(actor, null).FirstOrDefaultAsync(d => d.Id == id, ct) is { } d ? DealResource.From(d, actor) : null;

    public Task<Page<CommissionLineResource>> CommissionLinesAsync(Actor actor, ListQuery q, CancellationToken ct) =>
        PageAsync(OfVisible(db.CommissionLines, l => l.PartnerOrganisationId, actor, q.Partner), l => l.Id, q, CommissionLineResource.From, ct);

    public Task<Page<MdfPlanResource>> MdfPlansAsync(Actor actor, ListQuery q, CancellationToken ct) =>
        PageAsync(OfVisible(db.MdfPlans, p => p.OrganisationId, actor, q.Partner), p => p.Id, q, p => MdfPlanResource.From(p, program.Value.Currency), ct);

    public Task<Page<MdfClaimResource>> MdfClaimsAsync(Actor actor, ListQuery q, CancellationToken ct) =>
        PageAsync(OfVisible(db.MdfPlans, p => p.OrganisationId, actor, q.Partner).Where(p => p.ClaimedAt != null), p => p.Id, q,
            p => MdfClaimResource.From(p, program.Value.Currency), ct);

    /// <summary>The organisation of MDF plan <paramref name="planId"/> when the actor may see it; null when not (or there is none).</summary>
    public Task<string?> MdfPlanOrganisationAsync(Actor actor, string planId, CancellationToken ct) =>
        OfVisible(db.MdfPlans, p => p.OrganisationId, actor, null).Where(p => p.Id == planId).Select(p => p.OrganisationId).FirstOrDefaultAsync(ct);

    public Task<Page<CertificationResource>> CertificationsAsync(Actor actor, ListQuery q, CancellationToken ct) =>
        PageAsync(OfVisible(db.Certifications, c => c.OrganisationId, actor, q.Partner), c => c.Id, q, CertificationResource.From, ct);

    /// <summary>The library as the actor's organisation's tier sees it (all of it for vendor keys), optionally in one language.</summary>
    public async Task<Page<ContentResource>> ContentAsync(Actor actor, ListQuery q, string? language, CancellationToken ct)
    {
        var tiers = ContentSearch.VisibleTiers(program.Value, actor, await ContentSearch.OrganisationTierAsync(db, actor, ct));
        var items = db.ContentItems.AsNoTracking();
        if (tiers is not null) items = items.Where(i => tiers.Contains(i.MinTier));
        if (!string.IsNullOrEmpty(language)) items = items.Where(i => i.Language == language);
        return await PageAsync(items, i => i.Id, q, ContentResource.From, ct);
    }

    private IQueryable<PartnerOrganisation> Partners(Actor actor, string? partner)
    {
        var rows = db.PartnerOrganisations.AsNoTracking().VisibleTo(actor);
        return partner is null ? rows : rows.Where(o => o.Id == partner);
    }

    private IQueryable<Person> People(Actor actor, string? partner)
    {
        var rows = db.People.AsNoTracking().VisibleTo(actor, p => p.PartnerOrganisation);
        return partner is null ? rows : rows.Where(p => p.PartnerOrganisationId == partner);
    }

    private IQueryable<DealRegistration> Deals(Actor actor, string? partner)
    {
        var rows = db.DealRegistrations.AsNoTracking().VisibleTo(actor);
        return partner is null ? rows : rows.Where(d => d.PartnerOrganisationId == partner);
    }

    /// <summary>Rows that carry only their organisation's id: those whose organisation the actor may see.</summary>
    private IQueryable<T> OfVisible<T>(IQueryable<T> rows, Expression<Func<T, string>> organisationId, Actor actor, string? partner) where T : class
    {
        var visible = db.PartnerOrganisations.VisibleTo(actor).Select(o => o.Id);
        if (partner is not null) visible = visible.Where(id => id == partner);
        var row = organisationId.Parameters[0];
        var contains = Expression.Call(typeof(Queryable), nameof(Queryable.Contains), [typeof(string)], visible.Expression, organisationId.Body);
        return rows.AsNoTracking().Where(Expression.Lambda<Func<T, bool>>(contains, row));
    }

    private static async Task<Page<TOut>> PageAsync<T, TOut>(IQueryable<T> rows, Expression<Func<T, string>> id, ListQuery q,
        Func<T, TOut> map, CancellationToken ct)
    {
        if (q.After is { } after)
        {
            // string.Compare(id, after) > 0, with `after` a parameter of the query.
            var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!,
                id.Body, Expression.Property(Expression.Constant(new Cursor(after)), nameof(Cursor.After)));
            rows = rows.Where(Expression.Lambda<Func<T, bool>>(Expression.GreaterThan(compare, Expression.Constant(0)), id.Parameters));
        }
        var list = await rows.OrderBy(id).Take(q.Limit + 1).ToListAsync(ct);
        var next = list.Count > q.Limit ? id.Compile()(list[q.Limit - 1]) : null;
        return new Page<TOut>(list.Take(q.Limit).Select(map).ToList(), next);
    }

    private sealed record Cursor(string After);
}
