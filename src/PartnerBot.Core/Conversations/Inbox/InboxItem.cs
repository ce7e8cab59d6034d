namespace PartnerBot.Conversations;

public enum InboxState
{
    /// <summary>Stored and acknowledged; the turn has not run (or did not finish).</summary>
    Received,
    /// <summary>The turn ran and its answer is stored with it (one transaction); replies may still be unsent.</summary>
    Answered,
    /// <summary>Every reply was sent.</summary>
    Done,
    /// <summary>Given up after the last attempt; the reason is in <see cref="InboxItem.LastError"/>.</summary>
    Failed,
}

/// <summary>
/// One inbound delivery (a Slack event, command or interaction, a Teams activity), written before it is acknowledged.
/// A worker claims it with a lease, runs its turn once (the answer is saved in the turn's own transaction) and sends
/// the answer; what cannot be sent waits here and is retried, so an acknowledged request is answered after a crash.
/// </summary>
public sealed class InboxItem
{
    public long Id { get; set; }
    public required string Channel { get; set; }
    /// <summary>The channel's id for this delivery (event_id, trigger, activity id): unique per channel.</summary>
    public required string DeliveryId { get; set; }
    /// <summary>What the channel received ("event", "command", "interaction", "activity").</summary>
    public required string Kind { get; set; }
    /// <summary>The delivery as received (JSON), enough to run the turn and address its answer.</summary>
    public required string Payload { get; set; }
    public InboxState State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LockedBy { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    /// <summary>The turn's replies and actor, written in the turn's transaction.</summary>
    public string? ResultJson { get; set; }
    /// <summary>How many of the answer's messages were sent (a retry resumes after them).</summary>
    public int RepliesSent { get; set; }
    /// <summary>Part of the answer given in the HTTP response itself (a modal update, an invoke's card), so not sent again.</summary>
    public string? AnsweredInline { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? LastError { get; set; }
}
