using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Digests;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Digests;

public sealed class ChartEndpointTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private async Task<string> StoreAsync(TimeSpan lifetime)
    {
        var token = PartnerBot.Storage.LinkTokens.New();
        await _host.WithDbAsync(db =>
        {
            db.DigestCharts.Add(new DigestChart
            {
                Token = token, RecipientPersonId = "mgr-helena",
                Data = DigestChart.Serialize(new TrendChartData("en", "Registrations", "Revenue (USD)", ["1 Jun", "8 Jun"], [1, 2], [3m, 4m])),
                CreatedAt = _host.Clock.GetUtcNow(), ExpiresAt = _host.Clock.GetUtcNow() + lifetime,
            });
            return db.SaveChangesAsync();
        });
        return token;
    }

    [Fact]
    public async Task Chart_IsServedAsPng_UntilItExpires()
    {
        var token = await StoreAsync(TimeSpan.FromDays(14));
        var client = _host.CreateClient();

        var ok = await client.GetAsync($"/charts/{token}.png");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("image/png", ok.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0x89, (await ok.Content.ReadAsByteArrayAsync())[0]);

        _host.Clock.Advance(TimeSpan.FromDays(14));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/charts/{token}.png")).StatusCode);
    }

    [Fact]
    public async Task Chart_IsDrawnOnItsFirstRequest_InEachTheme_ThenKept()
    {
        var token = await StoreAsync(TimeSpan.FromDays(14));
        var client = _host.CreateClient();

        var light = await (await client.GetAsync($"/charts/{token}.png")).Content.ReadAsByteArrayAsync();
        var dark = await (await client.GetAsync($"/charts/{token}.png?theme=dark")).Content.ReadAsByteArrayAsync();
        Assert.NotEqual(light, dark);
        var stored = await _host.WithDbAsync(db => db.DigestCharts.AsNoTracking().SingleAsync(c => c.Token == token));
        Assert.Equal(light, stored.Light);
        Assert.Equal(dark, stored.Dark);
        Assert.Equal(dark, await (await client.GetAsync($"/charts/{token}.png?theme=DARK")).Content.ReadAsByteArrayAsync());
        // An unknown theme is the light picture.
        Assert.Equal(light, await (await client.GetAsync($"/charts/{token}.png?theme=sepia")).Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-token-at-all-and-far-too-long-to-be-one")]
    public async Task UnknownOrMalformedToken_Is404(string token) =>
        Assert.Equal(HttpStatusCode.NotFound, (await _host.CreateClient().GetAsync($"/charts/{token}.png")).StatusCode);
}
