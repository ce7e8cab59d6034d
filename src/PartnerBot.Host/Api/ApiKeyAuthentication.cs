using System.Reflection;
using PartnerBot.Integrations;
using PartnerBot.People;

namespace PartnerBot.Host.Api;

/// <summary>The scope an endpoint of the REST API needs: an area and read or write (see <see cref="ApiScopes"/>).</summary>
public sealed record RequiredScope(string Area, string Level)
{
    public override string ToString() => $"{Area}:{Level}";
}

/// <summary>
/// The integration calling: its key, and the actor the access rules see for it (<see cref="ApiKey.ToActor"/>).
/// An endpoint takes it as a parameter; it is there only once <see cref="ApiKeyAuthentication"/> let the call in.
/// </summary>
public sealed class ApiCaller(ApiKey key)
{
    public ApiKey Key { get; } = key;
    public Actor Actor { get; } = key.ToActor();

    public static ValueTask<ApiCaller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(ApiKeyAuthentication.Caller(context));
}

/// <summary>
/// API keys on /api/v1: the key comes as "Authorization: Bearer pb_…" (or "X-Api-Key: pb_…") and is checked before the
/// rate limiter runs, so the limit counts per key. An endpoint then answers 401 without a valid key (none, unknown,
/// revoked) and 403 when the key lacks the endpoint's <see cref="RequiredScope"/>, always with problem details.
/// </summary>
public static class ApiKeyAuthentication
{
    public const string PathPrefix = "/api/v1";
    private const string CheckItem = "PartnerBot.ApiKeyCheck";

    /// <summary>Checks the key of every request under <see cref="PathPrefix"/>; run it before UseRateLimiter.</summary>
    public static IApplicationBuilder UseApiKeys(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments(PathPrefix) && Presented(context.Request) is { } presented)
            context.Items[CheckItem] = await context.RequestServices.GetRequiredService<ApiKeys>().CheckAsync(presented, context.RequestAborted);
        await next(context);
    });

    /// <summary>The caller of this request when its key is valid, else null.</summary>
    public static ApiCaller? Caller(HttpContext context) =>
        context.Items[CheckItem] is ApiKeyCheck { Key: { } key } ? new ApiCaller(key) : null;

    /// <summary>The id of this request's valid key, for the rate limiter's partition; null without one.</summary>
    public static string? KeyId(HttpContext context) => context.Items[CheckItem] is ApiKeyCheck { Key: { } key } ? key.Id : null;

    /// <summary>Lets a call of the group in only with a valid key holding the endpoint's scope.</summary>
    public static RouteGroupBuilder RequireApiKeys(this RouteGroupBuilder group) => group.AddEndpointFilter(async (invocation, next) =>
    {
        var context = invocation.HttpContext;
        var check = context.Items[CheckItem] as ApiKeyCheck;
        if (check is not { Key: { } key })
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return check is { Revoked: true }
                ? TypedResults.Problem("This API key was revoked. Ask the program's administrator for a new one.", statusCode: 401, title: "Key revoked")
                : TypedResults.Problem(Presented(context.Request) is null
                        ? "Send an API key: \"Authorization: Bearer pb_…\". Keys are created with `apikeys create`."
                        : "This API key is not valid. Check that it was copied whole.",
                    statusCode: 401, title: "API key required");
        }
        var scope = context.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>()
            ?? throw new InvalidOperationException($"{context.Request.Path} declares no RequiredScope.");
        if (!ApiScopes.Allows(key.Scopes, scope.Area, scope.Level))
            return TypedResults.Problem($"This key may not do this: it needs the scope {scope} (it has: {key.Scopes}).", statusCode: 403, title: "Scope missing");
        return await next(invocation);
    });

    /// <summary>Marks an endpoint with the scope it needs (checked by <see cref="RequireApiKeys"/>, and shown in the OpenAPI document).</summary>
    public static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder endpoint, string area, string level) =>
        endpoint.WithMetadata(new RequiredScope(area, level));

    private static string? Presented(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return authorization[7..].Trim();
        var header = request.Headers["X-Api-Key"].ToString();
        return header.Length > 0 ? header.Trim() : null;
    }
}
