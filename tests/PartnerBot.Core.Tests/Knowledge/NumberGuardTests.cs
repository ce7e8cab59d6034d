using PartnerBot.Knowledge;

namespace PartnerBot.Core.Tests.Knowledge;

public sealed class NumberGuardTests
{
    private const string Evidence = "Silver needs 50,000 USD in annual revenue and 3 certified reps. Reseller at Silver: 22.5%. Protected for 90 days.";

    [Theory]
    [InlineData("Silver needs 50,000 USD and 3 reps [1].")]
    [InlineData("Silver needs 50000 USD.")]
    [InlineData("Silver needs $50K.")]
    [InlineData("A reseller earns 22.5% at Silver.")]
    [InlineData("1. Register.\n2. Wait 90 days.")]
    public void Supported_NumbersFromTheEvidence_Pass(string answer)
    {
        Assert.Empty(NumberGuard.Unsupported(answer, Evidence));
    }

    [Theory]
    [InlineData("Registrations are protected for 120 days.", "120")]
    [InlineData("A reseller earns 25% at Silver.", "25")]
    [InlineData("Silver needs 60,000 USD.", "60000")]
    public void Invented_NumbersAreCaught(string answer, string invented)
    {
        Assert.Equal([invented], NumberGuard.Unsupported(answer, Evidence));
    }

    [Fact]
    public void MoneyAsWritten_WithZeroCents_SupportsTheWholeAmount_ButNotAnotherFraction()
    {
        const string facts = "Next tier needs annual revenue: 500,000.00 USD (short by 190,000.00 USD). Pending: 8 400,50 EUR.";
        Assert.Empty(NumberGuard.Unsupported("Platinum needs 500,000 USD; you are short by 190,000.00 USD. Pending 8,400.50 EUR.", facts));
        Assert.Equal(["840051"], NumberGuard.Unsupported("Pending 8,400.51 EUR.", facts));
    }
}
