using System.Text.RegularExpressions;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>
/// Issue 17, point 4, through Teams: Maya records Jane's certification in her 1:1 chat; after the commission job, Tom
/// (Jane's colleague at Acme) reads the organisation's statement with the incentive explained; Lena (Borealis) does not.
/// </summary>
public sealed class TeamsIncentiveTests : IAsyncLifetime
{
    private FakeBotFramework _fake = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _host = TeamsHost.Create(_fake, settings: IncentiveProgram.Settings());
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _fake.DisposeAsync();
    }

    private string LastSent() => Regex.Unescape(_fake.Sent()[^1].Activity.ToJsonString());

    [Fact]
    public async Task RepRecords_JobPays_ColleagueReadsTheExplanation_OtherPartnerDoesNot()
    {
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "certify acme-jane technical-certification", aad: Demo.MayaAad, name: "Maya Lindqvist",
            conversationId: "a:1maya-personal", id: "inc-1"));
        Assert.Contains("Recorded: Jane Porter passed", LastSent());
        await _host.RunCommissionJobAsync();

        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "commission", id: "inc-2"));
        var tom = LastSent();
        Assert.Contains("Commission statement: Acme Integrations Ltd, Q4 2026", tom);
        Assert.Matches("Certification .{1,6}Certified Connect Implementation Engineer exam.{1,6}, Jane Porter", tom);
        Assert.Contains("earned on 23 Nov 2026 → 100.00 USD per certification, once a person", tom);

        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "commission", aad: Demo.LenaAad, name: "Lena Vogel", conversationId: "a:1lena-personal", id: "inc-3"));
        var lena = LastSent();
        Assert.Contains("Borealis Resale GmbH", lena);
        Assert.DoesNotContain("Jane Porter", lena);
    }

    [Fact]
    public async Task RepRecordsADemo_JobPaysItsPoints_ColleagueSeesThem_OtherPartnerDoesNot()
    {
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "points acme-jane demo Northwind Brewing", aad: Demo.MayaAad, name: "Maya Lindqvist",
            conversationId: "a:1maya-personal", id: "pts-1"));
        Assert.Contains("Recorded: Jane Porter (Acme Integrations Ltd), demo \"Northwind Brewing\" on 23 Nov 2026. It earns 25 points (50.00 USD)", LastSent());
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "points acme-jane demo Northwind Brewing", aad: Demo.MayaAad, name: "Maya Lindqvist",
            conversationId: "a:1maya-personal", id: "pts-2"));
        Assert.Contains("an activity earns its points once", LastSent());
        await _host.RunCommissionJobAsync();

        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "points", id: "pts-3"));
        var tom = LastSent();
        Assert.Contains("Activity points: Acme Integrations Ltd, Q4 2026", tom);
        Assert.Contains("25 points in all, worth 50.00 USD.", tom);
        Assert.Contains("Jane Porter", tom);
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "commission", id: "pts-4"));
        Assert.Contains("done on 23 Nov 2026 → 25 points × 2.00 USD a point = 50.00 USD", LastSent());

        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "points", aad: Demo.LenaAad, name: "Lena Vogel", conversationId: "a:1lena-personal", id: "pts-5"));
        var lena = LastSent();
        Assert.Contains("No activities earned points in Q4 2026.", lena);
        Assert.DoesNotContain("Jane Porter", lena);
    }
}
