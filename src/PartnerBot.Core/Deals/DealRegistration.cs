using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerBot.Audit;
using PartnerBot.People;

namespace PartnerBot.Deals;

public enum DealStatus
{
    Approved,
    InReview,
    Rejected,
    Expired,
    /// <summary>Set by the commission capability when the deal closes.</summary>
    ClosedWon,
    ClosedLost,
}

public enum ExtensionStatus { None, Pending, Approved, Rejected }

/// <summary>
/// A partner's claim on an opportunity. Approved registrations are protected until <see cref="ProtectedUntil"/>;
/// the conflict check (<see cref="ConflictChecker"/>) reads <see cref="NormalizedName"/> and <see cref="Domain"/>.
/// </summary>
public sealed class DealRegistration : IAudited
{
    /// <summary>Short and typeable ("DR-7K3F9Q2M1A"): partners name it in "extend".</summary>
    public required string Id { get; set; }
    public required string PartnerOrganisationId { get; set; }
    public PartnerOrganisation? PartnerOrganisation { get; set; }
    public required string RegisteredByPersonId { get; set; }
    public required string CompanyName { get; set; }
    /// <summary>See <see cref="CompanyNames.Normalize"/>: what conflicts are matched on.</summary>
    public required string NormalizedName { get; set; }
    /// <summary>The customer's own domain (from the website or the contact's e-mail; never a free-mail domain).</summary>
    public string? Domain { get; set; }
    public string? Website { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public DateOnly CloseDate { get; set; }
    public decimal? Amount { get; set; }
    public string Currency { get; set; } = "USD";
    public string? Product { get; set; }
    public string? Notes { get; set; }
    public DealStatus Status { get; set; }
    /// <summary>Why it went to review: "conflict", "amount" or both ("conflict,amount").</summary>
    public string? ReviewReason { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The <see cref="ChangeCounter"/> number of the save that last changed it (set on save, in commit order).</summary>
    public long Version { get; set; }
    public DateOnly? ProtectedUntil { get; set; }
    public int ExtensionsUsed { get; set; }
    public string? ExtensionReason { get; set; }
    public ExtensionStatus ExtensionStatus { get; set; }
    public DateTimeOffset? ExtensionRequestedAt { get; set; }
    public string? ReviewerPersonId { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }
    /// <summary>Ids of the other partners' registrations this one overlapped when it was registered (comma separated).</summary>
    public string? ConflictingRegistrationIds { get; set; }
    /// <summary>Ids of the direct-sales accounts it overlapped (comma separated).</summary>
    public string? ConflictingDirectAccountIds { get; set; }
    /// <summary>The smallest Program:DealRegistration:ReminderDaysBefore already sent for the current protection end.</summary>
    public int? LastReminderDaysBefore { get; set; }

    /// <summary>When a rep closed it (won or lost); set by the commission capability.</summary>
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>For a won deal: the first-year contract value, in <see cref="Currency"/>.</summary>
    public decimal? ContractValue { get; set; }
    /// <summary>For a won deal: its monthly recurring revenue, where the partner earns a revenue share.</summary>
    public decimal? MonthlyRecurringRevenue { get; set; }
    /// <summary>For a won deal: who sourced it, which decides the co-sell split.</summary>
    public DealSource? Source { get; set; }

    public bool IsActive => Status is DealStatus.Approved or DealStatus.InReview;

    public static IReadOnlyList<string> SplitIds(string? ids) =>
        string.IsNullOrEmpty(ids) ? [] : ids.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>An account the vendor's direct sales own: partners registering it go to review.</summary>
public sealed class DirectSalesAccount : IAudited
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string NormalizedName { get; set; }
    public string? Domain { get; set; }
    /// <summary>The direct seller who owns it, as plain text (shown to vendor staff only).</summary>
    public string? Owner { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The <see cref="ChangeCounter"/> number of the save that last changed it.</summary>
    public long Version { get; set; }
}

internal sealed class DealRegistrationConfiguration : IEntityTypeConfiguration<DealRegistration>
{
    public void Configure(EntityTypeBuilder<DealRegistration> b)
    {
        b.Property(x => x.Id).HasMaxLength(20);
        b.Property(x => x.PartnerOrganisationId).HasMaxLength(64);
        b.Property(x => x.RegisteredByPersonId).HasMaxLength(64);
        b.Property(x => x.CompanyName).HasMaxLength(200);
        b.Property(x => x.NormalizedName).HasMaxLength(200);
        b.Property(x => x.Domain).HasMaxLength(200);
        b.Property(x => x.Website).HasMaxLength(300);
        b.Property(x => x.ContactName).HasMaxLength(200);
        b.Property(x => x.ContactEmail).HasMaxLength(320);
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.Property(x => x.ContractValue).HasPrecision(18, 2);
        b.Property(x => x.MonthlyRecurringRevenue).HasPrecision(18, 2);
        b.HasIndex(x => x.ClosedAt);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Product).HasMaxLength(200);
        b.Property(x => x.Notes).HasMaxLength(2000);
        b.Property(x => x.ReviewReason).HasMaxLength(40);
        b.Property(x => x.ExtensionReason).HasMaxLength(1000);
        b.Property(x => x.ReviewerPersonId).HasMaxLength(64);
        b.Property(x => x.DecisionReason).HasMaxLength(1000);
        b.Property(x => x.ConflictingRegistrationIds).HasMaxLength(1000);
        b.Property(x => x.ConflictingDirectAccountIds).HasMaxLength(1000);
        b.Ignore(x => x.IsActive);
        // Registrations are the audit trail of who claimed what: deleting an organisation must not erase them.
        b.HasOne(x => x.PartnerOrganisation).WithMany().HasForeignKey(x => x.PartnerOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(x => x.RegisteredByPersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.PartnerOrganisationId, x.Status });
        b.HasIndex(x => new { x.Status, x.ProtectedUntil });
        b.HasIndex(x => x.UpdatedAt);
        b.HasIndex(x => x.Version);
        b.HasIndex(x => x.NormalizedName);
        b.HasIndex(x => x.Domain);
    }
}

internal sealed class DirectSalesAccountConfiguration : IEntityTypeConfiguration<DirectSalesAccount>
{
    public void Configure(EntityTypeBuilder<DirectSalesAccount> b)
    {
        b.Property(x => x.Id).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.NormalizedName).HasMaxLength(200);
        b.Property(x => x.Domain).HasMaxLength(200);
        b.Property(x => x.Owner).HasMaxLength(200);
        b.HasIndex(x => x.Version);
    }
}

/// <summary>Who found the deal, recorded when it closes: partner-sourced revenue and the commission's co-sell split read it.</summary>
public enum DealSource { PartnerSourced, DirectSourced }
