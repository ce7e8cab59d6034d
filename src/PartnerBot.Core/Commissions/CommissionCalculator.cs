using Microsoft.Extensions.Options;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Deals;

namespace PartnerBot.Commissions;

/// <param name="ContractValue">The first-year contract value (for revenue-share types, the contract's whole recurring value).</param>
/// <param name="MonthlyRecurringRevenue">For revenue-share types; when absent, a twelfth of the contract value.</param>
public sealed record CommissionInput(
    PartnerType PartnerType,
    string Tier,
    DealSource Source,
    decimal ContractValue,
    decimal? MonthlyRecurringRevenue,
    string Currency,
    DateOnly WonOn);

/// <summary>Every number that went into a commission, so it can be explained step by step.</summary>
public sealed record CommissionResult(
    decimal Amount,
    string Currency,
    CommissionBasis Basis,
    decimal Base,
    decimal? MonthlyRecurringRevenue,
    int? Months,
    string Tier,
    PartnerType PartnerType,
    decimal RatePercent,
    decimal BonusPercent,
    string? BonusName,
    DealSource Source,
    decimal SharePercent,
    DateOnly PayableFrom,
    DateOnly ClawbackUntil);

/// <summary>
/// An incentive worked out: its kind, the amount (in Program:Currency), the rule's name, and for a rebate the revenue
/// (<see cref="Base"/>), the threshold reached (its position, 1 the lowest), its percentage and what was credited before;
/// for points, the activity's points and (<see cref="Base"/>) what one point is worth.
/// </summary>
public sealed record IncentiveResult(
    CommissionLineKind Kind,
    decimal Amount,
    string Currency,
    string? Name,
    DateOnly On,
    DateOnly PayableFrom,
    decimal Base = 0m,
    decimal RatePercent = 0m,
    decimal? Threshold = null,
    int ThresholdLevel = 0,
    decimal? Credited = null,
    int? Points = null);

/// <summary>
/// The only code that knows how commission and incentives are computed. Rate by partner type and tier, on the type's basis (first-year
/// contract value, reseller margin, or monthly recurring revenue for the configured months), plus any tier-progression
/// bonus the program runs on the win date, times the partner's co-sell share. Money is decimal throughout and rounded
/// once, at the end, half away from zero, to the currency's minor unit.
/// </summary>
public sealed class CommissionCalculator(IOptions<ProgramOptions> options)
{
    public const string RoundingRule = "rounded once, at the end, " + Money.RoundingRule;

    public CommissionResult Calculate(CommissionInput input)
    {
        var program = options.Value;
        if (input.ContractValue < 0) throw new ArgumentOutOfRangeException(nameof(input), "A contract value cannot be negative.");
        if (input.MonthlyRecurringRevenue < 0) throw new ArgumentOutOfRangeException(nameof(input), "Monthly recurring revenue cannot be negative.");
        var tier = program.FindTier(input.Tier) ?? throw new ArgumentException($"'{input.Tier}' is not a tier of this program.", nameof(input));
        var type = program.PartnerTypes.TryGetValue(input.PartnerType, out var t) ? t
            : throw new ArgumentException($"'{input.PartnerType}' is not a partner type of this program.", nameof(input));
        var rate = tier.CommissionPercent[input.PartnerType];

        decimal @base;
        decimal? mrr = null;
        int? months = null;
        if (type.Basis == CommissionBasis.MonthlyRecurringRevenue)
        {
            mrr = input.MonthlyRecurringRevenue ?? input.ContractValue / 12m;
            months = type.RevenueShareMonths;
            // A revenue share is paid on at most the contract's own recurring value.
            @base = Math.Min(mrr.Value * months.Value, input.ContractValue);
        }
        else
        {
            @base = input.ContractValue;
        }

        var bonus = program.Commission.Bonuses
            .Where(b => input.WonOn >= b.From && input.WonOn <= b.To && program.TierRank(input.Tier) >= program.TierRank(b.MinTier))
            .OrderByDescending(b => b.BonusPercent)
            .FirstOrDefault();
        var bonusPercent = bonus?.BonusPercent ?? 0m;
        // A rate with its bonus never passes 100%: nobody earns more than the base.
        var effectiveRate = Math.Min(100m, rate + bonusPercent);

        var share = input.Source == DealSource.PartnerSourced
            ? program.CoSell.PartnerSourcedPartnerPercent
            : program.CoSell.DirectSourcedPartnerPercent;

        var exact = @base * effectiveRate / 100m * share / 100m;
        var amount = Money.Round(exact, input.Currency);

        return new CommissionResult(amount, input.Currency.ToUpperInvariant(), type.Basis, @base, mrr, months, tier.Name,
            input.PartnerType, rate, effectiveRate - rate, bonus?.Name, input.Source, share,
            input.WonOn.AddDays(program.Commission.PayableAfterDays), input.WonOn.AddDays(program.Commission.ClawbackDays));
    }

    private IncentiveResult Fixed(CommissionLineKind kind, decimal amount, string? name, DateOnly on)
    {
        var program = options.Value;
        return new IncentiveResult(kind, Money.Round(amount, program.Currency), program.Currency, name, on,
            on.AddDays(program.Commission.PayableAfterDays), Base: amount);
    }

    /// <summary>Whether events of <paramref name="on"/> earn incentives at all (Program:Incentives:From).</summary>
    private bool Earns(DateOnly on) => options.Value.Incentives.Any && on >= options.Value.Incentives.From;

    /// <summary>
    /// The SPIF a win earns: of the SPIFs running on the win day for its product whose minimum the contract value
    /// (converted to Program:Currency) reaches, the one that pays most; null for none. One SPIF per deal.
    /// </summary>
    public IncentiveResult? Spif(DateOnly wonOn, string? product, decimal contractValue, string currency)
    {
        var program = options.Value;
        if (!Earns(wonOn) || contractValue <= 0 || Money.ToProgramCurrency(contractValue, currency, program) is not { } value) return null;
        var rule = program.Incentives.Spifs
            .Where(s => wonOn >= s.From && wonOn <= s.To && value >= s.MinContractValue
                        && (string.IsNullOrWhiteSpace(s.Product) || string.Equals(s.Product.Trim(), product?.Trim(), StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(s => s.Amount).ThenBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault();
        return rule is null ? null : Fixed(CommissionLineKind.Spif, rule.Amount, rule.Name, wonOn) with { Base = Money.Round(value, program.Currency), Threshold = rule.MinContractValue };
    }

    /// <summary>The deal-registration incentive for a registration approved on <paramref name="approvedOn"/>, or null.</summary>
    public IncentiveResult? Registration(DateOnly approvedOn) =>
        Earns(approvedOn) && options.Value.Incentives.RegistrationAmount > 0
            ? Fixed(CommissionLineKind.Registration, options.Value.Incentives.RegistrationAmount, null, approvedOn) : null;

    /// <summary>The training incentive for a certification in <paramref name="course"/> earned on <paramref name="earnedOn"/>, or null.</summary>
    public IncentiveResult? Certification(DateOnly earnedOn, string course) =>
        Earns(earnedOn) && options.Value.Incentives.CertificationAmount > 0
            ? Fixed(CommissionLineKind.Certification, options.Value.Incentives.CertificationAmount, course, earnedOn) : null;

    /// <summary>
    /// The points an activity of <paramref name="kind"/> done on <paramref name="on"/> earns, as money: the kind's points ×
    /// Program:Incentives:Points:ValuePerPoint, rounded once; null when the kind earns no points or the day is before incentives began.
    /// </summary>
    public IncentiveResult? Points(DateOnly on, string kind)
    {
        var rules = options.Value.Incentives.Points;
        if (!Earns(on) || rules.Kind(kind) is not { } configured || rules.Activities[configured] is not (> 0 and var points) || rules.ValuePerPoint <= 0) return null;
        var program = options.Value;
        return new IncentiveResult(CommissionLineKind.Points, Money.Round(points * rules.ValuePerPoint, program.Currency), program.Currency, configured, on,
            on.AddDays(program.Commission.PayableAfterDays), Base: rules.ValuePerPoint, Points: points);
    }

    /// <summary>
    /// A quarter's volume rebate: <paramref name="revenue"/> (partner-sourced, in Program:Currency) earns the percentage
    /// of the highest threshold it reaches, on all of it; what earlier lines of the quarter <paramref name="credited"/>
    /// is taken off, so a higher threshold reached later pays only the difference and no revenue is paid twice. Null
    /// when no threshold is reached or nothing more is owed.
    /// </summary>
    public IncentiveResult? Rebate(decimal revenue, decimal credited, DateOnly on)
    {
        var program = options.Value;
        if (!Earns(on) || revenue <= 0) return null;
        revenue = Money.Round(revenue, program.Currency); // the figure the statement shows is the one worked on
        var level = program.Incentives.Rebates.FindLastIndex(t => revenue >= t.MinRevenue);
        if (level < 0) return null;
        var threshold = program.Incentives.Rebates[level];
        var owed = Money.Round(revenue * threshold.Percent / 100m, program.Currency);
        var amount = owed - credited;
        if (amount <= 0) return null;
        return new IncentiveResult(CommissionLineKind.Rebate, amount, program.Currency, null, on, on.AddDays(program.Commission.PayableAfterDays),
            Base: revenue, RatePercent: threshold.Percent, Threshold: threshold.MinRevenue, ThresholdLevel: level + 1, Credited: credited);
    }
}
