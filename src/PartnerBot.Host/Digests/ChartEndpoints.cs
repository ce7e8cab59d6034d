using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Storage;

namespace PartnerBot.Host.Digests;

/// <summary>GET /charts/{token}.png: a digest's trend chart, while it has not expired. The token is the only key.</summary>
public static class ChartEndpoints
{
    public static IEndpointRouteBuilder MapDigestCharts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/charts/{token}.png", async Task<Results<FileContentHttpResult, NotFound>> (
            string token, PartnerBotDb db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            var now = clock.GetUtcNow();
            var chart = token.Length is > 0 and <= 32
                ? await db.DigestCharts.AsNoTracking().FirstOrDefaultAsync(c => c.Token == token && c.ExpiresAt > now, ct)
                : null;
            if (chart is null) return TypedResults.NotFound();
            http.Response.Headers.CacheControl = "private, max-age=3600";
            return TypedResults.File(chart.Png, "image/png");
        }).RequireRateLimiting(HostLimits.AnonymousPolicy);
        return app;
    }
}
