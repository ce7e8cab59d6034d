using PartnerBot.PartnerProgram;
using PartnerBot.People;

namespace PartnerBot.Core.Tests;

public sealed class ProgramOptionsValidatorTests
{
    private static List<string> Errors(Action<ProgramOptions> change)
    {
        var options = DemoProgram.Load();
        change(options);
        var result = new ProgramOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures.ToList() : [];
    }

    [Fact]
    public void DemoProgram_IsValid_AndHasTheDomainDefaults()
    {
        Assert.Empty(Errors(_ => { }));
        var p = DemoProgram.Load();
        Assert.Equal(["Bronze", "Silver", "Gold", "Platinum"], p.Tiers.Select(t => t.Name));
        Assert.Equal(20m, p.Tiers[0].CommissionPercent[PartnerType.Reseller]);
        Assert.Equal(30m, p.Tiers[3].CommissionPercent[PartnerType.Reseller]);
        Assert.Equal([0m, 50_000m, 200_000m, 500_000m], p.Tiers.Select(t => t.MinAnnualRevenue));
        Assert.Equal(90, p.DealRegistration.WindowDays);
        Assert.Equal(60, p.DealRegistration.ExtensionDays);
        Assert.Equal(70m, p.CoSell.PartnerSourcedPartnerPercent);
        Assert.Equal(30m, p.CoSell.DirectSourcedPartnerPercent);
        Assert.Equal(12, p.PartnerTypes[PartnerType.Msp].RevenueShareMonths);
        Assert.Equal([14, 3], p.DealRegistration.ReminderDaysBefore);
        Assert.Equal(["event", "webinar", "campaign", "content", "booth", "other"], p.Mdf.ActivityTypes);
        Assert.All(Enum.GetValues<PartnerType>(), t => Assert.True(p.PartnerTypes.ContainsKey(t)));
    }

    [Fact]
    public void TiersNotAscending_NamesTheTierSetting()
    {
        var errors = Errors(o => o.Tiers[2].MinAnnualRevenue = 40_000);
        Assert.Contains(errors, e => e.StartsWith("Program:Tiers:2:MinAnnualRevenue (40000) must be above Program:Tiers:1:MinAnnualRevenue (50000)", StringComparison.Ordinal));
    }

    [Fact]
    public void EqualTierThresholds_AreNotAscending()
    {
        var errors = Errors(o => o.Tiers[1].MinAnnualRevenue = o.Tiers[0].MinAnnualRevenue);
        Assert.Contains(errors, e => e.StartsWith("Program:Tiers:1:MinAnnualRevenue", StringComparison.Ordinal));
    }

    [Fact]
    public void RateOver100Percent_IsRefused()
    {
        var errors = Errors(o => o.Tiers[3].CommissionPercent[PartnerType.Reseller] = 120);
        Assert.Contains("Program:Tiers:3:CommissionPercent:Reseller is 120%: a percentage must be between 0 and 100.", errors);
    }

    [Fact]
    public void CoSellShareOver100Percent_IsRefused()
    {
        var errors = Errors(o => o.CoSell.PartnerSourcedPartnerPercent = 101);
        Assert.Contains("Program:CoSell:PartnerSourcedPartnerPercent is 101%: a percentage must be between 0 and 100.", errors);
    }

    [Fact]
    public void NegativeMdfPercent_IsRefused()
    {
        var errors = Errors(o => o.Tiers[1].MdfPercent = -1);
        Assert.Contains("Program:Tiers:1:MdfPercent is -1%: a percentage must be between 0 and 100.", errors);
    }

    [Fact]
    public void WindowOfZeroDays_IsRefused()
    {
        var errors = Errors(o => o.DealRegistration.WindowDays = 0);
        Assert.Contains(errors, e => e.StartsWith("Program:DealRegistration:WindowDays must be at least 1 day", StringComparison.Ordinal));
    }

    [Fact]
    public void ExtensionOfZeroDays_IsRefused()
    {
        var errors = Errors(o => o.DealRegistration.ExtensionDays = 0);
        Assert.Contains("Program:DealRegistration:ExtensionDays must be at least 1 day.", errors);
    }

    [Fact]
    public void RateOutsideTheTypeRange_IsRefused()
    {
        var errors = Errors(o => o.Tiers[0].CommissionPercent[PartnerType.Referral] = 10);
        Assert.Contains("Program:Tiers:0:CommissionPercent:Referral is 10%, outside Program:PartnerTypes:Referral's range 15–30%.", errors);
    }

    [Fact]
    public void HigherTierPayingLess_IsRefused()
    {
        var errors = Errors(o => o.Tiers[2].CommissionPercent[PartnerType.Reseller] = 21);
        Assert.Contains("Program:Tiers:2:CommissionPercent:Reseller (21%) is below the lower tier's 22.5%: a higher tier must not pay less.", errors);
    }

    [Fact]
    public void MissingRateForAType_IsRefused()
    {
        var errors = Errors(o => o.Tiers[1].CommissionPercent.Remove(PartnerType.Msp));
        Assert.Contains("Program:Tiers:1:CommissionPercent:Msp is missing: every tier needs a rate for every partner type.", errors);
    }

    [Fact]
    public void TypeRangeUpsideDown_IsRefused()
    {
        var errors = Errors(o => o.PartnerTypes[PartnerType.Reseller].MinCommissionPercent = 50);
        Assert.Contains("Program:PartnerTypes:Reseller:MinCommissionPercent (50) is above MaxCommissionPercent (40).", errors);
    }

    [Fact]
    public void RevenueShareWithoutMonths_IsRefused()
    {
        var errors = Errors(o => o.PartnerTypes[PartnerType.Msp].RevenueShareMonths = 0);
        Assert.Contains("Program:PartnerTypes:Msp:RevenueShareMonths must be at least 1 for a revenue-share type.", errors);
    }

    [Fact]
    public void DuplicateTierNames_AreRefused()
    {
        var errors = Errors(o => o.Tiers[1].Name = "bronze");
        Assert.Contains("Program:Tiers:1:Name 'bronze' is used by two tiers.", errors);
    }

    [Fact]
    public void NoTiers_IsRefused()
    {
        var errors = Errors(o => o.Tiers.Clear());
        Assert.Contains("Program:Tiers is empty: configure at least one tier.", errors);
    }

    [Theory]
    [InlineData("usd")]
    [InlineData("DOLLARS")]
    [InlineData("")]
    public void CurrencyNotIso_IsRefused(string currency)
    {
        var errors = Errors(o => o.Currency = currency);
        Assert.Contains($"Program:Currency '{currency}' is not a three-letter ISO 4217 code such as USD.", errors);
    }

    [Fact]
    public void MaxAmountBelowReviewThreshold_IsRefused()
    {
        var errors = Errors(o => o.DealRegistration.MaxAmount = 1000);
        Assert.Contains("Program:DealRegistration:MaxAmount must be above ReviewAmountThreshold.", errors);
    }

    [Theory]
    [InlineData(49)]
    [InlineData(101)]
    public void SimilarityOutOfRange_IsRefused(int percent)
    {
        var errors = Errors(o => o.DealRegistration.NameSimilarityPercent = percent);
        Assert.Contains("Program:DealRegistration:NameSimilarityPercent must be between 50 and 100.", errors);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3651)]
    public void WonAccountProtectionOutOfRange_IsRefused(int days)
    {
        var errors = Errors(o => o.DealRegistration.WonAccountProtectionDays = days);
        Assert.Contains("Program:DealRegistration:WonAccountProtectionDays must be between 0 (a won account is open at the close) and 3650 days.", errors);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(365)]
    public void WonAccountProtection_ZeroOrAYear_IsAccepted(int days) =>
        Assert.DoesNotContain(Errors(o => o.DealRegistration.WonAccountProtectionDays = days), e => e.Contains("WonAccountProtectionDays", StringComparison.Ordinal));

    [Fact]
    public void MdfPeriodThatDoesNotDivideAYear_IsRefused()
    {
        var errors = Errors(o => o.Mdf.PeriodMonths = 5);
        Assert.Contains("Program:Mdf:PeriodMonths must divide a year (1, 2, 3, 4, 6 or 12).", errors);
    }

    [Fact]
    public void EmptyName_IsRefused()
    {
        var errors = Errors(o => o.Name = " ");
        Assert.Contains("Program:Name is empty: give the program a name.", errors);
    }

    [Fact]
    public void BonusForAnUnknownTier_OrBackwardsWindow_IsRefused()
    {
        var errors = Errors(o =>
        {
            o.Commission.Bonuses[0].MinTier = "Diamond";
            o.Commission.Bonuses[0].To = o.Commission.Bonuses[0].From.AddDays(-1);
        });
        Assert.Contains("Program:Commission:Bonuses:0:MinTier 'Diamond' is not one of Program:Tiers.", errors);
        Assert.Contains("Program:Commission:Bonuses:0:To (2026-12-31) is before From (2027-01-01).", errors);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(29)]
    public void PayoutDayThatSomeMonthsLack_IsRefused(int day)
    {
        var errors = Errors(o => o.Commission.PayoutDayOfMonth = day);
        Assert.Contains("Program:Commission:PayoutDayOfMonth must be between 1 and 28 (every month has it).", errors);
    }

    [Fact]
    public void Incentives_TheDemoRulesAreValid_AndImpossibleOnesNameTheirSetting()
    {
        Assert.Empty(Errors(o => o.Incentives = Commissions.IncentiveCalculatorTests.Program().Incentives));
        var errors = Errors(o =>
        {
            o.Incentives = Commissions.IncentiveCalculatorTests.Program().Incentives;
            o.Incentives.From = default;
            o.Incentives.RegistrationAmount = -5;
            o.Incentives.CertificationAmount = 10.005m;
            o.Incentives.Spifs[1].Name = "q4 analytics push";
            o.Incentives.Spifs[0].Amount = 0;
            o.Incentives.Spifs[0].To = o.Incentives.Spifs[0].From.AddDays(-1);
            o.Incentives.Rebates[1].MinRevenue = 100_000;
            o.Incentives.Rebates[1].Percent = 0.5m;
        });
        Assert.Contains(errors, e => e.StartsWith("Program:Incentives:From is missing", StringComparison.Ordinal));
        Assert.Contains("Program:Incentives:RegistrationAmount is -5: an amount of USD of 0 (none) or more, in whole minor units.", errors);
        Assert.Contains("Program:Incentives:CertificationAmount is 10.005: an amount of USD of 0 (none) or more, in whole minor units.", errors);
        Assert.Contains("Program:Incentives:Spifs:1:Name 'q4 analytics push' is used by two SPIFs.", errors);
        Assert.Contains("Program:Incentives:Spifs:0:Amount is 0: an amount of USD above 0, in whole minor units.", errors);
        Assert.Contains("Program:Incentives:Spifs:0:From and To must be days (yyyy-MM-dd) with To on or after From.", errors);
        Assert.Contains("Program:Incentives:Rebates:1:MinRevenue (100000) must be above Program:Incentives:Rebates:0:MinRevenue (100000): thresholds go from lowest to highest.", errors);
        Assert.Contains("Program:Incentives:Rebates:1:Percent (0.5%) is below the lower threshold's 1%: more revenue must not earn less.", errors);
    }

    [Fact]
    public void Points_ImpossibleOnesNameTheirSetting()
    {
        var errors = Errors(o =>
        {
            o.Incentives = Commissions.IncentiveCalculatorTests.Program().Incentives;
            o.Incentives.Points.Activities["demo"] = 0;
            o.Incentives.Points.Activities["Webinar <b>"] = 5;
            o.Incentives.Points.ValuePerPoint = 0.005m;
        });
        Assert.Contains("Program:Incentives:Points:Activities:demo is 0: an activity earns 1 to 100000 points.", errors);
        Assert.Contains("Program:Incentives:Points:Activities:Webinar <b>: an activity kind is 2 to 40 lower-case letters, digits or hyphens (people type it: webinar, demo).", errors);
        Assert.Contains("Program:Incentives:Points:ValuePerPoint is 0.005: what one point is worth in USD, above 0 and at most 10000, in whole minor units.", errors);
        // Points alone switch incentives on: they need the day they start.
        var alone = Errors(o => o.Incentives = new() { Points = new() { Activities = new() { ["webinar"] = 10 }, ValuePerPoint = 2 } });
        Assert.Contains(alone, e => e.StartsWith("Program:Incentives:From is missing", StringComparison.Ordinal));
        Assert.Single(alone);
    }
}
