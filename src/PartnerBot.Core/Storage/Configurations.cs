using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerBot.Audit;
using PartnerBot.Conversations;
using PartnerBot.Notifications;
using PartnerBot.People;

namespace PartnerBot.Storage;

internal sealed class PartnerOrganisationConfiguration : IEntityTypeConfiguration<PartnerOrganisation>
{
    public void Configure(EntityTypeBuilder<PartnerOrganisation> b)
    {
        b.Property(x => x.Id).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Tier).HasMaxLength(40);
        b.Property(x => x.Country).HasMaxLength(2);
        b.Property(x => x.Domain).HasMaxLength(200);
        b.Property(x => x.AnnualRevenue).HasPrecision(18, 2);
        b.HasOne(x => x.OwnerRep).WithMany().HasForeignKey(x => x.OwnerRepId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.People).WithOne(x => x.PartnerOrganisation).HasForeignKey(x => x.PartnerOrganisationId);
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.Property(x => x.Id).HasMaxLength(64);
        b.Property(x => x.DisplayName).HasMaxLength(200);
        b.Property(x => x.Email).HasMaxLength(320);
        b.Property(x => x.LastSeenChannel).HasMaxLength(20);
        b.OwnsOne(x => x.Preferences, p =>
        {
            p.Property(x => x.Language).HasMaxLength(10).HasColumnName("Language");
            p.Property(x => x.TimeZone).HasMaxLength(64).HasColumnName("TimeZone");
            p.Property(x => x.DigestCadence).HasColumnName("DigestCadence");
            p.Property(x => x.DigestDay).HasColumnName("DigestDay");
            p.Property(x => x.DigestHour).HasColumnName("DigestHour");
            p.Property(x => x.Reminders).HasColumnName("Reminders");
            p.Property(x => x.NotifyChannel).HasMaxLength(20).HasColumnName("NotifyChannel");
        });
        b.Navigation(x => x.Preferences).IsRequired();
        b.HasMany(x => x.Identities).WithOne().HasForeignKey(x => x.PersonId);
    }
}

internal sealed class ChannelIdentityConfiguration : IEntityTypeConfiguration<ChannelIdentity>
{
    public void Configure(EntityTypeBuilder<ChannelIdentity> b)
    {
        b.Property(x => x.Channel).HasMaxLength(20);
        b.Property(x => x.Tenant).HasMaxLength(100);
        b.Property(x => x.UserId).HasMaxLength(100);
        b.HasIndex(x => new { x.Channel, x.Tenant, x.UserId }).IsUnique();
    }
}

internal sealed class DialogStateConfiguration : IEntityTypeConfiguration<DialogState>
{
    public void Configure(EntityTypeBuilder<DialogState> b)
    {
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.ConversationKey).HasMaxLength(300);
        b.Property(x => x.DialogName).HasMaxLength(60);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.PersonId, x.ConversationKey }).IsUnique();
        b.HasIndex(x => x.ExpiresAt);
    }
}

internal sealed class ConversationReferenceConfiguration : IEntityTypeConfiguration<ConversationReference>
{
    public void Configure(EntityTypeBuilder<ConversationReference> b)
    {
        b.Property(x => x.Channel).HasMaxLength(20);
        b.Property(x => x.ConversationId).HasMaxLength(300);
        b.HasIndex(x => new { x.Channel, x.ConversationId }).IsUnique();
        b.HasIndex(x => new { x.PersonId, x.Channel });
    }
}

internal sealed class ProcessedInboundConfiguration : IEntityTypeConfiguration<ProcessedInbound>
{
    public void Configure(EntityTypeBuilder<ProcessedInbound> b)
    {
        b.HasKey(x => new { x.Channel, x.InboundId });
        b.Property(x => x.Channel).HasMaxLength(20);
        b.Property(x => x.InboundId).HasMaxLength(200);
        b.HasIndex(x => x.ReceivedAt);
    }
}

internal sealed class WebChatMessageConfiguration : IEntityTypeConfiguration<WebChatMessage>
{
    public void Configure(EntityTypeBuilder<WebChatMessage> b)
    {
        b.Property(x => x.ConversationId).HasMaxLength(120);
        b.HasIndex(x => new { x.ConversationId, x.Id });
        b.HasIndex(x => x.OutboxMessageId).IsUnique();
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.Property(x => x.Channel).HasMaxLength(20);
        b.Property(x => x.DedupeKey).HasMaxLength(200);
        b.Property(x => x.LockedBy).HasMaxLength(64);
        b.Property(x => x.DeliveredVia).HasMaxLength(20);
        b.Property(x => x.DeliveryReference).HasMaxLength(500);
        b.HasIndex(x => x.DedupeKey).IsUnique();
        b.HasIndex(x => new { x.DeliveredAt, x.FailedAt, x.NextAttemptAt });
    }
}

internal sealed class InboxItemConfiguration : IEntityTypeConfiguration<InboxItem>
{
    public void Configure(EntityTypeBuilder<InboxItem> b)
    {
        b.ToTable("Inbox");
        b.Property(x => x.Channel).HasMaxLength(20);
        b.Property(x => x.DeliveryId).HasMaxLength(200);
        b.Property(x => x.Kind).HasMaxLength(20);
        b.Property(x => x.LockedBy).HasMaxLength(80);
        b.Property(x => x.AnsweredInline).HasMaxLength(40);
        b.HasIndex(x => new { x.Channel, x.DeliveryId }).IsUnique();
        // Only the deliveries still to run, in the order the worker claims them (due first, then by arrival): a claim
        // reads the few rows it takes, however many answered deliveries the table keeps. No index on State alone: the
        // planner would prefer it and sort every waiting row on each claim.
        b.HasIndex(x => new { x.NextAttemptAt, x.Id }).HasDatabaseName("IX_Inbox_Due")
            .HasFilter($"\"State\" IN ('{nameof(InboxState.Received)}', '{nameof(InboxState.Answered)}')");
        // The administrators' list of failed deliveries, newest first.
        b.HasIndex(x => x.Id).HasDatabaseName("IX_Inbox_Failed").HasFilter($"\"State\" = '{nameof(InboxState.Failed)}'");
        b.HasIndex(x => x.ReceivedAt);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(x => x.ActorId).HasMaxLength(64);
        b.Property(x => x.Channel).HasMaxLength(20);
        b.Property(x => x.EntityType).HasMaxLength(100);
        b.Property(x => x.EntityId).HasMaxLength(100);
        b.Property(x => x.Action).HasMaxLength(20);
        b.HasIndex(x => new { x.EntityType, x.EntityId });
        b.HasIndex(x => x.At);
    }
}
