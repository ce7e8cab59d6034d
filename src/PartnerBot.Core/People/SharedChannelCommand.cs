using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Notifications;

namespace PartnerBot.People;

/// <summary>
/// "shared channel acme", typed by vendor staff inside the channel they share with a partner organisation they may
/// see: ties the channel to it (<see cref="PartnerChannel"/>), so messages for both sides (a co-sell thread) are posted
/// there. Alone, it says which organisation the channel is tied to. Anywhere but a channel, or on a platform this host
/// cannot post into, it says so and ties nothing.
/// </summary>
public sealed class SharedChannelCommand(IEnumerable<ISystemSender> senders) : ICommand
{
    public const string Name = "shared-channel";

    public CommandInfo Info { get; } = new(Name, CommandInfo.Staff) { HelpKey = "help.shared-channel", Order = 462 };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var where = ctx.Turn.Conversation;
        if (where.Kind != ConversationKind.Channel)
        {
            ctx.Send(ctx.T("channel.tie.in-channel"), Visibility.Asker);
            return;
        }
        if (!PartnerChannels.CanPost(where.Channel, senders))
        {
            ctx.Send(ctx.T("channel.tie.unsupported"), Visibility.Asker);
            return;
        }
        var tied = await ctx.Db.PartnerChannels.FirstOrDefaultAsync(c => c.Channel == where.Channel && c.ConversationId == where.Id, ct);
        var key = arguments.Trim();
        if (key.Length == 0)
        {
            var current = tied is null ? null
                : await ctx.Db.PartnerOrganisations.VisibleTo(ctx.Actor).AsNoTracking().FirstOrDefaultAsync(o => o.Id == tied.PartnerOrganisationId, ct);
            ctx.Send(current is null ? ctx.T("channel.tie.none") : ctx.T("channel.tie.current", current.Name), Visibility.Asker);
            return;
        }
        var id = key.ToLowerInvariant();
        var org = await ctx.Db.PartnerOrganisations.VisibleTo(ctx.Actor).AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (org is null)
        {
            ctx.Send(ctx.T("channel.tie.not-found", key), Visibility.Asker);
            return;
        }
        if (tied is null)
        {
            tied = new PartnerChannel
            {
                Channel = where.Channel, ConversationId = where.Id, PartnerOrganisationId = org.Id, TiedByPersonId = ctx.Actor.PersonId,
            };
            ctx.Db.PartnerChannels.Add(tied);
        }
        tied.Tenant = where.Tenant;
        tied.PartnerOrganisationId = org.Id;
        tied.TiedByPersonId = ctx.Actor.PersonId;
        tied.TiedAt = ctx.Now;
        ctx.Send(ctx.T("channel.tie.done", org.Name), Visibility.Asker);
    }
}
