using PartnerBot.Commissions;

namespace PartnerBot.Core.Tests.Commissions;

public sealed class PeriodTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Theory]
    [InlineData("", "2026-10-01", "2026-12-31", "Q4 2026")]
    [InlineData("this quarter", "2026-10-01", "2026-12-31", "Q4 2026")]
    [InlineData("last quarter", "2026-07-01", "2026-09-30", "Q3 2026")]
    [InlineData("2027-Q1", "2027-01-01", "2027-03-31", "Q1 2027")]
    [InlineData("Q2 2026", "2026-04-01", "2026-06-30", "Q2 2026")]
    [InlineData("2025", "2025-01-01", "2025-12-31", "2025")]
    public void Parse_UnderstandsQuartersAndYears(string text, string start, string end, string label)
    {
        var p = Period.Parse(text, Today)!;
        Assert.Equal((DateOnly.Parse(start), DateOnly.Parse(end), label), (p.Start, p.End, p.Label));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-Q5")]
    [InlineData("1999")]
    public void Parse_RefusesWhatItCannotRead(string text) => Assert.Null(Period.Parse(text, Today));

    [Fact]
    public void LastQuarter_InJanuary_IsTheYearBefore() =>
        Assert.Equal("Q4 2026", Period.Parse("last quarter", new DateOnly(2027, 1, 10))!.Label);
}
