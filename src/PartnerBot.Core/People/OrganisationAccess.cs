using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace PartnerBot.People;

/// <summary>
/// The one rule for who may see or act for which partner organisation. A partner user sees their own organisation;
/// a rep the organisations they own; a manager or an admin all of them. Deciding (approving a deal, an extension, an
/// MDF plan or claim, a payout) is for the organisation's own rep, a manager or an admin, never for a partner user.
/// Every capability, the web chat and the assistant ask here; none writes the rule again.
/// </summary>
public static class OrganisationAccess
{
    /// <summary>Who may be an organisation's owning rep (<see cref="PartnerOrganisation.OwnerRepId"/>): a rep or a manager.</summary>
    public static bool MayOwn(Role role) => role is Role.Rep or Role.Manager;

    /// <summary>A partner user belongs to one organisation; vendor staff belong to none.</summary>
    public static bool BelongsToAnOrganisation(Role role) => role == Role.PartnerUser;

    /// <summary>True when the actor sees every organisation (managers and admins).</summary>
    public static bool SeesAll(Actor actor) => actor.Role is Role.Manager or Role.Admin;

    /// <summary>The condition an organisation meets when <paramref name="actor"/> may see it, for queries.</summary>
    public static Expression<Func<PartnerOrganisation, bool>> VisibleRule(Actor actor)
    {
        var personId = actor.PersonId;
        var ownOrganisation = actor.PartnerOrganisationId;
        return actor.Role switch
        {
            Role.PartnerUser => o => ownOrganisation != null && o.Id == ownOrganisation,
            Role.Rep => o => o.OwnerRepId == personId,
            Role.Manager or Role.Admin => o => true,
            _ => o => false,
        };
    }

    /// <summary>The organisations <paramref name="actor"/> may see.</summary>
    public static IQueryable<PartnerOrganisation> VisibleTo(this IQueryable<PartnerOrganisation> organisations, Actor actor) =>
        organisations.Where(VisibleRule(actor));

    /// <summary>
    /// The rows of <paramref name="rows"/> that belong to an organisation <paramref name="actor"/> may see;
    /// <paramref name="organisation"/> is the row's navigation to its organisation.
    /// </summary>
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> rows, Actor actor, Expression<Func<T, PartnerOrganisation?>> organisation)
    {
        var rule = VisibleRule(actor);
        var body = ReplacingExpressionVisitor.Replace(rule.Parameters[0], organisation.Body, rule.Body);
        return rows.Where(Expression.Lambda<Func<T, bool>>(body, organisation.Parameters));
    }

    /// <summary>True when <paramref name="actor"/> may see <paramref name="organisation"/>.</summary>
    public static bool MaySee(Actor actor, PartnerOrganisation organisation) => VisibleRule(actor).Compile()(organisation);

    /// <summary>True when <paramref name="actor"/> may decide for <paramref name="organisation"/>: its own rep, a manager or an admin.</summary>
    public static bool MayDecideFor(Actor actor, PartnerOrganisation organisation) =>
        actor.Role != Role.PartnerUser && MaySee(actor, organisation);

    /// <summary>
    /// Who an integration acts as (a webhook subscription, an API key): limited to one organisation, it sees what that
    /// organisation's partner users see; unlimited, what an administrator sees.
    /// </summary>
    public static Actor Integration(string id, string? organisationId) =>
        new(id, id, organisationId is null ? Role.Admin : Role.PartnerUser, organisationId, new Preferences());

    /// <summary>The one organisation a partner user speaks for; null for vendor staff.</summary>
    public static string? OwnOrganisationId(Actor actor) => actor.IsPartner ? actor.PartnerOrganisationId : null;

    /// <summary>The people who decide for an organisation: its own rep, or every manager when it has none.</summary>
    public static async Task<List<Person>> DecidersAsync(IQueryable<Person> people, PartnerOrganisation organisation, CancellationToken ct)
    {
        if (organisation.OwnerRepId is { } rep)
        {
            var owner = await people.FirstOrDefaultAsync(p => p.Id == rep, ct);
            if (owner is not null) return [owner];
        }
        return await people.Where(p => p.Role == Role.Manager).ToListAsync(ct);
    }
}
