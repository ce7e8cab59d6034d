using System.Text.RegularExpressions;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>Issue 17, point 1, through Teams: Tom (Acme) asks for his onboarding checklist in his 1:1 chat.</summary>
public sealed class TeamsOnboardingTests : IAsyncLifetime
{
    private FakeBotFramework _fake = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _host = TeamsHost.Create(_fake);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task PartnerAsksForOnboarding_GetsTheirOwnChecklist_AsACard()
    {
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "onboarding borealis", id: "onb-1"));
        var (_, sent) = Assert.Single(_fake.Sent());
        var text = Regex.Unescape(sent.ToJsonString());
        Assert.Contains("Acme Integrations Ltd: onboarding, 4 of 5 steps done", text);
        Assert.Contains("✗ to do: open a deck or case study", text);
        Assert.Contains("Sales certification", text);
        Assert.DoesNotContain("Borealis", text);
    }
}
