using Microsoft.Extensions.Options;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Program:DealRegistration:WindowDays", "0", "Program:DealRegistration:WindowDays must be at least 1 day")]
    [InlineData("Program:Tiers:3:CommissionPercent:Reseller", "130", "Program:Tiers:3:CommissionPercent:Reseller is 130%")]
    [InlineData("Program:Tiers:1:MinAnnualRevenue", "0", "Program:Tiers:1:MinAnnualRevenue (0) must be above Program:Tiers:0:MinAnnualRevenue")]
    public void ImpossibleProgram_StopsTheHost_NamingTheSetting(string key, string value, string message)
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { [key] = value });
        var ex = Assert.Throws<OptionsValidationException>(() => host.CreateClient());
        Assert.Contains(message, ex.Message);
    }
}
