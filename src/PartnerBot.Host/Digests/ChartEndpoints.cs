using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Digests;
using PartnerBot.Storage;

namespace PartnerBot.Host.Digests;

/// <summary>
/// GET /charts/{token}.png (<c>?theme=dark</c> for a dark background): a digest's trend chart, while it has not expired.
/// The token is the only key. Each theme's picture is drawn on its first request and kept.
/// </summary>
public static class ChartEndpoints
{
    public static IEndpointRouteBuilder MapDigestCharts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/charts/{token}.png", async Task<Results<FileContentHttpResult, NotFound>> (
            string token, string? theme, PartnerBotDb db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            var now = clock.GetUtcNow();
            var chart = token.Length is > 0 and <= 32
                ? await db.DigestCharts.FirstOrDefaultAsync(c => c.Token == token && c.ExpiresAt > now, ct)
                : null;
            if (chart is null) return TypedResults.NotFound();
            var dark = string.Equals(theme, "dark", StringComparison.OrdinalIgnoreCase);
            var drawn = (dark ? chart.Dark : chart.Light) is not null;
            var png = chart.Picture(dark ? ChartTheme.Dark : ChartTheme.Light);
            if (png is null) return TypedResults.NotFound();
            if (!drawn)
                try { await db.SaveChangesAsync(ct); }
                catch (DbUpdateException) { } // drawn by a parallel request too: the same picture, theirs is kept
            http.Response.Headers.CacheControl = "private, max-age=3600";
            return TypedResults.File(png, "image/png");
        }).RequireRateLimiting(HostLimits.AnonymousPolicy);
        return app;
    }
}
