using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerBot.Storage;

namespace PartnerBot.Digests;

/// <summary>
/// A recipient's place in their digest schedule. <see cref="LastSlot"/> is claimed with a conditional update before a
/// digest is queued, so several hosts never send the same slot twice.
/// </summary>
public sealed class DigestSubscription
{
    public required string PersonId { get; set; }
    /// <summary>The settings the schedule was computed from (<see cref="DigestSchedule.Signature"/>).</summary>
    public required string Signature { get; set; }
    /// <summary>When this schedule began: slots before it are never sent (no backlog after a settings change).</summary>
    public DateTimeOffset ScheduledFrom { get; set; }
    public DateTimeOffset? LastSlot { get; set; }
}

internal sealed class DigestSubscriptionConfiguration : IEntityTypeConfiguration<DigestSubscription>
{
    public void Configure(EntityTypeBuilder<DigestSubscription> b)
    {
        b.HasKey(x => x.PersonId);
        b.Property(x => x.PersonId).HasMaxLength(64);
        b.Property(x => x.Signature).HasMaxLength(120);
    }
}

