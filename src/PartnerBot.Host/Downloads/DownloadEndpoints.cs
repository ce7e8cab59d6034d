using Microsoft.AspNetCore.Http.HttpResults;
using PartnerBot.Conversations;
using PartnerBot.Storage;

namespace PartnerBot.Host.Downloads;

/// <summary>
/// GET /downloads/{token}/{file name}: a file the bot made for one person (<see cref="Download"/>), while its link
/// works. The token is the only key; the name must be the download's own (a link cut or altered finds nothing). The
/// file is always an attachment, never shown in the browser's page, and no proxy keeps a copy.
/// </summary>
public static class DownloadEndpoints
{
    public static IEndpointRouteBuilder MapDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/downloads/{token}/{fileName}", async Task<Results<FileContentHttpResult, NotFound>> (
            string token, string fileName, PartnerBotDb db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            var download = await PartnerBot.Conversations.Downloads.FindAsync(db, token, clock.GetUtcNow(), ct);
            if (download is null || !string.Equals(download.FileName, fileName, StringComparison.Ordinal)) return TypedResults.NotFound();
            http.Response.Headers.CacheControl = "private, no-store";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.File(download.Content, download.ContentType, download.FileName);
        }).RequireRateLimiting(HostLimits.AnonymousPolicy);
        return app;
    }
}
