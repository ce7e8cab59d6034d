using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerBot.Audit;
using PartnerBot.Notifications;

namespace PartnerBot.Webhooks;

/// <summary>
/// Another system that wants some of the program's events: where to post them, which events, and optionally the one
/// partner organisation whose events it may receive. Created and removed from the command line (`webhooks`).
/// </summary>
public sealed class WebhookSubscription : IAudited
{
    /// <summary>"WH-" and ten hexadecimal characters: short enough to type in `webhooks remove`.</summary>
    public required string Id { get; set; }
    public required string Url { get; set; }
    /// <summary>The event types it receives, separated by spaces (<see cref="WebhookEvents.All"/>).</summary>
    public required string Events { get; set; }
    /// <summary>When set, it receives only this organisation's events (<see cref="WebhookEventQueue"/> asks OrganisationAccess).</summary>
    public string? OrganisationId { get; set; }
    /// <summary>The key of the deliveries' HMAC signatures. Never written to the audit log or to logs.</summary>
    [NotAudited] public required string Secret { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Set by `webhooks remove`: nothing more is queued for it, and what is waiting fails; its log stays.</summary>
    public DateTimeOffset? RemovedAt { get; set; }

    public IReadOnlyList<string> EventList => Events.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static string NewId() => "WH-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5));

    /// <summary>32 random bytes, hexadecimal, with a prefix that says what it is when it turns up in a receiver's settings.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}

/// <summary>
/// The delivery log: one row per attempt to post an outbox message to a subscription — when, the receiver's status
/// code (none when it could not be reached or did not answer in time), what went wrong, and how long it took.
/// </summary>
public sealed class WebhookAttempt
{
    public long Id { get; set; }
    /// <summary>The delivery: the outbox message (`webhooks replay` takes this id).</summary>
    public long OutboxMessageId { get; set; }
    public required string SubscriptionId { get; set; }
    public required string EventType { get; set; }
    public int Attempt { get; set; }
    public DateTimeOffset At { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
    public int DurationMs { get; set; }
}

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> b)
    {
        b.Property(x => x.Id).HasMaxLength(16);
        b.Property(x => x.Url).HasMaxLength(WebhookSubscriptions.MaxUrlLength);
        b.Property(x => x.Events).HasMaxLength(1000);
        b.Property(x => x.OrganisationId).HasMaxLength(64);
        b.Property(x => x.Secret).HasMaxLength(100);
        b.Ignore(x => x.EventList);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> b)
    {
        b.Property(x => x.SubscriptionId).HasMaxLength(16);
        b.Property(x => x.EventType).HasMaxLength(40);
        b.Property(x => x.Error).HasMaxLength(500);
        b.HasOne<OutboxMessage>().WithMany().HasForeignKey(x => x.OutboxMessageId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.SubscriptionId, x.Id });
        b.HasIndex(x => x.OutboxMessageId);
    }
}
