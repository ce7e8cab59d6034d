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
/// vendor staff who may see it) opens the co-sell of that account. When vendor staff tied a channel to the organisation
/// ("shared channel", <see cref="PartnerChannels"/>), a thread opens there, once per account: its root names the
/// partner's own account and who opened it (the overlap fact only: nothing of either side's list, not the vendor's record),
/// and a reply in it mentions the partner's users and the rep. Otherwise each side is told in its own conversation, once
/// per account and person (<see cref="Notifier.QueueOnceAsync"/>): the partner's users with their own account's name and
/// the vendor person to plan with, the rep with the vendor's side of the match; the opener hears how to tie a channel.
/// The overlap is checked again at the press, so a button of an old alert opens nothing once the account no longer overlaps.
/// </summary>
public sealed class CoSellActions(AccountOverlaps overlaps, Notifier notifier, Localizer localizer, IEnumerable<ISystemSender> senders) : IActionHandler
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
        var opened = await ctx.Db.PartnerAccounts.FirstAsync(a => a.PartnerOrganisationId == org.Id && a.Id == overlap.Account.Id, ct);
        if (opened.CoSellOpenedAt is null)
        {
            // Saved with the messages at the end of the turn: the digest counts co-sells started.
            opened.CoSellOpenedAt = ctx.Now;
            opened.CoSellOpenedByPersonId = ctx.Actor.PersonId;
        }
        if (await PartnerChannels.PostableAsync(ctx.Db, org.Id, senders, ct) is { } channel)
        {
            await OpenThreadAsync(ctx, channel, org, overlap, partnerPeople.Concat(vendorPeople).Select(p => p.Id).ToList(), $"cosell-thread:{cause}", ct);
            return;
        }
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
        ctx.Send(PartnerChannels.CanPost(Channels.Slack, senders) || PartnerChannels.CanPost(Channels.Teams, senders)
            ? new Reply([new TextBlock(with), new TextBlock(ctx.T("accounts.cosell.no-channel", org.Name, org.Id), TextStyle.Note)]) { Visibility = Visibility.Asker, Summary = with }
            : Reply.Text(with, Visibility.Asker));
    }

    /// <summary>The co-sell's thread in the organisation's shared channel, in the opener's language: its root, then the reply that mentions both sides.</summary>
    private async Task OpenThreadAsync(TurnContext ctx, PartnerChannel channel, PartnerOrganisation org, AccountOverlap overlap,
        IReadOnlyList<string> mentioned, string rootKey, CancellationToken ct)
    {
        var title = ctx.T("accounts.cosell.thread.title", overlap.Account.Name, org.Name);
        var root = new Reply([new TextBlock(title, TextStyle.Heading), new TextBlock(ctx.T("accounts.cosell.thread.opened", ctx.Actor.Name))]) { Summary = title };
        if (!await notifier.QueueChannelPostOnceAsync(channel, new ChannelPost(root, []), rootKey, ct))
        {
            ctx.Send(ctx.T("accounts.cosell.already", overlap.Account.Name), Visibility.Asker);
            return;
        }
        var invite = ctx.T("accounts.cosell.thread.reply");
        await notifier.QueueChannelPostOnceAsync(channel, new ChannelPost(new Reply([new TextBlock(invite)]) { Summary = invite }, mentioned, rootKey),
            $"{rootKey}:reply", ct);
        ctx.Send(ctx.T("accounts.cosell.thread.done", overlap.Account.Name, org.Name), Visibility.Asker);
    }

    private static Task<string?> EmailOfAsync(TurnContext ctx, string personId, CancellationToken ct) =>
        ctx.Db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.Email).FirstOrDefaultAsync(ct);
}
