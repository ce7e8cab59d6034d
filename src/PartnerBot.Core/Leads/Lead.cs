using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerBot.Audit;
using PartnerBot.People;

namespace PartnerBot.Leads;

/// <summary>
/// Where a lead stands. New: arrived, not offered yet. Offered: waiting for one partner's answer. Accepted: a partner
/// took it and it became a registration. Unplaced: every partner it could go to declined or let the offer expire (or
/// none was eligible); its rep was told. A lead is converted when its registration closes won (read from Deals).
/// </summary>
public enum LeadState { New, Offered, Accepted, Unplaced }

/// <summary>What became of one offer of a lead to one partner.</summary>
public enum OfferOutcome { Pending, Accepted, Declined, Expired }

/// <summary>A customer the vendor hands to a partner (arrives through the "leads" import and POST /api/v1/leads).</summary>
public sealed class Lead : IAudited
{
    public required string Id { get; set; }
    public required string CompanyName { get; set; }
    /// <summary>The customer's own domain (never a free-mail one), matched as registrations are.</summary>
    public string? Domain { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    /// <summary>Two-letter country code of the customer.</summary>
    public string? Country { get; set; }
    /// <summary>The product or capability the customer wants.</summary>
    public string? Product { get; set; }
    /// <summary>The estimated size of the deal, in <see cref="Currency"/>.</summary>
    public decimal? Amount { get; set; }
    public string Currency { get; set; } = "USD";
    /// <summary>The type of partner the lead asks for, if any.</summary>
    public PartnerType? PartnerType { get; set; }
    /// <summary>Where the lead came from ("webinar", "website form").</summary>
    public string? Source { get; set; }
    /// <summary>The vendor's person who owns the lead (told when nobody takes it); null: the managers are told.</summary>
    public string? RepId { get; set; }
    public LeadState State { get; set; }
    /// <summary>The registration the lead became when accepted.</summary>
    public string? DealRegistrationId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Bumped by every change of state: of two answers saved at once, the second fails and is decided again.</summary>
    [NotAudited] public int Version { get; set; }
    public List<LeadOffer> Offers { get; set; } = [];

    /// <summary>The offer waiting for an answer, if any.</summary>
    public LeadOffer? Current => State == LeadState.Offered ? Offers.Where(o => o.Outcome == OfferOutcome.Pending).MaxBy(o => o.Round) : null;
}

/// <summary>One offer of a lead to one partner organisation: the offer history.</summary>
public sealed class LeadOffer : IAudited
{
    public long Id { get; set; }
    public required string LeadId { get; set; }
    /// <summary>1 for the first partner offered, 2 for the next.</summary>
    public int Round { get; set; }
    public required string PartnerOrganisationId { get; set; }
    public PartnerOrganisation? PartnerOrganisation { get; set; }
    /// <summary>The partner's score when it was chosen (see <see cref="LeadScorer"/>).</summary>
    public decimal Score { get; set; }
    public DateTimeOffset OfferedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public OfferOutcome Outcome { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public string? AnsweredByPersonId { get; set; }
    public string? Reason { get; set; }
}

internal sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> b)
    {
        b.Property(x => x.Id).HasMaxLength(64);
        b.Property(x => x.CompanyName).HasMaxLength(200);
        b.Property(x => x.Domain).HasMaxLength(200);
        b.Property(x => x.ContactName).HasMaxLength(200);
        b.Property(x => x.ContactEmail).HasMaxLength(320);
        b.Property(x => x.Country).HasMaxLength(2);
        b.Property(x => x.Product).HasMaxLength(200);
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Source).HasMaxLength(100);
        b.Property(x => x.RepId).HasMaxLength(64);
        b.Property(x => x.DealRegistrationId).HasMaxLength(20);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Current);
        b.HasMany(x => x.Offers).WithOne().HasForeignKey(x => x.LeadId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.State);
    }
}

internal sealed class LeadOfferConfiguration : IEntityTypeConfiguration<LeadOffer>
{
    public void Configure(EntityTypeBuilder<LeadOffer> b)
    {
        b.Property(x => x.LeadId).HasMaxLength(64);
        b.Property(x => x.PartnerOrganisationId).HasMaxLength(64);
        b.Property(x => x.Score).HasPrecision(9, 4);
        b.Property(x => x.AnsweredByPersonId).HasMaxLength(64);
        b.Property(x => x.Reason).HasMaxLength(1000);
        // One offer per round of a lead, and each partner offered a lead once.
        b.HasIndex(x => new { x.LeadId, x.Round }).IsUnique();
        b.HasIndex(x => new { x.LeadId, x.PartnerOrganisationId }).IsUnique();
        b.HasIndex(x => new { x.PartnerOrganisationId, x.Outcome });
        b.HasIndex(x => new { x.Outcome, x.DueAt });
        b.HasOne(x => x.PartnerOrganisation).WithMany().HasForeignKey(x => x.PartnerOrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
