using PartnerBot.Deals;

namespace PartnerBot.Core.Tests.Deals;

public sealed class DealTextParserTests
{
    // A Monday.
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Fact]
    public void Sentence_FillsCompanyAmountDateAndContact()
    {
        var d = DealTextParser.Parse("Acme Corp, about $40k, closing end of next month, contact jane@acme.com", Today);
        Assert.Equal("Acme Corp", d.Company);
        Assert.Equal(40_000m, d.Amount);
        Assert.Equal("USD", d.Currency);
        Assert.Equal(new DateOnly(2026, 12, 31), d.CloseDate);
        Assert.Equal("jane@acme.com", d.ContactEmail);
        Assert.Null(d.Website);
    }

    [Fact]
    public void Sentence_WithDealForPrefix_ContactNameAndWebsite()
    {
        var d = DealTextParser.Parse("a deal for Zenith Robotics Inc (zenith-robotics.example) worth 40,000 EUR closing 2027-01-15 contact Jane Roe", Today);
        Assert.Equal("Zenith Robotics Inc (zenith-robotics.example)", d.Company);
        Assert.Equal("zenith-robotics.example", d.Website);
        Assert.Equal(40_000m, d.Amount);
        Assert.Equal("EUR", d.Currency);
        Assert.Equal(new DateOnly(2027, 1, 15), d.CloseDate);
        Assert.Equal("Jane Roe", d.ContactName);
    }

    [Fact]
    public void Sentence_OnlyACompany()
    {
        var d = DealTextParser.Parse("Nimbus Foods Sdn Bhd", Today);
        Assert.Equal("Nimbus Foods Sdn Bhd", d.Company);
        Assert.Null(d.Amount);
        Assert.Null(d.CloseDate);
    }

    [Theory]
    [InlineData("closing 2027-01-15", 2027, 1, 15)]
    [InlineData("closing 15/01/2027", 2027, 1, 15)]
    [InlineData("closing 15.01.2027", 2027, 1, 15)]
    [InlineData("closing Jan 15 2027", 2027, 1, 15)]
    [InlineData("closing January 15, 2027", 2027, 1, 15)]
    [InlineData("closing 15 January 2027", 2027, 1, 15)]
    [InlineData("closing 15th Jan 2027", 2027, 1, 15)]
    [InlineData("tutup 15 Januari 2027", 2027, 1, 15)]
    [InlineData("zamknięcie 15 stycznia 2027", 2027, 1, 15)]
    [InlineData("2027年1月15日成交", 2027, 1, 15)]
    public void ExplicitDates(string text, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), DealTextParser.FindDate(text, Today)?.Date);

    [Theory]
    [InlineData("next Friday", 2026, 11, 27)]
    [InlineData("next monday", 2026, 11, 30)]
    [InlineData("in 6 weeks", 2027, 1, 4)]
    [InlineData("in 10 days", 2026, 12, 3)]
    [InlineData("in 2 months", 2027, 1, 23)]
    [InlineData("end of next month", 2026, 12, 31)]
    [InlineData("end of the month", 2026, 11, 30)]
    [InlineData("end of Q2", 2027, 6, 30)]
    [InlineData("end of Q4", 2026, 12, 31)]
    [InlineData("end of Q1 2027", 2027, 3, 31)]
    [InlineData("end of quarter", 2026, 12, 31)]
    [InlineData("end of next quarter", 2027, 3, 31)]
    [InlineData("end of year", 2026, 12, 31)]
    [InlineData("tomorrow", 2026, 11, 24)]
    [InlineData("hujung bulan depan", 2026, 12, 31)]
    [InlineData("dalam 6 minggu", 2027, 1, 4)]
    [InlineData("koniec przyszłego miesiąca", 2026, 12, 31)]
    [InlineData("za 6 tygodni", 2027, 1, 4)]
    [InlineData("下个月底", 2026, 12, 31)]
    [InlineData("6周后", 2027, 1, 4)]
    public void RelativeDates(string text, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), DealTextParser.FindDate(text, Today)?.Date);

    [Fact]
    public void RelativeDates_CountFromTheGivenToday()
    {
        // The same words on 31 December (the person's time zone may already be there) mean next year.
        Assert.Equal(new DateOnly(2027, 1, 31), DealTextParser.FindDate("end of next month", new DateOnly(2026, 12, 31))?.Date);
        Assert.Equal(new DateOnly(2027, 6, 30), DealTextParser.FindDate("end of Q2", new DateOnly(2026, 7, 1))?.Date);
    }

    [Theory]
    [InlineData("$40k", 40_000, "USD")]
    [InlineData("40,000 EUR", 40_000, "EUR")]
    [InlineData("RM 120 000", 120_000, "MYR")]
    [InlineData("€1.2m", 1_200_000, "EUR")]
    [InlineData("PLN 50 000", 50_000, "PLN")]
    [InlineData("50 000 zł", 50_000, "PLN")]
    [InlineData("¥300000", 300_000, "CNY")]
    [InlineData("£12,500.50", 12_500.50, "GBP")]
    [InlineData("1.234.567,89 EUR", 1_234_567.89, "EUR")]
    [InlineData("USD 2.5 million", 2_500_000, "USD")]
    [InlineData("about 40k", 40_000, null)]
    public void Amounts(string text, double amount, string? currency)
    {
        var found = DealTextParser.FindAmount(text);
        Assert.NotNull(found);
        Assert.Equal((decimal)amount, found.Value.Amount);
        Assert.Equal(currency, found.Value.Currency);
    }

    [Theory]
    [InlineData("closing 2027-01-15")]
    [InlineData("15.01.2027")]
    [InlineData("call 3 people")]
    public void Amounts_DatesAndPlainNumbersAreNotMoney(string text) =>
        Assert.Null(DealTextParser.FindAmount(text));

    [Fact]
    public void Email_IsNotTakenAsWebsiteOrName()
    {
        var d = DealTextParser.Parse("Quasar Mining, contact piotr.nowak@quasar.example", Today);
        Assert.Equal("piotr.nowak@quasar.example", d.ContactEmail);
        Assert.Null(d.Website);
        Assert.Null(d.ContactName);
        Assert.Equal("Quasar Mining", d.Company);
    }

    [Fact]
    public async Task RuleBasedExtractor_UsesThePersonsToday()
    {
        var d = await new RuleBasedDealTextExtractor().ExtractAsync("Acme, in 6 weeks", new ExtractionContext(Today, "en"), CancellationToken.None);
        Assert.Equal(new DateOnly(2027, 1, 4), d.CloseDate);
    }
}
