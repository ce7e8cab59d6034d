using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace PartnerBot.Slack;

/// <summary>Slack answered <c>ok: false</c>: <see cref="Error"/> is Slack's own code (channel_not_found, invalid_auth…).</summary>
public class SlackApiException(string method, string error, string? detail = null)
    : Exception($"Slack {method} failed: {error}{(detail is null ? "" : $" ({detail})")}")
{
    public string Method { get; } = method;
    public string Error { get; } = error;

    /// <summary>Codes that will not change on a retry: the recipient, channel or token is wrong.</summary>
    public bool IsPermanent => Error is "channel_not_found" or "user_not_found" or "users_not_found" or "not_in_channel"
        or "is_archived" or "account_inactive" or "invalid_auth" or "not_authed" or "token_revoked" or "missing_scope"
        or "cannot_dm_bot" or "user_not_in_channel" or "invalid_blocks" or "invalid_arguments"
        or "message_not_found" or "cant_update_message" or "edit_window_closed";
}

/// <summary>HTTP 429: wait <see cref="RetryAfter"/> before calling this method again.</summary>
public sealed class SlackRateLimitedException(string method, TimeSpan retryAfter)
    : SlackApiException(method, "ratelimited", $"retry after {retryAfter.TotalSeconds:0} s")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// The Web API methods PartnerBot uses. Write methods send JSON; lookups send form fields (some Slack read methods
/// ignore JSON bodies). Every answer is checked: <c>ok: false</c> throws <see cref="SlackApiException"/>, 429 throws
/// <see cref="SlackRateLimitedException"/> carrying Retry-After, so the caller (the outbox) waits as long as Slack asks.
/// </summary>
public sealed class SlackApiClient(HttpClient http, IOptions<SlackOptions> options)
{
    public Task<JsonObject> PostMessageAsync(JsonObject message, CancellationToken ct) => CallJsonAsync("chat.postMessage", message, ct);
    public Task<JsonObject> PostEphemeralAsync(JsonObject message, CancellationToken ct) => CallJsonAsync("chat.postEphemeral", message, ct);
    public Task<JsonObject> UpdateAsync(JsonObject message, CancellationToken ct) => CallJsonAsync("chat.update", message, ct);

    public Task<JsonObject> OpenViewAsync(string triggerId, JsonObject view, CancellationToken ct) =>
        CallJsonAsync("views.open", new JsonObject { ["trigger_id"] = triggerId, ["view"] = view }, ct);

    public Task<JsonObject> UpdateViewAsync(string viewId, JsonObject view, CancellationToken ct) =>
        CallJsonAsync("views.update", new JsonObject { ["view_id"] = viewId, ["view"] = view }, ct);

    public Task<JsonObject> PublishViewAsync(string userId, JsonObject view, CancellationToken ct) =>
        CallJsonAsync("views.publish", new JsonObject { ["user_id"] = userId, ["view"] = view }, ct);

    /// <summary>The DM channel with a user (Slack returns the existing one).</summary>
    public async Task<string> OpenConversationAsync(string userId, CancellationToken ct)
    {
        var r = await CallJsonAsync("conversations.open", new JsonObject { ["users"] = userId }, ct);
        return r["channel"]?["id"]?.GetValue<string>() ?? throw new SlackApiException("conversations.open", "no_channel_in_response");
    }

    public Task<JsonObject> UsersInfoAsync(string userId, CancellationToken ct) =>
        CallFormAsync("users.info", [new("user", userId)], options.Value.BotToken, ct);

    public Task<JsonObject> TeamInfoAsync(string? teamId, CancellationToken ct) =>
        CallFormAsync("team.info", teamId is null ? [] : [new("team", teamId)], options.Value.BotToken, ct);

    /// <summary>A Socket Mode WebSocket URL, valid for one connection (uses the app-level token).</summary>
    public async Task<Uri> OpenConnectionAsync(CancellationToken ct)
    {
        var r = await CallFormAsync("apps.connections.open", [], options.Value.AppToken, ct);
        var url = r["url"]?.GetValue<string>() ?? throw new SlackApiException("apps.connections.open", "no_url_in_response");
        return new Uri(url);
    }

    public Task<JsonObject> CallJsonAsync(string method, JsonObject args, CancellationToken ct)
    {
        var content = new StringContent(args.ToJsonString(), Encoding.UTF8, "application/json");
        return SendAsync(method, content, options.Value.BotToken, ct);
    }

    private Task<JsonObject> CallFormAsync(string method, KeyValuePair<string, string>[] args, string? token, CancellationToken ct) =>
        SendAsync(method, new FormUrlEncodedContent(args), token, ct);

    private async Task<JsonObject> SendAsync(string method, HttpContent content, string? token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Value.ApiBaseUrl, method)) { Content = content };
        if (!string.IsNullOrEmpty(token)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            throw new SlackRateLimitedException(method, RetryAfter(response.Headers));
        if (!response.IsSuccessStatusCode)
            throw new SlackApiException(method, $"http_{(int)response.StatusCode}");
        var body = await response.Content.ReadAsStringAsync(ct);
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }
        if (json is null) throw new SlackApiException(method, "invalid_response");
        if (json["ok"]?.GetValueKind() != JsonValueKind.True)
            throw new SlackApiException(method, json["error"]?.ToString() ?? "unknown_error", Detail(json));
        return json;
    }

    private static TimeSpan RetryAfter(HttpResponseHeaders headers)
    {
        if (headers.RetryAfter?.Delta is { } delta) return delta;
        if (headers.RetryAfter?.Date is { } date) return date - DateTimeOffset.UtcNow is var d && d > TimeSpan.Zero ? d : TimeSpan.FromSeconds(1);
        return TimeSpan.FromSeconds(30);
    }

    private static string? Detail(JsonObject json) =>
        json["response_metadata"]?["messages"] is JsonArray m ? string.Join("; ", m.Select(x => x?.ToString())) : null;
}
