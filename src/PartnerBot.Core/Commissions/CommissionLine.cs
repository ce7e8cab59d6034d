using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerBot.Audit;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Deals;

namespace PartnerBot.Commissions;

public enum CommissionState
{
    /// <summary>Won, inside the hold: not yet payable.</summary>
    Pending,
    /// <summary>Past the hold: goes out with the next payout.</summary>
    Payable,
    Paid,
    /// <summary>The deal was cancelled within the clawback window.</summary>
    ClawedBack,
}

/// <summary>
/// The commission on one won deal, with every number that produced it, so it can be explained step by step long after
/// the program's rates change (the tier and rates are those of the day the deal was won).
/// </summary>
public sealed class CommissionLine : IAudited
{
    public required string Id { get; set; }
    public required string DealId { get; set; }
    public required string PartnerOrganisationId { get; set; }
    public required string CompanyName { get; set; }
    public DateOnly WonOn { get; set; }
    public required string Currency { get; set; }
    public decimal Amount { get; set; }
    public decimal ContractValue { get; set; }
    public decimal Base { get; set; }
    public decimal? MonthlyRecurringRevenue { get; set; }
    public int? Months { get; set; }
    public CommissionBasis Basis { get; set; }
    public required string Tier { get; set; }
    public PartnerType PartnerType { get; set; }
    public decimal RatePercent { get; set; }
    public decimal BonusPercent { get; set; }
    public string? BonusName { get; set; }
    public DealSource Source { get; set; }
    public decimal SharePercent { get; set; }
    public DateOnly PayableFrom { get; set; }
    public DateOnly ClawbackUntil { get; set; }
    public CommissionState State { get; set; }
    public DateOnly? PaidOn { get; set; }
    public string? PayoutReference { get; set; }
    public DateOnly? ClawedBackOn { get; set; }

    public static CommissionLine From(string dealId, string orgId, string company, DateOnly wonOn, decimal contract, CommissionResult r) => new()
    {
        Id = $"CL-{dealId}",
        DealId = dealId,
        PartnerOrganisationId = orgId,
        CompanyName = company,
        WonOn = wonOn,
        Currency = r.Currency,
        Amount = r.Amount,
        ContractValue = contract,
        Base = r.Base,
        MonthlyRecurringRevenue = r.MonthlyRecurringRevenue,
        Months = r.Months,
        Basis = r.Basis,
        Tier = r.Tier,
        PartnerType = r.PartnerType,
        RatePercent = r.RatePercent,
        BonusPercent = r.BonusPercent,
        BonusName = r.BonusName,
        Source = r.Source,
        SharePercent = r.SharePercent,
        PayableFrom = r.PayableFrom,
        ClawbackUntil = r.ClawbackUntil,
        State = CommissionState.Pending,
    };
}

internal sealed class CommissionLineConfiguration : IEntityTypeConfiguration<CommissionLine>
{
    public void Configure(EntityTypeBuilder<CommissionLine> b)
    {
        b.Property(x => x.Id).HasMaxLength(24);
        b.Property(x => x.DealId).HasMaxLength(20);
        b.Property(x => x.PartnerOrganisationId).HasMaxLength(64);
        b.Property(x => x.CompanyName).HasMaxLength(200);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Tier).HasMaxLength(40);
        b.Property(x => x.BonusName).HasMaxLength(100);
        b.Property(x => x.PayoutReference).HasMaxLength(60);
        foreach (var p in new[] { nameof(CommissionLine.Amount), nameof(CommissionLine.ContractValue), nameof(CommissionLine.Base), nameof(CommissionLine.MonthlyRecurringRevenue) })
            b.Property(p).HasPrecision(18, 4);
        b.HasIndex(x => x.DealId).IsUnique();
        b.HasIndex(x => new { x.PartnerOrganisationId, x.WonOn });
        b.HasIndex(x => new { x.State, x.PayableFrom });
    }
}
