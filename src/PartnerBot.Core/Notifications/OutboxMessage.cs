namespace PartnerBot.Notifications;

/// <summary>
/// A proactive message waiting to be delivered. Written in the same transaction as the change that caused it,
/// so nothing is lost when the host stops; claimed with a lease so several workers never deliver it twice.
/// A message goes to a person or to another system (a webhook subscription), through the same retries, backoff and failure.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    /// <summary>
    /// The person it is for. For a message to another system (<see cref="Channel"/> names an <see cref="ISystemSender"/>),
    /// the address it goes to: a webhook subscription's id. (One column for both: SQLite cannot make it nullable
    /// without rebuilding the outbox table.)
    /// </summary>
    public required string RecipientPersonId { get; set; }
    /// <summary>
    /// The channel to use; null picks the recipient's preferred or last-used channel at delivery. A message to another
    /// system names the <see cref="ISystemSender"/> that delivers it ("webhook").
    /// </summary>
    public string? Channel { get; set; }
    /// <summary>The reply for a person; for a message to another system, the body it posts (the event's JSON).</summary>
    public required string ReplyJson { get; set; }
    /// <summary>What caused it ("deal-approved:42"); unique when set, so a retried cause queues one message.</summary>
    public string? DedupeKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public string? LockedBy { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public string? DeliveredVia { get; set; }
    /// <summary>Set when delivery was given up; the reason is in <see cref="LastError"/>.</summary>
    public DateTimeOffset? FailedAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>
    /// Where the channel put the delivered message (Slack: channel and ts; Teams: service, conversation and activity id;
    /// the web chat: the outbox id), so a later decision can rewrite it in place. Null where a channel keeps none.
    /// </summary>
    public string? DeliveryReference { get; set; }
    /// <summary>
    /// When set, this message is not a new one: it rewrites, in place, the delivered message with this id (a review card
    /// after the decision), through the channel that delivered it.
    /// </summary>
    public long? UpdatesMessageId { get; set; }
}
