using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Enablement;

public sealed class EnablementSettingsTests
{
    [Fact]
    public void Production_WithoutLinkKey_StopsTheHost_NamingTheSetting()
    {
        using var host = new TestHost();
        using var production = host.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        var ex = Assert.Throws<OptionsValidationException>(() => production.CreateClient());
        Assert.Contains("Enablement:LinkKey must be a secret of at least 32 characters", ex.Message);
    }

    [Theory]
    [InlineData("Enablement:LinkKey", "too-short", "Enablement:LinkKey must be a secret of at least 32 characters")]
    [InlineData("Links:PublicBaseUrl", "javascript:alert(1)", "Links:PublicBaseUrl 'javascript:alert(1)' is not an http(s) address.")]
    [InlineData("Program:Enablement:MaxQueryLength", "5000", "Program:Enablement:MaxQueryLength must be between 20 and 2000 characters.")]
    [InlineData("Program:Mdf:ClaimReminderDaysBefore", "45", "Program:Mdf:ClaimReminderDaysBefore must be between 1 and Program:Mdf:ClaimWindowDays (30).")]
    public void BadSetting_StopsTheHost_NamingTheSetting(string key, string value, string message)
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { [key] = value });
        var ex = Assert.Throws<OptionsValidationException>(() => host.CreateClient());
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public async Task PublicBaseUrl_MakesAbsoluteLinks()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?>
        {
            ["Links:PublicBaseUrl"] = "https://bot.example.com/",
            ["Enablement:LinkKey"] = new string('k', 40),
        });
        var reply = (await host.Chat("acme-jane").SayAsync("content roi"))[^1];
        Assert.Contains("href=\"https://bot.example.com/content/", reply.Html);
    }
}
