using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.People;

namespace PartnerBot.Core.Tests.Localization;

/// <summary>Money and dates are written one way per locale, by LocaleFormat, with .NET's culture data.</summary>
public sealed class LocaleFormatTests
{
    private const char Nbsp = '\u00a0';

    [Theory]
    [InlineData(Languages.English, "40,000.00 USD")]
    [InlineData(Languages.Malay, "40,000.00 USD")]
    [InlineData(Languages.Chinese, "40,000.00 USD")]
    [InlineData(Languages.Polish, "40\u00a0000,00 USD")]
    public void Money_CarriesItsCurrencyCode_InTheLocalesSeparators(string language, string expected) =>
        Assert.Equal(expected, LocaleFormat.For(language).Money(40_000m, "USD"));

    [Theory]
    [InlineData(Languages.English, "12 May 2026")]
    [InlineData(Languages.Malay, "12 Mei 2026")]
    [InlineData(Languages.Chinese, "2026年5月12日")]
    [InlineData(Languages.Polish, "12 maja 2026")]
    public void Date_IsOneWayPerLocale(string language, string expected) =>
        Assert.Equal(expected, LocaleFormat.For(language).Date(new DateOnly(2026, 5, 12)));

    [Theory]
    [InlineData(Languages.English, "6 Oct")]
    [InlineData(Languages.Malay, "6 Okt")]
    [InlineData(Languages.Chinese, "10月6日")]
    [InlineData(Languages.Polish, "6 paź")]
    public void DayMonth_IsShort_ForAChartsAxis(string language, string expected) =>
        Assert.Equal(expected, LocaleFormat.For(language).DayMonth(new DateOnly(2026, 10, 6)));

    [Fact]
    public void Chinese_NeverMixesDayFirstWithChineseMonths()
    {
        var zh = LocaleFormat.For(Languages.Chinese);
        Assert.DoesNotContain("12 5月", zh.Date(new DateOnly(2026, 5, 12)), StringComparison.Ordinal);
        Assert.Equal("2027年1月3日", zh.Date(new DateTimeOffset(2027, 1, 2, 20, 0, 0, TimeSpan.Zero), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));
    }

    [Theory]
    [InlineData(2.675, "USD", "2.68 USD")]        // decimal is exact: the half goes away from zero
    [InlineData(-2.675, "USD", "-2.68 USD")]
    [InlineData(0.005, "EUR", "0.01 EUR")]
    [InlineData(1234.5, "JPY", "1,235 JPY")]       // no minor unit
    [InlineData(1.0005, "BHD", "1.001 BHD")]       // three
    [InlineData(99999999.995, "usd", "100,000,000.00 USD")]
    public void Money_RoundsHalfAwayFromZero_ToTheCurrencysMinorUnit(decimal amount, string currency, string expected) =>
        Assert.Equal(expected, LocaleFormat.For(Languages.English).Money(amount, currency));

    [Fact]
    public void Polish_WritesLargeAndSmallAmountsAndFractions()
    {
        var pl = LocaleFormat.For(Languages.Polish);
        Assert.Equal($"1{Nbsp}234{Nbsp}567,89 EUR", pl.Money(1_234_567.891m, "EUR"));
        Assert.Equal("0,50 PLN", pl.Money(0.5m, "PLN"));
        Assert.Equal("2,5%", pl.Percent(2.5m));
        Assert.Equal("1 EUR = 4,3 PLN", pl.Rate("EUR", 4.3m, "PLN"));
    }

    [Fact]
    public void SeveralCurrencies_AreListed_NeverAdded()
    {
        var amounts = new MoneyTotals().Add(8_400m, "USD").Add(3_500m, "EUR").Items("USD");
        Assert.Equal("8,400.00 USD, 3,500.00 EUR", LocaleFormat.For(Languages.English).Money(amounts));
        Assert.Equal("8,400.00 USD、3,500.00 EUR", LocaleFormat.For(Languages.Chinese).Money(amounts));
        Assert.Equal($"8{Nbsp}400,00 USD, 3{Nbsp}500,00 EUR", LocaleFormat.For(Languages.Polish).Money(amounts));
    }

    [Fact]
    public void Localizer_WritesMoneyAndDateArguments_InThePersonsLocale()
    {
        var localizer = new Localizer();
        var args = new object[] { "Northwind", "DR-1", new Money(8_400m, "USD"), new DateOnly(2026, 12, 23) };
        Assert.Contains("8,400.00 USD, payable from 23 Dec 2026", localizer.Get(Languages.English, "commission.notify.won", args), StringComparison.Ordinal);
        var zh = localizer.Get(Languages.Chinese, "commission.notify.won", args);
        Assert.Contains("8,400.00 USD", zh, StringComparison.Ordinal);
        Assert.Contains("2026年12月23日", zh, StringComparison.Ordinal);
        var pl = localizer.Get(Languages.Polish, "commission.notify.won", args);
        Assert.Contains($"8{Nbsp}400,00 USD", pl, StringComparison.Ordinal);
        Assert.Contains("23 grudnia 2026", pl, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownLanguage_IsWrittenAsEnglish() =>
        Assert.Equal("12 May 2026", LocaleFormat.For("xx").Date(new DateOnly(2026, 5, 12)));
}
