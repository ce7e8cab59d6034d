using PartnerBot.Deals;

namespace PartnerBot.Core.Tests.Deals;

/// <summary>
/// Issue 18, point 4: close dates without a year, quarters and "end of quarter/month" in English, Malay, Chinese and
/// Polish; company names keep the dot of their legal form. And point 5's name guard: which text names a partner.
/// </summary>
public sealed class Issue18WordsAndDatesTests
{
    private static readonly DateOnly Today = new(2026, 11, 23); // a Monday in Q4

    [Theory]
    // A day and month, no year: the next time it comes.
    [InlineData("15 January", 2027, 1, 15)]
    [InlineData("closing 15 january", 2027, 1, 15)]
    [InlineData("January 15th", 2027, 1, 15)]
    [InlineData("Jan 15", 2027, 1, 15)]
    [InlineData("1 December", 2026, 12, 1)]
    [InlineData("23 November", 2026, 11, 23)] // today counts
    [InlineData("22 November", 2027, 11, 22)] // yesterday is next year's
    [InlineData("15 Januari", 2027, 1, 15)]
    [InlineData("tutup 3 Mac", 2027, 3, 3)]
    [InlineData("15 Disember", 2026, 12, 15)]
    [InlineData("15 stycznia", 2027, 1, 15)]
    [InlineData("zamknięcie 3 maja", 2027, 5, 3)]
    [InlineData("30 września", 2027, 9, 30)]
    [InlineData("1月15日", 2027, 1, 15)]
    [InlineData("预计12月20号", 2026, 12, 20)]
    [InlineData("29 February", 2028, 2, 29)]
    // A quarter alone: its last day, the next one to end.
    [InlineData("Q1", 2027, 3, 31)]
    [InlineData("closing in Q4", 2026, 12, 31)]
    [InlineData("q3 2027", 2027, 9, 30)]
    [InlineData("next quarter", 2027, 3, 31)]
    [InlineData("this quarter", 2026, 12, 31)]
    [InlineData("end of quarter", 2026, 12, 31)]
    [InlineData("end of month", 2026, 11, 30)]
    [InlineData("suku tahun depan", 2027, 3, 31)]
    [InlineData("hujung suku tahun", 2026, 12, 31)]
    [InlineData("hujung bulan", 2026, 11, 30)]
    [InlineData("suku tahun pertama", 2027, 3, 31)]
    [InlineData("下季度", 2027, 3, 31)]
    [InlineData("下个季度", 2027, 3, 31)]
    [InlineData("季度末", 2026, 12, 31)]
    [InlineData("本季度末", 2026, 12, 31)]
    [InlineData("下季度末", 2027, 3, 31)]
    [InlineData("第一季度", 2027, 3, 31)]
    [InlineData("月底", 2026, 11, 30)]
    [InlineData("年底", 2026, 12, 31)]
    [InlineData("w przyszłym kwartale", 2027, 3, 31)]
    [InlineData("następny kwartał", 2027, 3, 31)]
    [InlineData("koniec kwartału", 2026, 12, 31)]
    [InlineData("koniec miesiąca", 2026, 11, 30)]
    [InlineData("I kwartał", 2027, 3, 31)]
    [InlineData("II kwartał 2027", 2027, 6, 30)]
    public void Issue18_DatesWithoutYear_AndQuarters(string text, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), DealTextParser.FindDate(text, Today)?.Date);

    [Theory]
    [InlineData("12 marketing leads")]
    [InlineData("5 juta")]
    [InlineData("40 mln")]
    [InlineData("31 February")]
    [InlineData("room 42")]
    public void Issue18_NumbersBesideWords_AreNotDates(string text) =>
        Assert.Null(DealTextParser.FindDate(text, Today));

    [Fact]
    public void Issue18_Sentence_DayWithoutYear_FillsTheDateAndCutsTheCompany()
    {
        var d = DealTextParser.Parse("Wisła Systemy Sp. z o.o., około 50 000 zł, 15 stycznia", Today);
        Assert.Equal("Wisła Systemy Sp. z o.o.", d.Company);
        Assert.Equal(new DateOnly(2027, 1, 15), d.CloseDate);
        Assert.Equal(50_000m, d.Amount);
    }

    [Theory]
    [InlineData("Kraków Logistyka Sp. z o.o.", "Kraków Logistyka Sp. z o.o.")]
    [InlineData("Kraków Logistyka S.A.", "Kraków Logistyka S.A.")]
    [InlineData("Zenith Robotics Inc.", "Zenith Robotics Inc.")]
    [InlineData("Contoso Malaysia Sdn. Bhd.", "Contoso Malaysia Sdn. Bhd.")]
    [InlineData("Hooli.", "Hooli")]
    [InlineData(" - Hooli Ltd. ", "Hooli Ltd.")]
    [InlineData("Globex Corporation...", "Globex Corporation")]
    public void Issue18_LegalSuffixKeepsItsDot(string cut, string name) =>
        Assert.Equal(name, CompanyNames.TrimName(cut));

    [Theory]
    [InlineData("register Kraków Logistyka Sp. z o.o. closing end of quarter", "Kraków Logistyka Sp. z o.o.")]
    [InlineData("register Zenith Robotics Inc., about $40k", "Zenith Robotics Inc.")]
    public void Issue18_ParsedCompany_KeepsItsLegalSuffixDot(string text, string company) =>
        Assert.Equal(company, DealTextParser.Parse(text.Replace("register ", "", StringComparison.Ordinal), Today).Company);

    private static readonly HashSet<string> Nothing = [];

    [Theory]
    [InlineData("Borealis Resale GmbH registered first", "Borealis Resale GmbH", true)]
    [InlineData("BOREALIS RESALE had it", "Borealis Resale GmbH", true)]
    [InlineData("borealis had it", "Borealis Resale GmbH", true)]
    [InlineData("Wisla Systemy zarejestrowała", "Wisła Systemy Sp. z o.o.", true)]
    [InlineData("wisła was first", "Wisła Systemy Sp. z o.o.", true)]
    [InlineData("莲花云 已登记", "莲花云伙伴有限公司", false)]
    [InlineData("莲花云伙伴已登记", "莲花云伙伴有限公司", true)]
    [InlineData("a pioneering approach", "Pioneer Referrals LLC", false)]
    [InlineData("the customer resale terms", "Borealis Resale GmbH", false)]
    [InlineData("", "Borealis Resale GmbH", false)]
    public void Issue18_IsNamedIn(string text, string organisation, bool named) =>
        Assert.Equal(named, CompanyNames.IsNamedIn(text, organisation, Nothing));

    [Fact]
    public void Issue18_IsNamedIn_AWordTheReaderMaySay_IsNotANameAlone()
    {
        // "Pioneer Foods" is the customer: naming it is fine even though Pioneer Referrals is a partner.
        Assert.False(CompanyNames.IsNamedIn("Pioneer Foods chose direct", "Pioneer Referrals LLC", new HashSet<string> { "pioneer", "foods" }));
        Assert.True(CompanyNames.IsNamedIn("Pioneer Referrals registered Pioneer Foods", "Pioneer Referrals LLC", new HashSet<string> { "pioneer", "foods" }));
    }
}
