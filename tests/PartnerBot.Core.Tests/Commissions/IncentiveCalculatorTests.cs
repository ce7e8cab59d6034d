using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Options;
using PartnerBot.Commissions;
using PartnerBot.PartnerProgram;

namespace PartnerBot.Core.Tests.Commissions;

/// <summary>Incentives beyond commission, worked out by the one calculator: SPIFs, registration and certification amounts, rebates, activity points.</summary>
public sealed class IncentiveCalculatorTests
{
    private static readonly DateOnly Day = new(2026, 11, 23);

    internal static ProgramOptions Program()
    {
        var p = DemoProgram.Load();
        p.Incentives = new IncentiveRules
        {
            From = new DateOnly(2026, 10, 1),
            Spifs =
            [
                new() { Name = "Q4 Analytics push", Product = "Analytics", From = new(2026, 10, 1), To = new(2026, 12, 31), MinContractValue = 10_000m, Amount = 500m },
                new() { Name = "Big win", From = new(2026, 11, 1), To = new(2026, 11, 30), MinContractValue = 40_000m, Amount = 750m },
            ],
            RegistrationAmount = 50m,
            CertificationAmount = 100m,
            Rebates = [new() { MinRevenue = 100_000m, Percent = 1m }, new() { MinRevenue = 250_000m, Percent = 2m }],
            Points = new() { Activities = new(StringComparer.OrdinalIgnoreCase) { ["webinar"] = 10, ["demo"] = 25, ["workshop"] = 7 }, ValuePerPoint = 1.35m },
        };
        return p;
    }

    private static CommissionCalculator Calculator(ProgramOptions? program = null) => new(Options.Create(program ?? Program()));

    [Theory]
    [InlineData("2026-11-23", "Analytics", 12_000, "USD", 500)]    // only the Analytics SPIF
    [InlineData("2026-11-23", "analytics ", 12_000, "USD", 500)]   // product matched as people type it
    [InlineData("2026-11-23", "Analytics", 48_000, "USD", 750)]    // both qualify: the one that pays most
    [InlineData("2026-11-23", "Connect", 48_000, "USD", 750)]      // Big win runs for any product
    [InlineData("2026-12-01", "Connect", 48_000, "USD", 0)]        // Big win ended on 30 Nov
    [InlineData("2026-11-23", "Connect", 12_000, "USD", 0)]
    [InlineData("2026-11-23", "Analytics", 9_999.99, "USD", 0)]    // below the minimum
    [InlineData("2026-11-23", "Analytics", 10_000, "EUR", 500)]    // 10,800 USD at the configured rate
    [InlineData("2026-11-23", "Analytics", 9_000, "EUR", 0)]       // 9,720 USD
    [InlineData("2026-11-23", "Analytics", 1_000_000, "CHF", 0)]   // no configured rate: no guess
    [InlineData("2026-09-30", "Analytics", 48_000, "USD", 0)]      // before Program:Incentives:From
    public void Spif_PaysTheBestQualifyingRule_OncePerDeal(string wonOn, string product, decimal value, string currency, decimal expected)
    {
        var r = Calculator().Spif(DateOnly.Parse(wonOn), product, value, currency);
        Assert.Equal(expected, r?.Amount ?? 0m);
        if (r is null) return;
        Assert.Equal(("USD", CommissionLineKind.Spif), (r.Currency, r.Kind));
        Assert.Equal(DateOnly.Parse(wonOn).AddDays(30), r.PayableFrom);
    }

    [Fact]
    public void Registration_AndCertification_PayTheConfiguredAmounts_FromTheStartDay()
    {
        var c = Calculator();
        Assert.Equal(50m, c.Registration(Day)!.Amount);
        Assert.Equal(100m, c.Certification(Day, "Certified Northwind Sales Professional exam")!.Amount);
        Assert.Null(c.Registration(new DateOnly(2026, 9, 30)));
        Assert.Null(c.Certification(new DateOnly(2026, 9, 30), "x"));
        var none = Program();
        none.Incentives.RegistrationAmount = 0;
        Assert.Null(Calculator(none).Registration(Day));
    }

    [Theory]
    [InlineData(99_999.99, 0, 0, 0)]
    [InlineData(100_000, 0, 1_000, 1)]
    [InlineData(180_000, 1_000, 800, 1)]          // still 1%: 1,800 owed, 1,000 credited
    [InlineData(260_000, 1_000, 4_200, 2)]        // 2% of 260,000 = 5,200, less 1,000 already credited
    [InlineData(260_000, 5_200, 0, 0)]            // nothing more
    [InlineData(123_456.785, 0, 1_234.57, 1)]     // rounded once, half away from zero
    public void Rebate_PaysTheThresholdReached_LessWhatWasCredited(decimal revenue, decimal credited, decimal expected, int level)
    {
        var r = Calculator().Rebate(revenue, credited, Day);
        Assert.Equal(expected, r?.Amount ?? 0m);
        Assert.Equal(level, r?.ThresholdLevel ?? 0);
    }

    [Theory]
    [InlineData("2026-11-23", "webinar", 10, 13.50)]   // 10 × 1.35
    [InlineData("2026-11-23", "Demo", 25, 33.75)]      // the kind as people type it
    [InlineData("2026-11-23", " workshop ", 7, 9.45)]
    [InlineData("2026-11-23", "karaoke", 0, 0)]        // not an activity of the program
    [InlineData("2026-11-23", "", 0, 0)]
    [InlineData("2026-09-30", "demo", 0, 0)]           // before Program:Incentives:From
    public void Points_PayTheKindsPoints_AtTheValueOfAPoint(string on, string kind, int points, decimal expected)
    {
        var r = Calculator().Points(DateOnly.Parse(on), kind);
        Assert.Equal(expected, r?.Amount ?? 0m);
        Assert.Equal(points, r?.Points ?? 0);
        if (r is null) return;
        Assert.Equal((CommissionLineKind.Points, "USD", 1.35m), (r.Kind, r.Currency, r.Base));
        Assert.Equal(DateOnly.Parse(on).AddDays(30), r.PayableFrom);
    }

    [Fact]
    public void NoIncentivesConfigured_PaysNothing()
    {
        var c = Calculator(DemoProgram.Load());
        Assert.Null(c.Spif(Day, "Analytics", 1_000_000m, "USD"));
        Assert.Null(c.Registration(Day));
        Assert.Null(c.Rebate(10_000_000m, 0m, Day));
        Assert.Null(c.Points(Day, "webinar"));
    }

    // Properties over any revenue: never negative, never more than once for the same revenue, more revenue never less.

    private static decimal Owed(decimal revenue) => Calculator().Rebate(revenue, 0m, Day)?.Amount ?? 0m;

    [Property]
    public bool Rebate_IsNeverNegative(NonNegativeInt cents, NonNegativeInt creditedCents)
    {
        var r = Calculator().Rebate(cents.Get * 10m, creditedCents.Get / 100m, Day);
        return r is null || r.Amount > 0;
    }

    [Property]
    public bool Rebate_IsMonotonicInRevenue(NonNegativeInt a, NonNegativeInt b)
    {
        var (low, high) = (Math.Min(a.Get, b.Get) * 10m, Math.Max(a.Get, b.Get) * 10m);
        return Owed(low) <= Owed(high);
    }

    /// <summary>
    /// Revenue arrives in any steps, the rebate is worked out after each (as the job does, any number of times):
    /// what is credited never exceeds what the revenue so far owes, and at the end it is exactly that, once.
    /// </summary>
    [Property]
    public bool Rebate_SteppedAndRepeated_CreditsEachRevenueOnce(PositiveInt[] steps, byte repeats)
    {
        var c = Calculator();
        decimal revenue = 0, credited = 0;
        foreach (var step in steps.Take(30))
        {
            revenue += step.Get % 50_000 * 10m;
            for (var i = 0; i <= repeats % 3; i++)
            {
                if (c.Rebate(revenue, credited, Day) is { } r) credited += r.Amount;
                if (credited > Owed(revenue)) return false;
            }
        }
        return credited == Owed(revenue);
    }

    /// <summary>Any value of a point (in cents) and any kind's points: an activity never pays a negative amount, and pays its points × that value, rounded once.</summary>
    [Property]
    public bool Points_AreNeverNegative_AndExactlyPointsTimesValue(PositiveInt points, PositiveInt cents, int day)
    {
        var program = Program();
        program.Incentives.Points.Activities["demo"] = points.Get % 100_000 + 1;
        program.Incentives.Points.ValuePerPoint = cents.Get % 1_000_000 / 100m;
        var r = Calculator(program).Points(new DateOnly(2026, 9, 1).AddDays(Math.Abs(day % 150)), "demo");
        return r is null || (r.Amount >= 0 && r.Amount == Math.Round(r.Points!.Value * program.Incentives.Points.ValuePerPoint, 2, MidpointRounding.AwayFromZero));
    }

    [Property]
    public bool Spif_IsNeverNegative_AndOneOfTheConfiguredAmounts(PositiveInt cents, int day, bool analytics)
    {
        var r = Calculator().Spif(new DateOnly(2026, 9, 1).AddDays(Math.Abs(day % 150)), analytics ? "Analytics" : "Connect", cents.Get / 100m, "USD");
        return r is null || r.Amount is 500m or 750m;
    }
}
