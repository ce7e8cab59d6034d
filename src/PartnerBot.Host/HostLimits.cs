using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.RateLimiting;

namespace PartnerBot.Host;

/// <summary>Settings under "Limits": how much one request and one anonymous client may ask of the host.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";
    /// <summary>Largest request body Kestrel accepts (each endpoint also has its own, smaller, limit).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
    /// <summary>Requests per minute one client address may make to endpoints anyone can call (web chat, links, charts, health).</summary>
    public int AnonymousPerMinute { get; set; } = 300;
    /// <summary>Requests per minute one API key may make to the REST API (/api/v1); calls without a valid key count per address as anonymous ones.</summary>
    public int ApiKeyPerMinute { get; set; } = 600;
}

/// <summary>
/// Bounds for everything that comes in: Kestrel's request limits (body, headers, slow senders), a per-address rate
/// limit on the endpoints that need no credentials, and a per-key one on the REST API. Slack and Teams endpoints are verified instead, and never limited:
/// their deliveries are stored in the inbox and acknowledged at once however busy the host is.
/// </summary>
public static class HostLimits
{
    public const string AnonymousPolicy = "anonymous";
    public const string ApiKeyPolicy = "api-key";

    public static WebApplicationBuilder AddHostLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(LimitsOptions.Section).Get<LimitsOptions>() ?? new LimitsOptions();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.Limits.MaxRequestHeaderCount = 100;
            k.Limits.MaxRequestLineSize = 8 * 1024;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            k.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(65);
        });
        // A request Kestrel finds malformed (a body shorter than its Content-Length, a body too large) is the caller's
        // mistake: answer with its own 4xx, not 500.
        builder.Services.Configure<ExceptionHandlerOptions>(o =>
            o.StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(AnonymousPolicy, PerAddress);
            // The REST API: per key once ApiKeyAuthentication has found a valid one, per address (as anonymous) before.
            o.AddPolicy(ApiKeyPolicy, context => Api.ApiKeyAuthentication.KeyId(context) is { } key
                ? RateLimitPartition.GetFixedWindowLimiter("key:" + key, _ => PerMinute(limits.ApiKeyPerMinute))
                : PerAddress(context));
            o.OnRejected = async (context, ct) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var detail = Api.ApiKeyAuthentication.KeyId(context.HttpContext) is { } key
                    ? $"More than {limits.ApiKeyPerMinute} requests a minute with API key {key} (Limits:ApiKeyPerMinute): wait and try again."
                    : $"More than {limits.AnonymousPerMinute} requests a minute from this address (Limits:AnonymousPerMinute): wait and try again.";
                await TypedResults.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests").ExecuteAsync(context.HttpContext);
            };
        });
        return builder;

        RateLimitPartition<string> PerAddress(HttpContext context) => RateLimitPartition.GetFixedWindowLimiter(
            "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "local"), _ => PerMinute(limits.AnonymousPerMinute));
    }

    private static FixedWindowRateLimiterOptions PerMinute(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };
}
