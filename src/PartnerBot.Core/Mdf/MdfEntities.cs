using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerBot.Audit;

namespace PartnerBot.Mdf;

public enum MdfFundSource { TierPercent, Manager }

/// <summary>
/// An organisation's market development fund for one period (Program:Mdf:PeriodMonths, aligned to the calendar year).
/// Use-or-lose at <see cref="PeriodEnd"/>. A fund that would start with fewer than Program:Mdf:MinDaysToUse days is
/// marked <see cref="RolledIntoNext"/> and its amount is added to the next period's fund as <see cref="RolledOverAmount"/>.
/// </summary>
public sealed class MdfFund : IAudited
{
    public required string Id { get; set; }
    public required string OrganisationId { get; set; }
    public DateOnly PeriodStart { get; set; }
    /// <summary>The first day after the period (exclusive).</summary>
    public DateOnly PeriodEnd { get; set; }
    public decimal Amount { get; set; }
    public decimal RolledOverAmount { get; set; }
    /// <summary>False while a fund exists only to carry a rolled-over amount: its own amount is computed when its period starts.</summary>
    public bool AmountComputed { get; set; }
    public bool RolledIntoNext { get; set; }
    public MdfFundSource Source { get; set; }
    public decimal Percent { get; set; }
    public decimal BasisRevenue { get; set; }
    public bool BasisIsEstimate { get; set; }
    public string? SetById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public decimal Allocated => RolledIntoNext ? 0 : Amount + RolledOverAmount;
}

public enum MdfPlanStatus { Submitted, ChangesRequested, Rejected, Approved, Claimed, Reimbursed }

/// <summary>A co-marketing activity: the plan, the rep's decision, the claim with proof, and the reimbursement.</summary>
public sealed class MdfPlan : IAudited
{
    public required string Id { get; set; }
    public required string FundId { get; set; }
    public required string OrganisationId { get; set; }
    public required string SubmittedById { get; set; }
    public required string ActivityType { get; set; }
    public required string Title { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public decimal RequestedAmount { get; set; }
    public int ExpectedLeads { get; set; }
    public decimal ExpectedPipeline { get; set; }
    public string Description { get; set; } = "";
    public MdfPlanStatus Status { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }

    public decimal? ApprovedAmount { get; set; }
    public string? DecidedById { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionNote { get; set; }

    public decimal? ClaimedAmount { get; set; }
    public int? LeadsGenerated { get; set; }
    /// <summary>Proof of performance: http(s) links, one per line.</summary>
    public string? ProofLinks { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }

    public decimal? ReimbursedAmount { get; set; }
    public string? ReimbursedById { get; set; }
    public DateTimeOffset? ReimbursedAt { get; set; }
}

internal sealed class MdfFundConfiguration : IEntityTypeConfiguration<MdfFund>
{
    public void Configure(EntityTypeBuilder<MdfFund> b)
    {
        b.Property(x => x.Id).HasMaxLength(100);
        b.Property(x => x.OrganisationId).HasMaxLength(64);
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.Property(x => x.RolledOverAmount).HasPrecision(18, 2);
        b.Property(x => x.Percent).HasPrecision(5, 2);
        b.Property(x => x.BasisRevenue).HasPrecision(18, 2);
        b.Property(x => x.SetById).HasMaxLength(64);
        b.Ignore(x => x.Allocated);
        b.HasIndex(x => new { x.OrganisationId, x.PeriodStart }).IsUnique();
        b.HasIndex(x => x.PeriodEnd);
    }
}

internal sealed class MdfPlanConfiguration : IEntityTypeConfiguration<MdfPlan>
{
    public void Configure(EntityTypeBuilder<MdfPlan> b)
    {
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.FundId).HasMaxLength(100);
        b.Property(x => x.OrganisationId).HasMaxLength(64);
        b.Property(x => x.SubmittedById).HasMaxLength(64);
        b.Property(x => x.ActivityType).HasMaxLength(40);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.Property(x => x.RequestedAmount).HasPrecision(18, 2);
        b.Property(x => x.ExpectedPipeline).HasPrecision(18, 2);
        b.Property(x => x.ApprovedAmount).HasPrecision(18, 2);
        b.Property(x => x.ClaimedAmount).HasPrecision(18, 2);
        b.Property(x => x.ReimbursedAmount).HasPrecision(18, 2);
        b.Property(x => x.DecidedById).HasMaxLength(64);
        b.Property(x => x.DecisionNote).HasMaxLength(1000);
        b.Property(x => x.ProofLinks).HasMaxLength(4000);
        b.Property(x => x.ReimbursedById).HasMaxLength(64);
        b.HasIndex(x => new { x.OrganisationId, x.Status });
        b.HasIndex(x => x.FundId);
        b.HasIndex(x => new { x.Status, x.EndDate });
    }
}
