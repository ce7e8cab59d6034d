using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Options;
using PartnerBot.Commissions;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Deals;

namespace PartnerBot.Core.Tests.Commissions;

public sealed class CommissionCalculatorTests
{
    private static readonly DateOnly OutsideBonus = new(2026, 11, 23);
    private static CommissionCalculator Calculator(ProgramOptions? program = null) => new(Options.Create(program ?? DemoProgram.Load()));

    private static CommissionResult Calc(PartnerType type, string tier, decimal contract, DealSource source = DealSource.PartnerSourced,
        decimal? mrr = null, string currency = "USD", DateOnly? wonOn = null) =>
        Calculator().Calculate(new CommissionInput(type, tier, source, contract, mrr, currency, wonOn ?? OutsideBonus));

    // 100,000 partner-sourced (70%), worked out by hand from the demo program's rate table.
    [Theory]
    [InlineData(PartnerType.Referral, "Bronze", 10_500)]
    [InlineData(PartnerType.Reseller, "Bronze", 14_000)]
    [InlineData(PartnerType.Msp, "Bronze", 7_000)]
    [InlineData(PartnerType.Implementation, "Bronze", 10_500)]
    [InlineData(PartnerType.Technology, "Bronze", 7_000)]
    [InlineData(PartnerType.Referral, "Silver", 14_000)]
    [InlineData(PartnerType.Reseller, "Silver", 15_750)]
    [InlineData(PartnerType.Msp, "Silver", 10_500)]
    [InlineData(PartnerType.Implementation, "Silver", 14_000)]
    [InlineData(PartnerType.Technology, "Silver", 10_500)]
    [InlineData(PartnerType.Referral, "Gold", 17_500)]
    [InlineData(PartnerType.Reseller, "Gold", 17_500)]
    [InlineData(PartnerType.Msp, "Gold", 14_000)]
    [InlineData(PartnerType.Implementation, "Gold", 17_500)]
    [InlineData(PartnerType.Technology, "Gold", 14_000)]
    [InlineData(PartnerType.Referral, "Platinum", 21_000)]
    [InlineData(PartnerType.Reseller, "Platinum", 21_000)]
    [InlineData(PartnerType.Msp, "Platinum", 17_500)]
    [InlineData(PartnerType.Implementation, "Platinum", 21_000)]
    [InlineData(PartnerType.Technology, "Platinum", 17_500)]
    public void EveryTypeAndTier_PaysItsConfiguredRate(PartnerType type, string tier, decimal expected) =>
        Assert.Equal(expected, Calc(type, tier, 100_000m).Amount);

    [Fact]
    public void TheIssuesExample_GoldReseller_PartnerSourced()
    {
        var r = Calc(PartnerType.Reseller, "Gold", 48_000m);
        Assert.Equal(8_400m, r.Amount);
        Assert.Equal((25m, 70m, 48_000m), (r.RatePercent, r.SharePercent, r.Base));
        Assert.Equal(CommissionBasis.ResellerMargin, r.Basis);
    }

    [Fact]
    public void DirectSourced_PaysThePartnersThirtyPercentShare()
    {
        var r = Calc(PartnerType.Referral, "Bronze", 10_000m, DealSource.DirectSourced);
        Assert.Equal(450m, r.Amount); // 10,000 × 15% × 30%
        Assert.Equal(30m, r.SharePercent);
    }

    [Fact]
    public void Msp_EarnsOnMonthlyRecurringRevenue_ForTheConfiguredMonths()
    {
        var r = Calc(PartnerType.Msp, "Silver", 36_000m, mrr: 1_000m);
        Assert.Equal(1_260m, r.Amount); // 1,000 × 12 months × 15% × 70%
        Assert.Equal((1_000m, 12, 12_000m), (r.MonthlyRecurringRevenue!.Value, r.Months!.Value, r.Base));
    }

    [Fact]
    public void Msp_ShortContract_EarnsOnlyOnWhatTheContractHolds()
    {
        var r = Calc(PartnerType.Msp, "Silver", 6_000m, mrr: 1_000m);
        Assert.Equal(6_000m, r.Base);
        Assert.Equal(630m, r.Amount); // 6,000 × 15% × 70%
    }

    [Fact]
    public void Msp_WithoutMrr_UsesATwelfthOfTheContract()
    {
        var r = Calc(PartnerType.Technology, "Platinum", 24_000m);
        Assert.Equal(2_000m, r.MonthlyRecurringRevenue);
        Assert.Equal(4_200m, r.Amount); // 2,000 × 12 × 25% × 70%
    }

    [Fact]
    public void MspMonths_ComeFromTheProgram()
    {
        var program = DemoProgram.Load();
        program.PartnerTypes[PartnerType.Msp].RevenueShareMonths = 6;
        var r = Calculator(program).Calculate(new(PartnerType.Msp, "Silver", DealSource.PartnerSourced, 36_000m, 1_000m, "USD", OutsideBonus));
        Assert.Equal(630m, r.Amount); // 1,000 × 6 × 15% × 70%
    }

    [Theory]
    [InlineData("2026-12-31", 8_400)]   // the day before the window
    [InlineData("2027-01-01", 10_080)]  // first day: 25% + 5 points = 30%
    [InlineData("2027-03-31", 10_080)]  // last day
    [InlineData("2027-04-01", 8_400)]   // the day after
    public void TierProgressionBonus_AppliesOnlyInItsWindow(string wonOn, decimal expected) =>
        Assert.Equal(expected, Calc(PartnerType.Reseller, "Gold", 48_000m, wonOn: DateOnly.Parse(wonOn)).Amount);

    [Fact]
    public void TierProgressionBonus_NeedsTheTier_AndHigherTiersGetItToo()
    {
        var window = new DateOnly(2027, 2, 1);
        Assert.Equal(7_560m, Calc(PartnerType.Reseller, "Silver", 48_000m, wonOn: window).Amount);   // 22.5%, no bonus
        var platinum = Calc(PartnerType.Reseller, "Platinum", 48_000m, wonOn: window);
        Assert.Equal(11_760m, platinum.Amount);                                                       // 30% + 5
        Assert.Equal((5m, "Gold by year end"), (platinum.BonusPercent, platinum.BonusName));
    }

    [Fact]
    public void Rounding_IsOnce_AtTheEnd_HalfAwayFromZero()
    {
        Assert.Equal(1_728.39m, Calc(PartnerType.Implementation, "Silver", 12_345.67m).Amount); // 1,728.3938
        Assert.Equal(0.05m, Calc(PartnerType.Reseller, "Bronze", 0.75m, DealSource.DirectSourced).Amount); // 0.045 → 0.05, not 0.04
        // Rounded once: 3 × (rounded 0.045) would be 0.15; the exact 0.135 rounds to 0.14.
        Assert.Equal(0.14m, Calc(PartnerType.Reseller, "Bronze", 2.25m, DealSource.DirectSourced).Amount);
    }

    [Theory]
    [InlineData("JPY", 1_000_001, 175_000)]      // 175,000.175 → no minor unit
    [InlineData("KWD", 1_000.0015, 175.000)]     // 175.0002625 → three decimals
    [InlineData("eur", 1_000.01, 175.00)]        // 175.00175 → two decimals
    public void Amounts_UseTheCurrencysMinorUnit(string currency, decimal contract, decimal expected)
    {
        var r = Calc(PartnerType.Referral, "Gold", contract, currency: currency);
        Assert.Equal(expected, r.Amount);
        Assert.Equal(currency.ToUpperInvariant(), r.Currency);
    }

    [Fact]
    public void PayableAndClawbackDates_ComeFromTheProgram()
    {
        var r = Calc(PartnerType.Reseller, "Gold", 1_000m, wonOn: new DateOnly(2026, 11, 23));
        Assert.Equal(new DateOnly(2026, 12, 23), r.PayableFrom);   // 30 days' hold
        Assert.Equal(new DateOnly(2027, 2, 21), r.ClawbackUntil);  // 90 days
    }

    [Fact]
    public void NegativeContract_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Calc(PartnerType.Reseller, "Gold", -1m));

    [Fact]
    public void UnknownTier_IsRefused() =>
        Assert.Throws<ArgumentException>(() => Calc(PartnerType.Reseller, "Diamond", 1m));

    // Properties over any deal: the three promises partners rely on.
    private static readonly string[] TierNames = ["Bronze", "Silver", "Gold", "Platinum"];

    private static CommissionInput Input(PositiveInt cents, int type, int tier, bool partnerSourced, int day, int mrrCents) =>
        new((PartnerType)(Math.Abs(type) % 5), TierNames[Math.Abs(tier) % 4], partnerSourced ? DealSource.PartnerSourced : DealSource.DirectSourced,
            cents.Get / 100m, mrrCents <= 0 ? null : mrrCents / 100m, "USD", new DateOnly(2026, 6, 1).AddDays(Math.Abs(day) % 500));

    [Property]
    public bool Commission_IsNeverNegative_NorAboveTheContractValue(PositiveInt cents, int type, int tier, bool partnerSourced, int day, int mrrCents)
    {
        var input = Input(cents, type, tier, partnerSourced, day, mrrCents);
        var amount = Calculator().Calculate(input).Amount;
        return amount >= 0 && amount <= input.ContractValue;
    }

    [Property]
    public bool Commission_IsMonotonicInTheRate(PositiveInt cents, int type, bool partnerSourced, int day, byte lower, byte raise)
    {
        var input = Input(cents, type, 0, partnerSourced, day, 0);
        var low = DemoProgram.Load();
        var high = DemoProgram.Load();
        var lowRate = lower % 101;
        low.Tiers[0].CommissionPercent[input.PartnerType] = lowRate;
        high.Tiers[0].CommissionPercent[input.PartnerType] = Math.Min(100, lowRate + raise % 101);
        return Calculator(low).Calculate(input).Amount <= Calculator(high).Calculate(input).Amount;
    }
}
