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

/// <summary>What a line pays for: commission on a won deal, or one of the program's incentives beyond commission.</summary>
public enum CommissionLineKind
{
    Commission,
    /// <summary>A SPIF on a qualifying win, for the partner salesperson who registered it.</summary>
    Spif,
    /// <summary>The fixed amount for an approved registration.</summary>
    Registration,
    /// <summary>The fixed amount for a person's certification in a course (once per person and course).</summary>
    Certification,
    /// <summary>A quarter's volume rebate on partner-sourced revenue, or its top-up when a higher threshold is reached.</summary>
    Rebate,
    /// <summary>The points of one recorded activity (a webinar attended, a demo given), paid at the program's value per point.</summary>
    Points,
}

/// <summary>
/// Money owed to a partner organisation, one line per event: the commission on one won deal, or an incentive
/// (<see cref="Kind"/>). <see cref="SourceEventId"/> names the event, unique per kind, so no event is paid twice.
/// The commission on one won deal, with every number that produced it, so it can be explained step by step long after
/// the program's rates change (the tier and rates are those of the day the deal was won).
/// </summary>
public sealed class CommissionLine : IAudited
{
    public required string Id { get; set; }
    public CommissionLineKind Kind { get; set; }
    /// <summary>
    /// The event paid for: the deal id (commission, SPIF), the registration id, "person:course" (certification),
    /// "organisation:quarter:threshold" (rebate), the activity id (points). Unique per kind.
    /// </summary>
    public required string SourceEventId { get; set; }
    /// <summary>The deal, for commission, SPIF and registration lines.</summary>
    public string? DealId { get; set; }
    /// <summary>The named partner person an incentive is for (the registering salesperson, the certified person).</summary>
    public string? PersonId { get; set; }
    /// <summary>The SPIF's name, the certification course's title, or the activity's kind.</summary>
    public string? IncentiveName { get; set; }
    /// <summary>For a rebate: the revenue threshold reached, and what earlier lines of the quarter already credited.</summary>
    public decimal? Threshold { get; set; }
    public decimal? Credited { get; set; }
    /// <summary>For points: the activity's points; <see cref="Base"/> is then what one point was worth.</summary>
    public int? Points { get; set; }
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
        SourceEventId = dealId,
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

    /// <summary>An incentive line for <paramref name="organisation"/>, with the numbers the calculator worked out.</summary>
    public static CommissionLine Incentive(IncentiveResult r, string sourceEventId, People.PartnerOrganisation organisation,
        PartnerTypeRules type, string? dealId = null, string company = "", string? personId = null) => new()
    {
        Id = $"IN-{Guid.NewGuid():N}"[..24],
        Kind = r.Kind,
        SourceEventId = sourceEventId,
        DealId = dealId,
        PersonId = personId,
        IncentiveName = r.Name,
        PartnerOrganisationId = organisation.Id,
        CompanyName = company,
        WonOn = r.On,
        Currency = r.Currency,
        Amount = r.Amount,
        Base = r.Base,
        RatePercent = r.RatePercent,
        Threshold = r.Threshold,
        Credited = r.Credited,
        Points = r.Points,
        Basis = type.Basis,
        Tier = organisation.Tier,
        PartnerType = organisation.Type,
        Source = DealSource.PartnerSourced,
        SharePercent = 100m,
        PayableFrom = r.PayableFrom,
        // Incentives have no clawback window of their own; a deal's SPIF and registration incentive go with its commission
        // when the deal is cancelled within the commission's window (CommissionService.CancelAsync).
        ClawbackUntil = r.On,
        State = CommissionState.Pending,
    };
}

internal sealed class CommissionLineConfiguration : IEntityTypeConfiguration<CommissionLine>
{
    public void Configure(EntityTypeBuilder<CommissionLine> b)
    {
        b.Property(x => x.Id).HasMaxLength(24);
        b.Property(x => x.DealId).HasMaxLength(20);
        b.Property(x => x.SourceEventId).HasMaxLength(200);
        b.Property(x => x.PersonId).HasMaxLength(64);
        b.Property(x => x.IncentiveName).HasMaxLength(300);
        b.Property(x => x.PartnerOrganisationId).HasMaxLength(64);
        b.Property(x => x.CompanyName).HasMaxLength(200);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Tier).HasMaxLength(40);
        b.Property(x => x.BonusName).HasMaxLength(100);
        b.Property(x => x.PayoutReference).HasMaxLength(60);
        foreach (var p in new[] { nameof(CommissionLine.Amount), nameof(CommissionLine.ContractValue), nameof(CommissionLine.Base), nameof(CommissionLine.MonthlyRecurringRevenue),
                     nameof(CommissionLine.Threshold), nameof(CommissionLine.Credited) })
            b.Property(p).HasPrecision(18, 4);
        // One line per event and kind: a job run twice, or two at once, cannot pay an event twice.
        b.HasIndex(x => new { x.Kind, x.SourceEventId }).IsUnique();
        b.HasIndex(x => x.DealId);
        b.HasIndex(x => new { x.PartnerOrganisationId, x.WonOn });
        b.HasIndex(x => new { x.State, x.PayableFrom });
    }
}
