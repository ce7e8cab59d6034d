using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using PartnerBot.Notifications;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Webhooks;

/// <summary>
/// Runs inside every save (scoped, like the audit interceptor): reads the save's events (<see cref="WebhookEvents"/>)
/// and queues one outbox message per event and subscription that wants it and may see it, in the same SaveChanges. A
/// change that rolls back takes its deliveries with it; a change that commits cannot lose them. The subscription's
/// organisation limit is the access rule of <see cref="OrganisationAccess"/>: an integration limited to one
/// organisation sees what that organisation's partner users see, and an event about vendor staff goes only to
/// subscriptions that see every organisation.
/// </summary>
public sealed class WebhookEventQueue(TimeProvider clock, OutboxSignal signal, IOptions<ProgramOptions> program) : SaveChangesInterceptor
{
    private bool _queued;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is PartnerBotDb db) QueueAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is PartnerBotDb db) await QueueAsync(db, cancellationToken);
        return result;
    }

    // Wakes the dispatcher once the deliveries are stored, as a turn does for the messages it queues.
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved();
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved();
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => _queued = false;

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        _queued = false;
        return Task.CompletedTask;
    }

    private void Saved()
    {
        if (!_queued) return;
        _queued = false;
        signal.Notify();
    }

    private async Task QueueAsync(PartnerBotDb db, CancellationToken ct)
    {
        var events = await WebhookEvents.DetectAsync(db, program.Value.Currency, ct);
        if (events.Count == 0) return;
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.RemovedAt == null).OrderBy(s => s.Id).ToListAsync(ct);
        if (subscriptions.Count == 0) return;
        var now = clock.GetUtcNow();
        foreach (var e in events)
        {
            var wanting = subscriptions.Where(s => s.EventList.Contains(e.Type)).ToList();
            if (wanting.Count == 0) continue;
            var organisation = e.OrganisationId is null ? null : await db.PartnerOrganisations.FindAsync([e.OrganisationId], ct);
            var id = "evt_" + Guid.CreateVersion7(now).ToString("N");
            var body = WebhookEvents.Serialize(id, e, now);
            foreach (var s in wanting.Where(s => MaySee(s, e, organisation)))
            {
                db.Outbox.Add(new OutboxMessage
                {
                    RecipientPersonId = s.Id,
                    Channel = WebhookSender.ChannelName,
                    ReplyJson = body,
                    DedupeKey = $"webhook:{s.Id}:{id}",
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
                _queued = true;
            }
        }
    }

    private static bool MaySee(WebhookSubscription s, WebhookEvent e, PartnerOrganisation? organisation)
    {
        var actor = OrganisationAccess.Integration(s.Id, s.OrganisationId);
        return e.OrganisationId is null ? OrganisationAccess.SeesAll(actor) : organisation is not null && OrganisationAccess.MaySee(actor, organisation);
    }
}
