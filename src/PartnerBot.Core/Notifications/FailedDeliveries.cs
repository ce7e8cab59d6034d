using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.People;

namespace PartnerBot.Notifications;

/// <summary>
/// "failed deliveries" (administrators only): the messages that could not be delivered on any channel where the
/// person is, and the chat answers that could not be sent, each with its reason and a button to try again.
/// </summary>
public sealed class FailedDeliveriesCommand : ICommand
{
    public const int Shown = 10;
    public static readonly IReadOnlySet<Role> Admins = new HashSet<Role> { Role.Admin };

    public CommandInfo Info { get; } = new("failed-deliveries", Admins)
    {
        HelpKey = "deliveries.help",
        Order = 90,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var db = ctx.Db;
        var outbox = await db.Outbox.AsNoTracking().Where(m => m.FailedAt != null)
            .OrderByDescending(m => m.Id).Take(Shown).ToListAsync(ct);
        var inbox = await db.Inbox.AsNoTracking().Where(i => i.State == InboxState.Failed)
            .OrderByDescending(i => i.Id).Take(Shown).Select(i => new { i.Id, i.Channel, i.Kind, i.CompletedAt, i.Attempts, i.LastError }).ToListAsync(ct);
        if (outbox.Count == 0 && inbox.Count == 0)
        {
            ctx.Send(ctx.T("deliveries.none"), Visibility.Asker);
            return;
        }
        var names = await db.People.AsNoTracking().Where(p => outbox.Select(m => m.RecipientPersonId).Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        // A webhook delivery is for a system: it is named by the address it posts to.
        var subscriptions = outbox.Where(m => m.Channel == Webhooks.WebhookSender.ChannelName).Select(m => m.RecipientPersonId).ToList();
        foreach (var s in await db.WebhookSubscriptions.AsNoTracking().Where(s => subscriptions.Contains(s.Id)).Select(s => new { s.Id, s.Url }).ToListAsync(ct))
            names[s.Id] = $"{s.Id} {s.Url}";
        var blocks = new List<Block> { new TextBlock(ctx.T("deliveries.title", outbox.Count + inbox.Count), TextStyle.Heading) };
        var buttons = new List<ActionButton>();
        foreach (var m in outbox)
        {
            var who = names.GetValueOrDefault(m.RecipientPersonId, m.RecipientPersonId);
            blocks.Add(new FactsBlock([
                new Fact(ctx.T("deliveries.message", m.Id.ToString(CultureInfo.InvariantCulture)), who),
                new Fact(ctx.T("deliveries.reason"), ctx.T("deliveries.attempts", m.Attempts, m.LastError ?? "?")),
            ]));
            buttons.Add(new ActionButton(ctx.T("deliveries.retry", $"#{m.Id}"), Retry("outbox", m.Id)));
        }
        foreach (var i in inbox)
        {
            blocks.Add(new FactsBlock([
                new Fact(ctx.T("deliveries.answer", i.Id.ToString(CultureInfo.InvariantCulture)), $"{i.Channel} {i.Kind}"),
                new Fact(ctx.T("deliveries.reason"), ctx.T("deliveries.attempts", i.Attempts, i.LastError ?? "?")),
            ]));
            buttons.Add(new ActionButton(ctx.T("deliveries.retry", $"{i.Channel} #{i.Id}"), Retry("inbox", i.Id)));
        }
        blocks.Add(new ActionsBlock(buttons));
        ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker, Summary = ctx.T("deliveries.title", outbox.Count + inbox.Count) });
    }

    private static ActionRef Retry(string kind, long id) =>
        new(FailedDeliveryActions.Retry, new Dictionary<string, string> { ["kind"] = kind, ["id"] = id.ToString(CultureInfo.InvariantCulture) });
}

/// <summary>The retry button of "failed deliveries": the message (or answer) is due again, with its attempts reset.</summary>
public sealed class FailedDeliveryActions(OutboxSignal outboxSignal, Inbox inbox) : IActionHandler
{
    public const string Retry = "delivery.retry";
    public string Prefix => "delivery.";

    public async Task HandleAsync(TurnContext ctx, ActionInvocation action, CancellationToken ct)
    {
        if (!FailedDeliveriesCommand.Admins.Contains(ctx.Actor.Role))
        {
            ctx.Send(ctx.T("command.not-for-you"), Visibility.Asker);
            return;
        }
        if (action.Name != Retry || !long.TryParse(action.Value("id"), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            ctx.Send(ctx.T("action.unknown"), Visibility.Asker);
            return;
        }
        var now = ctx.Now;
        var changed = action.Value("kind") == "inbox"
            ? await Inbox.RetryFailedAsync(ctx.Db, id, now, ct)
            : await ctx.Db.Outbox.Where(m => m.Id == id && m.FailedAt != null).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.FailedAt, (DateTimeOffset?)null)
                .SetProperty(m => m.Attempts, 0).SetProperty(m => m.NextAttemptAt, now), ct);
        if (changed == 0)
        {
            ctx.Send(ctx.T("deliveries.not-failed", id), Visibility.Asker);
            return;
        }
        outboxSignal.Notify();
        inbox.Signal();
        ctx.Send(ctx.T("deliveries.retrying", id), Visibility.Asker);
    }
}
