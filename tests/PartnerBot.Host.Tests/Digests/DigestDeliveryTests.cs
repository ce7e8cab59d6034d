using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Digests;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Digests;

/// <summary>
/// A manager's and a rep's digest end to end on the demo program: on demand in the web chat, and from the scheduler
/// through the outbox. Maya owns Acme, Borealis and Wisła (Kraków Logistyka waits for review); Arjun owns Kedai
/// (Contoso Malaysia waits for review), Lotus and Pioneer.
/// </summary>
public sealed class DigestDeliveryTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task ManagersDigest_InWebChat_CoversEveryPartner_WithAChartThatServes()
    {
        var html = (await _host.Chat("mgr-helena").SayAsync("digest"))[^1];
        Assert.Contains("All 6 partners", html.Html);
        Assert.Contains("Deal registration", html.Html);
        Assert.Contains("Kraków Logistyka", html.Html);
        Assert.Contains("Contoso Malaysia", html.Html);
        Assert.Contains("2 waiting for a decision", html.Html);
        // Kedai joined 60 days ago, Wisła 150 and Pioneer 120; all three registered a deal.
        Assert.Contains("3 partners joined in the last 180 days: 3 have registered a deal", html.Html);

        var src = System.Text.RegularExpressions.Regex.Match(html.Html!, "src=\"(/charts/[A-Za-z0-9_-]+\\.png)\"").Groups[1].Value;
        var png = await _host.CreateClient().GetAsync(src);
        Assert.Equal(System.Net.HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RepsDigest_InWebChat_ShowsOnlyTheirOwnPartners()
    {
        var html = (await _host.Chat("rep-maya").SayAsync("digest"))[^1].Html;
        Assert.Contains("Your 3 partners", html);
        Assert.Contains("Kraków Logistyka", html);
        Assert.Contains("1 waiting for a decision", html);
        Assert.DoesNotContain("Contoso", html);
        Assert.DoesNotContain("Kedai", html);
        Assert.DoesNotContain("Pioneer", html);
    }

    [Fact]
    public async Task ScheduledDigests_ThroughTheOutbox_EachScopedToItsRecipient()
    {
        var scheduler = _host.Services.GetRequiredService<DigestScheduler>();
        await scheduler.RunOnceAsync(CancellationToken.None);
        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(4, await scheduler.RunOnceAsync(CancellationToken.None));
        await _host.DeliverOutboxAsync();

        var helena = Assert.Single(await _host.Chat("mgr-helena").ReadAsync()).Html;
        Assert.Contains("All 6 partners", helena);
        Assert.Contains("Contoso Malaysia", helena);
        Assert.Contains("Kraków Logistyka", helena);
        var arjun = Assert.Single(await _host.Chat("rep-arjun").ReadAsync()).Html;
        Assert.Contains("Your 3 partners", arjun);
        Assert.Contains("Contoso Malaysia", arjun);
        Assert.DoesNotContain("Kraków", arjun);
        // One chart per digest, each kept for the chart lifetime.
        var charts = await _host.WithDbAsync(db => db.DigestCharts.Select(c => new { c.RecipientPersonId, c.ExpiresAt }).ToListAsync());
        Assert.Equal(4, charts.Count);
        Assert.All(charts, c => Assert.Equal(new DateTimeOffset(2026, 12, 14, 9, 0, 0, TimeSpan.Zero), c.ExpiresAt));
    }
}
