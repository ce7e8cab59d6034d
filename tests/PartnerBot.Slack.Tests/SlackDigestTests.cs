using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Digests;

namespace PartnerBot.Slack.Tests;

/// <summary>A rep's scheduled digest, through the outbox, into Slack as Block Kit within Slack's limits.</summary>
public sealed class SlackDigestTests
{
    [Fact]
    public async Task RepsScheduledDigest_GoesToSlack_WithTheChartAsAnImage_AndOnlyTheirPartners()
    {
        await using var t = await SlackTestHost.StartAsync(new Dictionary<string, string?> { ["Links:PublicBaseUrl"] = "https://partnerbot.example.com" });
        await t.Host.WithDbAsync(async db =>
        {
            var maya = await db.People.SingleAsync(p => p.Id == "rep-maya");
            maya.Preferences.NotifyChannel = "slack";
            return await db.SaveChangesAsync();
        });
        var scheduler = t.Host.Services.GetRequiredService<DigestScheduler>();
        await scheduler.RunOnceAsync(CancellationToken.None);
        t.Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        await scheduler.RunOnceAsync(CancellationToken.None);
        await t.Host.DeliverOutboxAsync();

        // Everyone with a Slack identity who does not use the web chat gets theirs in Slack now; this is Maya's (her DM).
        var post = Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage" && c.Channel == "DU0REPMAYA" && c.BlocksJson.Contains("Your weekly partner digest"));
        Assert.InRange(post.Blocks!.Count, 5, 50);
        Assert.Contains("Logistyka", post.BlocksJson); // Kraków Logistyka (JSON escapes the ó)
        Assert.DoesNotContain("Contoso", post.BlocksJson);
        Assert.Matches("\"image_url\":\"https://partnerbot.example.com/charts/[A-Za-z0-9_-]{22}\\.png\"", post.BlocksJson);
    }
}
