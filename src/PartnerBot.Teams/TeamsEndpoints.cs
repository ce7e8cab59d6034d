using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.People;
using PartnerBot.Localization;
using PartnerBot.Conversations;

namespace PartnerBot.Teams;

/// <summary>
/// The Teams channel: POST /api/messages takes Bot Framework activities (GET and HEAD answer the Agents
/// Playground's probe). Every request is verified before anything is read into a turn: its size, its bearer token
/// (when an app id is configured), its JSON, and the token's serviceurl against the activity's.
/// </summary>
public static partial class TeamsEndpoints
{
    public const string Path = "/api/messages";
    internal const string ConnectorClientName = "PartnerBot.Teams.Connector";
    internal const string MetadataClient = "PartnerBot.Teams.OpenIdMetadata";

    public static IServiceCollection AddTeams(this IServiceCollection services)
    {
        services.AddOptions<TeamsOptions>().BindConfiguration(TeamsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>();
        services.AddHttpClient(ConnectorClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(MetadataClient, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<BotFrameworkAuthentication>();
        services.AddSingleton<BotTokenProvider>();
        services.AddSingleton<ConnectorClient>();
        services.AddSingleton(new StringsAssembly(typeof(TeamsBot).Assembly));
        services.AddSingleton<AdaptiveCardRenderer>();
        services.AddSingleton<TeamsBot>();
        services.AddSingleton<IInboxHandler>(sp => sp.GetRequiredService<TeamsBot>());
        services.AddChannelSender<TeamsSender>();
        services.AddScoped<IVerifiedEmails, TeamsVerifiedEmails>();
        return services;
    }

    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<TeamsOptions>>().Value;
        var logger = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("PartnerBot.Teams");
        // Without an app id the endpoint takes the Agents Playground's unsigned activities: what one wants while trying
        // the bot on a laptop, and a real hole anywhere else.
        if (options.Authenticates) Log.Authenticating(logger, options.MicrosoftAppId!);
        else if (app.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment()) Log.LocalMode(logger);
        else Log.Unauthenticated(logger);

        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Head], () => TypedResults.Text("PartnerBot's Teams endpoint: POST Bot Framework activities here."))
            .WithTags("Teams");
        app.MapPost(Path, HandleAsync).WithTags("Teams").DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, BotFrameworkAuthentication auth, TeamsBot bot,
        IOptions<TeamsOptions> options, CancellationToken ct)
    {
        var max = options.Value.MaxBodyBytes;
        if (request.ContentLength > max) return TooLarge(max);

        // Who is calling, before anything else is read: an unauthenticated body is never parsed.
        var identity = await auth.AuthenticateAsync(request.Headers.Authorization.ToString(), ct);
        if (!identity.Succeeded) return Unauthorized(identity.Error!);

        var body = await ReadAsync(request, max, ct);
        if (body is null) return TooLarge(max);
        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<Activity>(body, ActivityJson.Options);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem($"The body is not a valid activity: {ex.Message}", statusCode: 400, title: "Malformed JSON");
        }
        if (activity is null)
            return TypedResults.Problem("The body is empty: send an activity as a JSON object.", statusCode: 400, title: "Malformed JSON");

        // A token is issued for one service URL: replies must go to the connector that sent the activity.
        if (auth.Enabled && !SameServiceUrl(identity.ServiceUrl, activity.ServiceUrl))
            return Unauthorized("The token's serviceurl claim does not match the activity's serviceUrl.");
        // A key is endorsed for the channels it may sign for: a key for another channel cannot speak for Teams.
        if (!identity.EndorsedFor(activity.ChannelId))
            return Unauthorized($"The token's signing key is not endorsed for the channel '{Truncate(activity.ChannelId)}'.");

        return await bot.ProcessAsync(activity, Encoding.UTF8.GetString(body), ct);
    }

    private static async Task<byte[]?> ReadAsync(HttpRequest request, int max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    internal static bool SameServiceUrl(string? claim, string? activity) =>
        !string.IsNullOrEmpty(claim) && !string.IsNullOrEmpty(activity) &&
        string.Equals(claim.TrimEnd('/'), activity.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static string Truncate(string? s) => s is null ? "" : s.Length <= 40 ? s : s[..40] + "…";

    private static ProblemHttpResult TooLarge(int max) =>
        TypedResults.Problem($"The activity is larger than {max:N0} bytes.", statusCode: 413, title: "Too large");

    private static UnauthorizedProblem Unauthorized(string reason) => new(reason);

    /// <summary>401 with a Bearer challenge and a problem body that says why.</summary>
    private sealed class UnauthorizedProblem(string reason) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"PartnerBot\"";
            return TypedResults.Problem(reason, statusCode: 401, title: "Unauthorized").ExecuteAsync(context);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4000, Level = LogLevel.Warning,
            Message = "Teams: no Teams:MicrosoftAppId is configured outside Development, so POST /api/messages accepts activities nobody signed. Set Teams:MicrosoftAppId and Teams:MicrosoftAppPassword (see manifests/teams/README.md).")]
        public static partial void Unauthenticated(ILogger logger);

        [LoggerMessage(EventId = 4011, Level = LogLevel.Information,
            Message = "Teams: local mode for the Agents Playground (no Teams:MicrosoftAppId, so activities are not signed); set the app id to connect real Teams.")]
        public static partial void LocalMode(ILogger logger);

        [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Teams: validating Bot Framework tokens for app {AppId}")]
        public static partial void Authenticating(ILogger logger, string appId);
    }
}
