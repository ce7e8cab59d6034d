using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Digests;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>A rep's scheduled digest, through the outbox, into Teams as an Adaptive Card.</summary>
public sealed class TeamsDigestTests : IAsyncLifetime
{
    private FakeBotFramework _fake = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _host = TeamsHost.Create(_fake, settings: new Dictionary<string, string?> { ["Links:PublicBaseUrl"] = "https://partnerbot.example.com" });
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task RepsScheduledDigest_GoesToTeams_AsACard_WithOnlyTheirPartners()
    {
        await _host.PostAsync(Demo.Install(_fake.ServiceUrl, conversationId: Demo.GroupChat, conversationType: "groupChat"));
        await _host.WithDbAsync(async db =>
        {
            (await db.People.SingleAsync(p => p.Id == "rep-maya")).Preferences.NotifyChannel = "teams";
            return await db.SaveChangesAsync();
        });
        var scheduler = _host.Services.GetRequiredService<DigestScheduler>();
        await scheduler.RunOnceAsync(CancellationToken.None);
        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        await scheduler.RunOnceAsync(CancellationToken.None);
        await _host.DeliverOutboxAsync();

        var (_, sent) = _fake.Sent().Last();
        var card = sent["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", card["contentType"]!.GetValue<string>());
        var json = card["content"]!.ToJsonString();
        Assert.Contains("Your weekly partner digest", json);
        Assert.Contains("Logistyka", json);
        Assert.DoesNotContain("Contoso", json);
        Assert.Matches("https://partnerbot.example.com/charts/[A-Za-z0-9_-]{22}\\.png", json);
    }
}
