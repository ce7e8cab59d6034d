using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PartnerBot.Teams;

/// <summary>A connector call that failed for good (after retries), with the status and any Retry-After the service asked for.</summary>
public sealed class ConnectorException(string message, HttpStatusCode? status, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public HttpStatusCode? StatusCode { get; } = status;
    public TimeSpan? RetryAfter { get; } = retryAfter;
    /// <summary>Worth trying again later: throttled, a server error, or the network.</summary>
    public bool Transient => StatusCode is null or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError;
}

/// <summary>
/// Gets Bot Connector tokens by client credentials and caches each until shortly before it expires. Without an app
/// id there are no tokens (the Agents Playground takes unauthenticated calls).
/// </summary>
public sealed class BotTokenProvider(IHttpClientFactory http, IOptions<TeamsOptions> options, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private (string Token, DateTimeOffset Expires)? _cached;

    public void Dispose() => _lock.Dispose();

    public async Task<string?> GetTokenAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Authenticates) return null;
        if (_cached is { } c && c.Expires - RefreshMargin > clock.GetUtcNow()) return c.Token;
        await _lock.WaitAsync(ct);
        try
        {
            if (_cached is { } again && again.Expires - RefreshMargin > clock.GetUtcNow()) return again.Token;
            var tenant = string.IsNullOrWhiteSpace(o.MicrosoftAppTenantId) ? "botframework.com" : o.MicrosoftAppTenantId;
            var url = $"{o.TokenAuthority.TrimEnd('/')}/{Uri.EscapeDataString(tenant)}/oauth2/v2.0/token";
            using var body = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = o.MicrosoftAppId!,
                ["client_secret"] = o.MicrosoftAppPassword ?? "",
                ["scope"] = o.TokenScope,
            });
            using var response = await http.CreateClient(TeamsEndpoints.ConnectorClientName).PostAsync(url, body, ct);
            if (!response.IsSuccessStatusCode)
                throw new ConnectorException($"The token endpoint answered {(int)response.StatusCode}: check Teams:MicrosoftAppId and Teams:MicrosoftAppPassword.",
                    response.StatusCode, ConnectorClient.RetryAfterOf(response, clock));
            var token = await response.Content.ReadFromJsonAsync<TokenResponse>(ct)
                ?? throw new ConnectorException("The token endpoint answered with no token.", response.StatusCode);
            if (string.IsNullOrEmpty(token.access_token))
                throw new ConnectorException("The token endpoint answered with no token.", response.StatusCode);
            _cached = (token.access_token, clock.GetUtcNow().AddSeconds(Math.Max(0, token.expires_in)));
            return token.access_token;
        }
        finally
        {
            _lock.Release();
        }
    }

#pragma warning disable IDE1006, CA1707 // the OAuth wire names
    private sealed record TokenResponse(string? access_token, int expires_in);
#pragma warning restore IDE1006, CA1707
}

/// <summary>
/// The Bot Connector REST API (v3) at an activity's serviceUrl: reply, send into a conversation, create a 1:1
/// conversation, update an activity. Calls carry a bearer token when an app id is configured, and are retried on
/// 429 and 5xx, waiting as long as Retry-After asks (up to <see cref="TeamsOptions.ConnectorMaxRetryDelay"/>).
/// </summary>
public sealed partial class ConnectorClient(
    IHttpClientFactory http, BotTokenProvider tokens, IOptions<TeamsOptions> options, TimeProvider clock, ILogger<ConnectorClient> logger)
{
    /// <summary>How the client waits between attempts; tests replace it to record the delays instead of sleeping.</summary>
    internal Func<TimeSpan, CancellationToken, Task> Sleep { get; set; } = (d, ct) => Task.Delay(d, ct);

    public Task<ResourceResponse?> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken ct) =>
        SendAsync<ResourceResponse>(HttpMethod.Post, serviceUrl,
            $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(replyToId)}", activity, ct);

    public Task<ResourceResponse?> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken ct) =>
        SendAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities", activity, ct);

    public Task<ResourceResponse?> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken ct) =>
        SendAsync<ResourceResponse>(HttpMethod.Put, serviceUrl,
            $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}", activity, ct);

    public Task<ConversationResourceResponse?> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken ct) =>
        SendAsync<ConversationResourceResponse>(HttpMethod.Post, serviceUrl, "v3/conversations", parameters, ct);

    /// <summary>One member of a conversation, with their user principal name and e-mail as Entra ID holds them.</summary>
    public Task<TeamsMember?> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken ct) =>
        SendAsync<TeamsMember>(HttpMethod.Get, serviceUrl,
            $"v3/conversations/{Uri.EscapeDataString(conversationId)}/members/{Uri.EscapeDataString(userId)}", null, ct);

    private async Task<T?> SendAsync<T>(HttpMethod method, string serviceUrl, string path, object? body, CancellationToken ct) where T : class
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
            throw new ConnectorException($"'{serviceUrl}' is not a service URL.", HttpStatusCode.BadRequest);
        var url = new Uri(serviceUrl.TrimEnd('/') + "/" + path);
        var o = options.Value;
        var client = http.CreateClient(TeamsEndpoints.ConnectorClientName);
        var json = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), ActivityJson.Options);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, url);
            if (json is not null)
            {
                request.Content = new ByteArrayContent(json);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }
            if (await tokens.GetTokenAsync(ct) is { } token)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, ct);
            }
            catch (HttpRequestException ex)
            {
                if (attempt >= o.ConnectorMaxAttempts) throw new ConnectorException($"{method} {url.AbsolutePath}: {ex.Message}", null, null, ex);
                await WaitAsync(Backoff(attempt), method, url, null, attempt, ct);
                continue;
            }
            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    if (response.Content.Headers.ContentLength == 0) return null;
                    try { return await response.Content.ReadFromJsonAsync<T>(ActivityJson.Options, ct); }
                    catch (JsonException) { return null; }
                }
                var status = response.StatusCode;
                var retryAfter = RetryAfterOf(response, clock);
                var transient = status == HttpStatusCode.TooManyRequests || (int)status >= 500;
                if (!transient || attempt >= o.ConnectorMaxAttempts || retryAfter > o.ConnectorMaxRetryDelay)
                {
                    var detail = await response.Content.ReadAsStringAsync(ct);
                    throw new ConnectorException(
                        $"{method} {url.AbsolutePath} answered {(int)status}{(detail.Length > 0 ? ": " + detail[..Math.Min(200, detail.Length)] : "")}",
                        status, retryAfter);
                }
                await WaitAsync(retryAfter ?? Backoff(attempt), method, url, status, attempt, ct);
            }
        }
    }

    private async Task WaitAsync(TimeSpan delay, HttpMethod method, Uri url, HttpStatusCode? status, int attempt, CancellationToken ct)
    {
        Log.Retrying(logger, method.Method, url.AbsolutePath, status is null ? 0 : (int)status, attempt, delay);
        await Sleep(delay, ct);
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt - 1));

    /// <summary>Retry-After as seconds or as an HTTP date.</summary>
    internal static TimeSpan? RetryAfterOf(HttpResponseMessage response, TimeProvider clock)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - clock.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Connector {Method} {Path} answered {Status} (attempt {Attempt}); retrying in {Delay}")]
        public static partial void Retrying(ILogger logger, string method, string path, int status, int attempt, TimeSpan delay);
    }
}
