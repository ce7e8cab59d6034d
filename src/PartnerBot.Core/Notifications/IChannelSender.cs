using PartnerBot.Conversations;
using PartnerBot.People;

namespace PartnerBot.Notifications;

public enum DeliveryOutcome { Delivered, RetryLater, Failed }

public sealed record DeliveryResult(DeliveryOutcome Outcome, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static readonly DeliveryResult Delivered = new(DeliveryOutcome.Delivered);
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
}
