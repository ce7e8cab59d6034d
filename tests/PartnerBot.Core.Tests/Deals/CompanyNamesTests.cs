using PartnerBot.Deals;

namespace PartnerBot.Core.Tests.Deals;

public sealed class CompanyNamesTests
{
    [Theory]
    [InlineData("ACME Corp", "acme")]
    [InlineData("acme, corp.", "acme")]
    [InlineData("Café Société", "cafe societe")]
    [InlineData("Wisła Systemy", "systemy wisla")]
    [InlineData("Łódź Software", "lodz software")]
    [InlineData("Müller & Söhne", "and muller sohne")]
    [InlineData("O'Brien Analytics", "analytics obrien")]
    [InlineData("Systemy Wisła", "systemy wisla")]
    public void Normalize_CaseAccentsPunctuationAndWordOrder(string name, string expected) =>
        Assert.Equal(expected, CompanyNames.Normalize(name));

    [Theory]
    [InlineData("Zenith Robotics Inc", "robotics zenith")]
    [InlineData("Zenith Robotics, Inc.", "robotics zenith")]
    [InlineData("Zenith Robotics Incorporated", "robotics zenith")]
    [InlineData("Zenith Robotics Ltd", "robotics zenith")]
    [InlineData("Zenith Robotics Limited", "robotics zenith")]
    [InlineData("Zenith Robotics LLC", "robotics zenith")]
    [InlineData("Zenith Robotics L.L.C.", "robotics zenith")]
    [InlineData("Zenith Robotics GmbH", "robotics zenith")]
    [InlineData("Zenith Robotics Sdn Bhd", "robotics zenith")]
    [InlineData("Zenith Robotics Sdn. Bhd.", "robotics zenith")]
    [InlineData("Zenith Robotics Berhad", "robotics zenith")]
    [InlineData("Zenith Robotics Sp. z o.o.", "robotics zenith")]
    [InlineData("Zenith Robotics S.A.", "robotics zenith")]
    [InlineData("Zenith Robotics Pte. Ltd.", "robotics zenith")]
    [InlineData("Zenith Robotics Corp.", "robotics zenith")]
    [InlineData("The Zenith Robotics Company", "robotics zenith")]
    public void Normalize_RemovesEachLegalFormFamily(string name, string expected) =>
        Assert.Equal(expected, CompanyNames.Normalize(name));

    [Theory]
    [InlineData("天虹科技有限公司", "天虹科技")]
    [InlineData("天虹科技股份有限公司", "天虹科技")]
    [InlineData("Lotus Cloud Partners 有限公司", "cloud lotus partners")]
    public void Normalize_RemovesChineseLegalForms(string name, string expected) =>
        Assert.Equal(expected, CompanyNames.Normalize(name));

    [Theory]
    [InlineData("Inc")]
    [InlineData("GmbH")]
    [InlineData("有限公司")]
    public void Normalize_NeverStripsTheWholeName(string name) =>
        Assert.NotEqual("", CompanyNames.Normalize(name));

    [Theory]
    [InlineData("https://www.Zenith-Robotics.example/about", "zenith-robotics.example")]
    [InlineData("zenith-robotics.example", "zenith-robotics.example")]
    [InlineData("jane@zenith-robotics.example", "zenith-robotics.example")]
    [InlineData("jane@gmail.com", null)]
    [InlineData("someone@outlook.com", null)]
    [InlineData("not a domain", null)]
    [InlineData("", null)]
    public void Domain_FromWebsiteOrEmail_IgnoresFreeMail(string input, string? expected) =>
        Assert.Equal(expected, CompanyNames.Domain(input));
}
