using Microsoft.AspNetCore.Http.HttpResults;
using PartnerBot.Enablement;
using PartnerBot.Storage;

namespace PartnerBot.Host.Enablement;

/// <summary>GET /content/{id}/open?p={person}&amp;t={token}: records the open, then redirects to the material.</summary>
public static class EnablementEndpoints
{
    public static WebApplication MapEnablement(this WebApplication app)
    {
        app.MapGet("/content/{id}/open", OpenAsync).WithTags("Enablement").RequireRateLimiting(HostLimits.AnonymousPolicy);
        return app;
    }

    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> OpenAsync(
        string id, string? p, string? t, PartnerBotDb db, ContentOpens opens, CancellationToken ct)
    {
        var result = await opens.OpenAsync(db, id, p, t, ct);
        return result.Outcome switch
        {
            OpenOutcome.Recorded => TypedResults.Redirect(result.Url!),
            OpenOutcome.NotFound => TypedResults.Problem("That item is no longer in the library. Search again with \"content\".",
                statusCode: StatusCodes.Status404NotFound, title: "Not found"),
            OpenOutcome.NotAllowed => TypedResults.Problem("Your partner tier does not include this item.",
                statusCode: StatusCodes.Status403Forbidden, title: "Not available"),
            _ => TypedResults.Problem("This link is not valid. Search again with \"content\" to get a fresh one.",
                statusCode: StatusCodes.Status403Forbidden, title: "Invalid link"),
        };
    }
}
