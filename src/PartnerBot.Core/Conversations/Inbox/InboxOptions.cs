namespace PartnerBot.Conversations;

/// <summary>Settings under "Inbox": how many turns run at once after acknowledgements, leases, retries.</summary>
public sealed class InboxOptions
{
    public const string Section = "Inbox";
    /// <summary>
    /// Turns running at once; everything beyond waits in the inbox table, not in memory. 0: this host acknowledges and
    /// stores deliveries but runs no turns; another host sharing the database runs them (and turn-load's --ack-only
    /// measures the acknowledgement alone this way).
    /// </summary>
    public int Workers { get; set; } = Math.Max(2, Environment.ProcessorCount * 2);
    /// <summary>How long a claim holds: another host takes the delivery over after this (longer than a turn).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>How often the worker looks for due retries and expired claims; new deliveries wake it at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public int MaxAttempts { get; set; } = 8;
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>How long answered deliveries are kept (their ids de-duplicate redeliveries).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(2);
}
