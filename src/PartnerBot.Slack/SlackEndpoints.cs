using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerBot.People;
using PartnerBot.Conversations;
using PartnerBot.Notifications;

namespace PartnerBot.Slack;

/// <summary>
/// Slack for PartnerBot: <c>services.AddSlack()</c> and <c>app.MapSlack()</c>. Without Slack settings nothing is
/// mapped and nothing connects; with them the options are validated at start.
/// </summary>
public static class SlackEndpoints
{
    public static IServiceCollection AddSlack(this IServiceCollection services)
    {
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();
        services.AddHttpClient<SlackApiClient>();
        services.AddSingleton<SlackRequestVerifier>();
        services.AddSingleton<BlockKitRenderer>();
        services.AddSingleton<SlackTurnRunner>();
        services.AddSingleton<SlackRequestHandler>();
        services.AddSingleton<SlackCommandText>();
        services.AddSingleton<IInboxHandler>(sp => sp.GetRequiredService<SlackRequestHandler>());
        services.AddHostedService<SlackSocketMode>();
        services.AddChannelSender<SlackSender>();
        services.AddScoped<ISystemSender, SlackChannelPoster>();
        services.AddScoped<IVerifiedEmails, SlackVerifiedEmails>();
        return services;
    }

    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value;
        if (!options.Enabled || !options.Http) return app;
        var slack = app.MapGroup("/slack").WithTags("Slack").DisableAntiforgery();
        slack.MapPost("/events", EventsAsync);
        slack.MapPost("/commands", CommandsAsync);
        slack.MapPost("/interactivity", InteractivityAsync);
        return app;
    }

    private static async Task<IResult> EventsAsync(HttpRequest request, SlackRequestVerifier verifier, SlackRequestHandler handler, IOptions<SlackOptions> options,
        CancellationToken ct)
    {
        var (body, _, refused, replay) = await ReadVerifiedAsync(request, verifier, options.Value);
        if (refused is not null) return refused;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return ToResult(await handler.AnswerAsync(SlackAck.BadRequest($"The body is not JSON: {ex.Message}"), replay, ct));
        }
        using (doc)
        {
            int? retry = int.TryParse(request.Headers["X-Slack-Retry-Num"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
            return ToResult(await handler.HandleEventAsync(doc.RootElement, retry, replay, ct));
        }
    }

    private static async Task<IResult> CommandsAsync(HttpRequest request, SlackRequestVerifier verifier, SlackRequestHandler handler, IOptions<SlackOptions> options,
        CancellationToken ct)
    {
        var (body, form, refused, replay) = await ReadVerifiedAsync(request, verifier, options.Value);
        if (refused is not null) return refused;
        form ??= ParseForm(body); // read as a form whatever its content type says, as always
        if (form is null) return ToResult(await handler.AnswerAsync(SlackAck.BadRequest("A slash command is sent as application/x-www-form-urlencoded."), replay, ct));
        return ToResult(await handler.HandleCommandAsync(form, replay, ct));
    }

    private static async Task<IResult> InteractivityAsync(HttpRequest request, SlackRequestVerifier verifier, SlackRequestHandler handler,
        IOptions<SlackOptions> options, CancellationToken ct)
    {
        var (body, form, refused, replay) = await ReadVerifiedAsync(request, verifier, options.Value);
        if (refused is not null) return refused;
        form ??= ParseForm(body); // read as a form whatever its content type says, as always
        if (form?.GetValueOrDefault("payload") is not { Length: > 0 } payload)
            return ToResult(await handler.AnswerAsync(SlackAck.BadRequest("Interactivity is sent as a form with one field, payload=<JSON>."), replay, ct));
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(payload);
        }
        catch (JsonException ex)
        {
            return ToResult(await handler.AnswerAsync(SlackAck.BadRequest($"payload is not JSON: {ex.Message}"), replay, ct));
        }
        using (doc) return ToResult(await handler.HandleInteractionAsync(doc.RootElement, replay, ct));
    }

    /// <summary>
    /// Reads the raw body (bounded) and verifies Slack's signature over exactly those bytes. The form, for a form-encoded
    /// body, is parsed once here (the certificate check reads it too) and handed on; null when it cannot be read. The
    /// replay check is handed on too, not made: every answer after this goes through <see cref="SlackRequestHandler"/>,
    /// which makes it before answering (a copy gets 401 whatever else it would have got).
    /// </summary>
    private static async Task<(byte[] Body, Dictionary<string, string>? Form, IResult? Refused, ReplayCheck? Replay)> ReadVerifiedAsync(
        HttpRequest request, SlackRequestVerifier verifier, SlackOptions options)
    {
        var max = options.MaxBodyBytes;
        if (request.ContentLength > max) return ([], null, TooLarge(max), null);
        var body = await ReadBodyAsync(request, max);
        if (body is null) return ([], null, TooLarge(max), null);

        var form = IsForm(request) ? ParseForm(body) : null;
        // Slack's certificate check posts ssl_check=1 unsigned: answer it, read nothing else.
        if (IsSslCheck(form)) return (body, form, TypedResults.Ok(), null);

        var (result, replay) = await verifier.VerifyAsync(request.Headers["X-Slack-Request-Timestamp"], request.Headers["X-Slack-Signature"], body,
            request.HttpContext.RequestAborted);
        return result == SlackVerification.Valid ? (body, form, null, replay) : (body, form, Unauthorized(result), null);
    }

    /// <summary>
    /// The body, at most <paramref name="max"/> bytes (null past it). With a Content-Length (Slack always sends one) it
    /// is read straight into an array of that size; without one, in chunks.
    /// </summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int max)
    {
        var ct = request.HttpContext.RequestAborted;
        if (request.ContentLength is { } length)
        {
            var exact = new byte[length];
            var filled = 0;
            int got;
            while (filled < exact.Length && (got = await request.Body.ReadAsync(exact.AsMemory(filled), ct)) > 0) filled += got;
            return filled == exact.Length ? exact : exact[..filled];
        }
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

    private static bool IsForm(HttpRequest request) =>
        request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsSslCheck(Dictionary<string, string>? form) =>
        form is not null && form.GetValueOrDefault("ssl_check") == "1" && !form.ContainsKey("payload") && !form.ContainsKey("command");

    private static Dictionary<string, string>? ParseForm(byte[] body)
    {
        try
        {
            var parsed = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
            return parsed.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidDataException)
        {
            return null;
        }
    }

    private static IResult ToResult(SlackAck ack) => ack switch
    {
        { Status: 200, Body: null } => TypedResults.Ok(),
        { Status: 200, Body: { } b } => TypedResults.Text(b.ToJsonString(), "application/json", Encoding.UTF8),
        { Status: 401 } => Unauthorized(SlackVerification.Replayed),
        _ => Malformed(ack.Problem ?? "The request could not be read."),
    };

    private static ProblemHttpResult Malformed(string detail) => TypedResults.Problem(detail, statusCode: 400, title: "Malformed Slack request");

    private static ProblemHttpResult TooLarge(int max) =>
        TypedResults.Problem($"The request body is larger than {max:N0} bytes (Slack:MaxBodyBytes).", statusCode: 413, title: "Too large");

    private static ProblemHttpResult Unauthorized(SlackVerification why) => TypedResults.Problem(why switch
    {
        SlackVerification.MissingHeaders => "X-Slack-Signature and X-Slack-Request-Timestamp are required.",
        SlackVerification.BadTimestamp => "X-Slack-Request-Timestamp is not a Unix time.",
        SlackVerification.Stale => "The request timestamp is more than 5 minutes from now.",
        SlackVerification.Replayed => "This request was already received.",
        _ => "The signature does not match the body.",
    }, statusCode: 401, title: "Not from Slack");
}
