using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerBot.AccountMapping;
using PartnerBot.Audit;

namespace PartnerBot.AccountMapping
{
    public enum PartnerAccountKind { Customer, Prospect }

    /// <summary>
    /// One account of a partner's own customer and prospect list, as the partner shared it (CSV in chat, the API, or an
    /// operator's import). Only its organisation's people read it whole; the vendor sees it only where it overlaps the
    /// vendor's accounts (<see cref="AccountOverlaps"/>).
    /// </summary>
    public sealed class PartnerAccount : IAudited
    {
        public required string PartnerOrganisationId { get; set; }
        /// <summary>The partner's own id for the account (its CRM's), unique within the organisation.</summary>
        public required string Id { get; set; }
        public required string Name { get; set; }
        /// <summary><see cref="Deals.CompanyNames.Normalize"/> of the name: the conflict check's key.</summary>
        public required string NormalizedName { get; set; }
        public string? Domain { get; set; }
        public PartnerAccountKind Kind { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
        /// <summary>When an overlap alert listed this account; cleared when its name or domain changes, so a new match is told again.</summary>
        public DateTimeOffset? AlertedAt { get; set; }
        /// <summary>When someone first opened the co-sell of this account, and who (the digest counts co-sells started).</summary>
        public DateTimeOffset? CoSellOpenedAt { get; set; }
        public string? CoSellOpenedByPersonId { get; set; }
    }

    internal sealed class PartnerAccountConfiguration : IEntityTypeConfiguration<PartnerAccount>
    {
        public void Configure(EntityTypeBuilder<PartnerAccount> b)
        {
            b.HasKey(x => new { x.PartnerOrganisationId, x.Id });
            b.Property(x => x.PartnerOrganisationId).HasMaxLength(64);
            b.Property(x => x.Id).HasMaxLength(64);
            b.Property(x => x.Name).HasMaxLength(200);
            b.Property(x => x.NormalizedName).HasMaxLength(200);
            b.Property(x => x.Domain).HasMaxLength(200);
            b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.CoSellOpenedByPersonId).HasMaxLength(64);
            b.HasOne<PartnerBot.People.PartnerOrganisation>().WithMany().HasForeignKey(x => x.PartnerOrganisationId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(x => new { x.PartnerOrganisationId, x.AlertedAt });
        }
    }
}

namespace PartnerBot.Storage
{
    public partial class PartnerBotDb
    {
        public DbSet<PartnerAccount> PartnerAccounts => Set<PartnerAccount>();
    }
}
