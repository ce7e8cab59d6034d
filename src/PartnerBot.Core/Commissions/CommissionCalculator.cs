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
/// The only code that knows how commission is computed. Rate by partner type and tier, on the type's basis (first-year
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
}
