using PartnerBot.PartnerProgram;

namespace PartnerBot.Core.Tests.Localization;

/// <summary>Money in different currencies is never added; a single figure is a conversion that says so.</summary>
public sealed class MoneyTotalsTests
{
    private static readonly ProgramOptions Program = DemoProgram.Load(); // USD, EUR 1.08, JPY 0.0067, …

    [Fact]
    public void TotalsArePerCurrency_ProgramCurrencyFirst()
    {
        var totals = new MoneyTotals().Add(3_500m, "EUR").Add(8_000m, "USD").Add(400m, "usd").Add(0.01m, "EUR");
        Assert.Equal([new Money(8_400m, "USD"), new Money(3_500.01m, "EUR")], totals.Items("USD"));
        Assert.Equal(2, totals.CurrencyCount);
        Assert.DoesNotContain(totals.Items("USD"), m => m.Amount == 11_900.01m);
    }

    [Fact]
    public void Converted_UsesTheConfiguredRates_RoundedOnceAtTheEnd()
    {
        var totals = new MoneyTotals().Add(8_400m, "USD").Add(3_500m, "EUR").Add(1_001m, "JPY");
        // 8,400 + 3,500 × 1.08 + 1,001 × 0.0067 = 12,186.7067 → 12,186.71
        Assert.Equal(new Money(12_186.71m, "USD"), totals.Converted(Program));
    }

    [Fact]
    public void Converted_IsNothing_WhenACurrencyHasNoConfiguredRate()
    {
        var totals = new MoneyTotals().Add(100m, "USD").Add(100m, "CHF");
        Assert.Null(totals.Converted(Program));
        Assert.Null(Money.ToProgramCurrency(100m, "CHF", Program));
    }

    [Fact]
    public void SumsStayExact()
    {
        var totals = new MoneyTotals();
        for (var i = 0; i < 10; i++) totals.Add(0.1m, "USD");
        Assert.Equal(1.0m, totals["USD"]);
    }
}
