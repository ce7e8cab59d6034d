using Microsoft.Extensions.DependencyInjection;
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

public sealed class ProgramBindingTests : IDisposable
{
    private readonly TestHost _host = new(settings: new Dictionary<string, string?>
    {
        ["Program:DealRegistration:ReminderDaysBefore:0"] = "7",
    });

    public void Dispose() => _host.Dispose();

    [Fact]
    public void ListSettings_ReplaceTheirDefaults_NeverAppend()
    {
        var program = _host.Services.GetRequiredService<IOptions<PartnerProgram.ProgramOptions>>().Value;
        // program.json says [14, 3]; the override replaces its first item. Nothing is doubled.
        Assert.Equal([7, 3], program.DealRegistration.ReminderDaysBefore);
        Assert.Equal(6, program.Mdf.ActivityTypes.Count);
    }
}
