using PartnerBot.Deals;
using PartnerBot.Knowledge;
using PartnerBot.PartnerProgram;

namespace PartnerBot.Core.Tests;

/// <summary>
/// The words typed around an amount (its multiplier, its currency) have one owner, <see cref="AmountWords"/>: a deal's
/// text and a question to the knowledge base read the same words as the same amount.
/// </summary>
public class AmountWordsTests
{
    [Theory]
    [InlineData("250k", 250_000, "250 000")]
    [InlineData("250 tys", 250_000, "250 000")]
    [InlineData("300 tysięcy", 300_000, "300 000")]
    [InlineData("250 ribu", 250_000, "250 000")]
    [InlineData("250rb", 250_000, "250 000")]
    [InlineData("2 jt", 2_000_000, "2 000 000")]
    [InlineData("2 juta", 2_000_000, "2 000 000")]
    [InlineData("3 mln", 3_000_000, "3 000 000")]
    [InlineData("5 miliony", 5_000_000, "5 000 000")]
    [InlineData("25万", 250_000, "250 000")]
    [InlineData("5千", 5_000, "5 000")]
    [InlineData("1 bn", 1_000_000_000, "1 000 000 000")]
    // With a decimal mark, a dot or a comma: the question once read "1.2万" as 1 and 20,000.
    [InlineData("1.2万", 12_000, "12 000")]
    [InlineData("2.5k", 2_500, "2 500")]
    [InlineData("1,5 mln", 1_500_000, "1 500 000")]
    [InlineData("2.5 juta", 2_500_000, "2 500 000")]
    public void ADealsTextAndAQuestion_ReadTheSameWordAsTheSameAmount(string typed, long amount, string indexed)
    {
        Assert.Equal(amount, DealTextParser.FindAmount($"deal for Acme, {typed}, next month")?.Amount);
        var units = KnowledgeText.ToQuery($"deal above {typed} review")!.Units;
        // One unit of digits, the amount: nothing of it read apart.
        Assert.Equal([$"\"{indexed}\""], Assert.Single(units, u => u.Any(t => t.Any(char.IsDigit))));
    }

    [Theory]
    [InlineData("in 10 minutes")]
    [InlineData("5 km away")]
    [InlineData("room 42")]
    [InlineData("confirm 120 seats")]
    public void ANumberBesideAnotherWord_IsNoAmount(string text) => Assert.Null(DealTextParser.FindAmount(text));

    [Theory]
    [InlineData("25万美元", 250_000, "USD")]
    [InlineData("3万欧元以上", 30_000, "EUR")]
    [InlineData("50万令吉", 500_000, "MYR")]
    [InlineData("5 miliony złotych", 5_000_000, "PLN")]
    [InlineData("300 tysięcy zł", 300_000, "PLN")]
    [InlineData("RM 2 juta", 2_000_000, "MYR")]
    public void AMultiplierBeforeACurrency_IsRead(string text, long amount, string? currency)
    {
        var found = DealTextParser.FindAmount(text);
        Assert.Equal(amount, found?.Amount);
        Assert.Equal(currency, found?.Currency);
    }

    [Theory]
    [InlineData("US$5k", 5_000, "USD")]
    [InlineData("$40k", 40_000, "USD")]
    [InlineData("1200 dollars", 1_200, "USD")]
    [InlineData("S$ 5000", 5_000, "SGD")]
    [InlineData("RM120 000", 120_000, "MYR")]
    [InlineData("120 000 ringgit", 120_000, "MYR")]
    [InlineData("40 000 pounds", 40_000, "GBP")]
    [InlineData("3000000 yen", 3_000_000, "JPY")]
    [InlineData("5000 zlotych", 5_000, "PLN")]
    [InlineData("PLN 50 000", 50_000, "PLN")]
    [InlineData("40,000 eur", 40_000, "EUR")]
    [InlineData("5万元", 50_000, "CNY")]
    [InlineData("20万人民币", 200_000, "CNY")]
    public void ACurrencyWord_BeforeOrAfterTheNumber_NamesItsCode(string text, long amount, string currency)
    {
        var found = DealTextParser.FindAmount(text);
        Assert.Equal(amount, found?.Amount);
        Assert.Equal(currency, found?.Currency);
    }

    [Fact]
    public void AWordThatIsNoCurrency_HasNoCode() => Assert.Null(AmountWords.CurrencyCode("seats"));

    [Fact]
    public void AWordThatIsNoMultiplier_FactorsOne() => Assert.Equal(1m, AmountWords.Factor("minutes"));
}
