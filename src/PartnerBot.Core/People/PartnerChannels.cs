using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerBot.Conversations;
using PartnerBot.Notifications;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.People
{
    /// <summary>
    /// A chat channel that vendor staff tied to one partner organisation ("shared channel acme" typed inside it): the
    /// channel both sides are in (a Slack Connect channel). Product messages meant for both sides of that organisation
    /// at once (a co-sell thread) are posted there; nothing else about the organisation is. Tying it again to another
    /// organisation moves it; every change is audited.
    /// </summary>
    public sealed class PartnerChannel : Audit.IAudited
    {
        /// <summary>The chat platform (<see cref="Channels.Slack"/>).</summary>
        public required string Channel { get; set; }
        /// <summary>The platform's own id of the channel (Slack: C…).</summary>
        public required string ConversationId { get; set; }
        public string? Tenant { get; set; }
        public required string PartnerOrganisationId { get; set; }
        public required string TiedByPersonId { get; set; }
        public DateTimeOffset TiedAt { get; set; }
    }

    /// <summary>Which channels are tied to which organisation, and where a product message for both sides can go.</summary>
    public static class PartnerChannels
    {
        /// <summary>
        /// The organisation's most recently tied channel that this host can post into (a channel poster,
        /// <see cref="ChannelPost.SenderFor"/>, is registered for its platform), or null.
        /// </summary>
        public static async Task<PartnerChannel?> PostableAsync(PartnerBotDb db, string organisationId, IEnumerable<ISystemSender> senders, CancellationToken ct)
        {
            var platforms = senders.Select(s => s.Channel).ToHashSet(StringComparer.Ordinal);
            var tied = await db.PartnerChannels.AsNoTracking().Where(c => c.PartnerOrganisationId == organisationId).ToListAsync(ct);
            return tied.Where(c => platforms.Contains(ChannelPost.SenderFor(c.Channel)))
                .OrderByDescending(c => c.TiedAt).ThenBy(c => c.ConversationId, StringComparer.Ordinal).FirstOrDefault();
        }

        /// <summary>Whether this host can post into channels of <paramref name="platform"/>.</summary>
        public static bool CanPost(string platform, IEnumerable<ISystemSender> senders) =>
            senders.Any(s => s.Channel == ChannelPost.SenderFor(platform));
    }

    internal sealed class PartnerChannelConfiguration : IEntityTypeConfiguration<PartnerChannel>
    {
        public void Configure(EntityTypeBuilder<PartnerChannel> b)
        {
            b.HasKey(x => new { x.Channel, x.ConversationId });
            b.Property(x => x.Channel).HasMaxLength(20);
            b.Property(x => x.ConversationId).HasMaxLength(200);
            b.Property(x => x.Tenant).HasMaxLength(64);
            b.Property(x => x.PartnerOrganisationId).HasMaxLength(64);
            b.Property(x => x.TiedByPersonId).HasMaxLength(64);
            b.HasOne<PartnerOrganisation>().WithMany().HasForeignKey(x => x.PartnerOrganisationId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(x => x.PartnerOrganisationId);
        }
    }
}

namespace PartnerBot.Storage
{
    public partial class PartnerBotDb
    {
        public DbSet<PartnerChannel> PartnerChannels => Set<PartnerChannel>();
    }
}
