using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Storage;

namespace PartnerBot.Notifications;

/// <summary>
/// Queues a proactive message to a person. The message joins the caller's unit of work: it is written in the same
/// SaveChanges as the change that caused it (the engine saves at the end of a turn; background jobs save themselves).
/// A message about a cause (a deal decided, a reminder for one date) goes through <see cref="QueueOnceAsync"/>, the one
/// place that keeps a cause from notifying twice; the unique index on the dedupe key is the last guard, across hosts.
/// </summary>
public sealed class Notifier(PartnerBotDb db, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Queues a message that has no cause to repeat (a reply sent later), through the recipient's preferred or last-used channel.</summary>
    public OutboxMessage Queue(string personId, Reply reply) => Add(personId, reply, null, null);

    /// <summary>As <see cref="Queue"/>, through one channel only.</summary>
    public OutboxMessage QueueVia(string personId, Reply reply, string channel) => Add(personId, reply, null, channel);

    /// <summary>
    /// Queues the message for a cause once: nothing is queued when a message with the same key is already waiting in
    /// this unit of work or is stored (pending, delivered or failed). Returns whether it queued.
    /// </summary>
    /// <param name="dedupeKey">Names the cause and the recipient ("deal-decided:DR-42:acme-jane").</param>
    public async Task<bool> QueueOnceAsync(string personId, Reply reply, string dedupeKey, CancellationToken ct)
    {
        if (db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.Entity.DedupeKey == dedupeKey)) return false;
        if (await db.Outbox.AnyAsync(m => m.DedupeKey == dedupeKey, ct)) return false;
        Add(personId, reply, dedupeKey, null);
        return true;
    }

    /// <summary>
    /// Queues a post into a channel tied to a partner organisation (<see cref="ChannelPost"/>) once for its cause, as
    /// <see cref="QueueOnceAsync"/> does for a person. Returns whether it queued.
    /// </summary>
    public async Task<bool> QueueChannelPostOnceAsync(People.PartnerChannel target, ChannelPost post, string dedupeKey, CancellationToken ct)
    {
        if (db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.Entity.DedupeKey == dedupeKey)) return false;
        if (await db.Outbox.AnyAsync(m => m.DedupeKey == dedupeKey, ct)) return false;
        var message = Add(target.ConversationId, post.Reply, dedupeKey, ChannelPost.SenderFor(target.Channel));
        message.ReplyJson = post.ToJson();
        return true;
    }

    /// <summary>
    /// Rewrites in place every message queued for a cause (each recipient's copy of a review card: dedupe keys that
    /// start with <paramref name="causePrefix"/>), through the channel that delivered it, once per
    /// <paramref name="revision"/> (the decision: "Approved"). <paramref name="render"/> draws the card anew for
    /// each recipient, in their language. A copy not yet delivered is rewritten once it is. Returns how many were queued.
    /// </summary>
    public async Task<int> QueueUpdatesAsync(string causePrefix, string revision, Func<string, CancellationToken, Task<Reply?>> render, CancellationToken ct)
    {
        var originals = await db.Outbox.AsNoTracking()
            .Where(m => m.UpdatesMessageId == null && m.DedupeKey != null && m.DedupeKey.StartsWith(causePrefix) && m.FailedAt == null)
            .Select(m => new { m.Id, m.RecipientPersonId, m.DedupeKey, m.DeliveredVia, m.Channel })
            .ToListAsync(ct);
        var queued = 0;
        foreach (var original in originals)
        {
            var key = $"{original.DedupeKey}:now:{revision}";
            if (key.Length > 200 || db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.Entity.DedupeKey == key)) continue;
            if (await db.Outbox.AnyAsync(m => m.DedupeKey == key, ct)) continue;
            if (await render(original.RecipientPersonId, ct) is not { } reply) continue;
            var update = Add(original.RecipientPersonId, reply, key, original.DeliveredVia ?? original.Channel);
            update.UpdatesMessageId = original.Id;
            queued++;
        }
        return queued;
    }

    private OutboxMessage Add(string personId, Reply reply, string? dedupeKey, string? channel)
    {
        var now = clock.GetUtcNow();
        var message = new OutboxMessage
        {
            RecipientPersonId = personId,
            Channel = channel,
            ReplyJson = JsonSerializer.Serialize(reply, Json),
            DedupeKey = dedupeKey,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.Outbox.Add(message);
        return message;
    }

    public static Reply Deserialize(string json) =>
        JsonSerializer.Deserialize<Reply>(json, Json) ?? throw new InvalidOperationException("An outbox message holds no reply.");
}

/// <summary>Wakes the dispatcher when a turn has queued messages, so they go out now rather than at the next poll.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); } catch (SemaphoreFullException) { /* already signalled */ }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public void Dispose() => _signal.Dispose();
}
