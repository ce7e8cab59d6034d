using System.Text.Json;
using PartnerBot.Conversations;
using PartnerBot.Storage;

namespace PartnerBot.Notifications;

/// <summary>
/// Queues a proactive message to a person. The message joins the caller's unit of work: it is written in the same
/// SaveChanges as the change that caused it (the engine saves at the end of a turn; background jobs save themselves).
/// </summary>
public sealed class Notifier(PartnerBotDb db, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="dedupeKey">Names the cause ("deal-approved:42"): queuing the same cause twice queues one message.</param>
    /// <param name="channel">Force a channel; by default the recipient's preferred or last-used one.</param>
    public OutboxMessage Queue(string personId, Reply reply, string? dedupeKey = null, string? channel = null)
    {
        if (dedupeKey is not null)
        {
            var pending = db.ChangeTracker.Entries<OutboxMessage>().FirstOrDefault(e => e.Entity.DedupeKey == dedupeKey);
            if (pending is not null) return pending.Entity;
        }
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
