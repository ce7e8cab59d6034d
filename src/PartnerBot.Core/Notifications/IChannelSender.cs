using PartnerBot.Conversations;
using PartnerBot.People;

namespace PartnerBot.Notifications;

public enum DeliveryOutcome { Delivered, RetryLater, Failed }

/// <param name="Reference">Where the channel put the message, for <see cref="IChannelSender.UpdateAsync"/> later.</param>
public sealed record DeliveryResult(DeliveryOutcome Outcome, string? Error = null, TimeSpan? RetryAfter = null, string? Reference = null)
{
    public static readonly DeliveryResult Delivered = new(DeliveryOutcome.Delivered);
    public static DeliveryResult DeliveredAt(string? reference) => new(DeliveryOutcome.Delivered, Reference: reference);
    public static DeliveryResult Retry(string error, TimeSpan? after = null) => new(DeliveryOutcome.RetryLater, error, after);
    public static DeliveryResult Fail(string error) => new(DeliveryOutcome.Failed, error);
}

/// <summary>
/// Delivers proactive messages into one channel. The web chat registers one; Slack and Teams register theirs.
/// A sender gets the outbox message's id so it can make a redelivery harmless where its channel allows.
/// </summary>
public interface IChannelSender
{
    string Channel { get; }
    /// <summary>Whether this person can be reached here (an identity, a stored conversation).</summary>
    Task<bool> CanReachAsync(Person recipient, CancellationToken ct);
    Task<DeliveryResult> SendAsync(long outboxMessageId, Person recipient, Reply reply, CancellationToken ct);

    /// <summary>
    /// Rewrites a message this channel delivered (<paramref name="reference"/> is what its send returned) with
    /// <paramref name="reply"/>: a card after its decision. A channel that cannot edit what it sent says so.
    /// </summary>
    Task<DeliveryResult> UpdateAsync(string reference, Person recipient, Reply reply, CancellationToken ct) =>
        Task.FromResult(DeliveryResult.Fail($"{Channel} cannot rewrite a message it sent."));
}

/// <summary>
/// Delivers outbox messages addressed to another system rather than to a person: each message whose
/// <see cref="OutboxMessage.Channel"/> names it (a webhook subscription's delivery, addressed by
/// <see cref="OutboxMessage.RecipientPersonId"/>). The dispatcher gives such a message
/// the same lease, retries with backoff (honouring Retry-After) and final failure as a message to a person.
/// </summary>
public interface ISystemSender
{
    string Channel { get; }
    Task<DeliveryResult> SendAsync(OutboxMessage message, CancellationToken ct);
}
