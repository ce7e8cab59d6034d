using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.AccountMapping;

/// <summary>Who hears about a partner's overlaps: its linked partner users, and its deciders (its rep, or the managers).</summary>
public static class OverlapAudience
{
    public static async Task<(List<Person> Partner, List<Person> Vendor)> ForAsync(PartnerBotDb db, PartnerOrganisation org, CancellationToken ct)
    {
        var people = db.People.AsNoTracking().Where(p => p.LinkState == LinkState.Linked);
        var partner = await people.Where(p => p.Role == Role.PartnerUser && p.PartnerOrganisationId == org.Id).OrderBy(p => p.Id).ToListAsync(ct);
        var vendor = await OrganisationAccess.DecidersAsync(people, org, ct);
        return (partner, vendor);
    }

    /// <summary>A short, fixed-length name for a cause, so a dedupe key stays within its column whatever the ids are.</summary>
    public static string Hash(IEnumerable<string> parts) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))))[..16].ToLowerInvariant();
}

/// <summary>
/// The "co-sell" button under an overlap: the person who presses it (a partner user of the account's organisation, or
/// vendor staff who may see it) opens the co-sell of that account. Each side is told in its own conversation, once
/// per account and person (<see cref="Notifier.QueueOnceAsync"/>): the partner's users with their own account's name and
/// the vendor person to plan with, the rep with the vendor's side of the match. The overlap is checked again at the
/// press, so a button of an old alert opens nothing once the account no longer overlaps.
/// </summary>
public sealed class CoSellActions(AccountOverlaps overlaps, Notifier notifier, Localizer localizer) : IActionHandler
{
    public const string Open = "cosell.open";
    public const string OrganisationField = "organisation";
    public const string AccountField = "account";

    public string Prefix => "cosell.";

    public async Task HandleAsync(TurnContext ctx, ActionInvocation action, CancellationToken ct)
    {
        var orgId = action.Value(OrganisationField) ?? "";
        var org = await ctx.Db.PartnerOrganisations.VisibleTo(ctx.Actor).AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        // The same answer for "not yours", "no such account" and "no longer an overlap": a stranger learns nothing.
        var overlap = org is null || action.Name != Open ? null : await overlaps.OneAsync(org.Id, action.Value(AccountField) ?? "", ct);
        if (org is null || overlap is null)
        {
            ctx.Send(ctx.T("accounts.cosell.gone"), Visibility.Asker);
            return;
        }
        var (partnerPeople, vendorPeople) = await OverlapAudience.ForAsync(ctx.Db, org, ct);
        var cause = OverlapAudience.Hash([org.Id, overlap.Account.Id]);
        var contact = ctx.Actor.IsPartner ? vendorPeople.FirstOrDefault() : null;
        var opener = ctx.Actor.Name + (await EmailOfAsync(ctx, ctx.Actor.PersonId, ct) is { } mail ? $" <{mail}>" : "");
        var told = 0;
        foreach (var person in partnerPeople.Concat(vendorPeople).Where(p => p.Id != ctx.Actor.PersonId))
        {
            var lang = person.Preferences.Language;
            string T(string key, params object?[] args) => localizer.Get(lang, key, args);
            Reply reply;
            if (person.Role == Role.PartnerUser)
            {
                var text = T("accounts.cosell.to-partner", overlap.Account.Name, opener);
                reply = new Reply([new TextBlock(text)]) { Visibility = Visibility.Asker, Summary = text };
            }
            else
            {
                var side = await AccountOverlapView.VendorSideAsync(ctx.Db, Actor.From(person), [overlap], T, ct);
                var text = T("accounts.cosell.to-vendor", org.Name, overlap.Account.Name, opener);
                reply = new Reply([new TextBlock(text), new FactsBlock(AccountOverlapView.Facts([overlap], partner: false, side, T, 1))])
                    { Visibility = Visibility.Asker, Summary = text };
            }
            if (await notifier.QueueOnceAsync(person.Id, reply, $"cosell:{cause}:{person.Id}", ct)) told++;
        }
        if (told == 0)
        {
            ctx.Send(ctx.T("accounts.cosell.already", overlap.Account.Name), Visibility.Asker);
            return;
        }
        var with = contact is null ? ctx.T("accounts.cosell.done", overlap.Account.Name, told)
            : ctx.T("accounts.cosell.done-with", overlap.Account.Name, told, contact.DisplayName, contact.Email ?? "");
        ctx.Send(with, Visibility.Asker);
    }

    private static Task<string?> EmailOfAsync(TurnContext ctx, string personId, CancellationToken ct) =>
        ctx.Db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.Email).FirstOrDefaultAsync(ct);
}
