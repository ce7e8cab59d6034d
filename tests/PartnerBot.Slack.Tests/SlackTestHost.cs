using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Testing;

namespace PartnerBot.Slack.Tests;

/// <summary>The real host with Slack configured against a <see cref="FakeSlack"/>, and a client that signs like Slack.</summary>
public sealed class SlackTestHost : IAsyncDisposable
{
    public const string Secret = "test-signing-secret-0123456789ab";
    public const string BotToken = "xoxb-test-token";
    public const string VendorTeam = "T0NWCLOUD";
    public const string BotUser = "U0PARTNERBOT";

    private SlackTestHost(FakeSlack slack, TestHost host)
    {
        Slack = slack;
        Host = host;
        Http = host.CreateClient();
    }

    public FakeSlack Slack { get; }
    public TestHost Host { get; }
    public HttpClient Http { get; }

    /// <param name="databasePath">Another host's database: this one is that host restarted.</param>
    public static async Task<SlackTestHost> StartAsync(IDictionary<string, string?>? extra = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null, string? databasePath = null)
    {
        var slack = await FakeSlack.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = Secret,
            ["Slack:BotToken"] = BotToken,
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        var host = new TestHost(databasePath, settings: settings, services: services);
        return new SlackTestHost(slack, host);
    }

    public long Now => Host.Clock.GetUtcNow().ToUnixTimeSeconds();

    public Task<HttpResponseMessage> PostEventAsync(string json, int? retryNum = null) =>
        SendSignedAsync("/slack/events", json, "application/json", retryNum: retryNum);

    public Task<HttpResponseMessage> PostEventAsync(JsonNode json) => PostEventAsync(json.ToJsonString());

    public Task<HttpResponseMessage> PostCommandAsync(IDictionary<string, string> form) =>
        SendSignedAsync("/slack/commands", Form(form), "application/x-www-form-urlencoded");

    public Task<HttpResponseMessage> PostInteractionAsync(string payloadJson) =>
        SendSignedAsync("/slack/interactivity", Form(new Dictionary<string, string> { ["payload"] = payloadJson }), "application/x-www-form-urlencoded");

    public Task<HttpResponseMessage> PostInteractionAsync(JsonNode payload) => PostInteractionAsync(payload.ToJsonString());

    public async Task<HttpResponseMessage> SendSignedAsync(string path, string body, string contentType, long? timestamp = null,
        string? signature = null, int? retryNum = null)
    {
        var ts = (timestamp ?? Now).ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", ts);
        request.Headers.Add("X-Slack-Signature", signature ?? SlackRequestVerifier.Sign(Secret, ts, Encoding.UTF8.GetBytes(body)));
        if (retryNum is not null) request.Headers.Add("X-Slack-Retry-Num", retryNum.Value.ToString(CultureInfo.InvariantCulture));
        return await Http.SendAsync(request);
    }

    public static string Form(IDictionary<string, string> form) =>
        string.Join('&', form.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}"));

    /// <summary>Waits until every turn queued after an acknowledgement has run and answered.</summary>
    public async Task IdleAsync()
    {
        var work = Host.Services.GetRequiredService<PartnerBot.Conversations.InboxWorker>();
        await work.WhenIdleAsync();
        // Work after the acknowledgement must never fail silently.
        Assert.Empty(work.Failures);
    }

    public static JsonObject Json(string text) => (JsonObject)JsonNode.Parse(text)!;

    public static async Task<JsonObject?> BodyAsync(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject;
    }

    public static string Fixture(params string[] parts) => File.ReadAllText(Path.Combine([FixturesRoot, .. parts]));

    public static string FixturesRoot =>
        Environment.GetEnvironmentVariable("PARTNERBOT_SLACK_FIXTURES") is { Length: > 0 } f ? f
            : Path.GetFullPath(Path.Combine(Peers.RepositoryRoot, "..", "..", "shared", "fixtures", "slack")) is var p && Directory.Exists(p) ? p
            : "/work/shared/fixtures/slack";

    // ---- payload builders for the demo people ----

    /// <summary>block_actions: Maya presses <paramref name="button"/> in the bot's DM with her.</summary>
    public static JsonObject MayaPresses(JsonNode button) => Presses(SlackTestHost.VendorTeam, "U0REPMAYA", "DU0REPMAYA", button);

    /// <summary>block_actions: <paramref name="user"/> of <paramref name="team"/> presses <paramref name="button"/> in a message in <paramref name="channel"/>.</summary>
    public static JsonObject Presses(string team, string user, string channel, JsonNode button) => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = user, ["team_id"] = team },
        ["team"] = new JsonObject { ["id"] = team },
        ["api_app_id"] = "A0PARTNERBOT",
        ["trigger_id"] = $"trig.{Guid.NewGuid():N}",
        ["channel"] = new JsonObject { ["id"] = channel },
        ["container"] = new JsonObject { ["type"] = "message", ["channel_id"] = channel, ["message_ts"] = "1700000001.000100" },
        ["actions"] = new JsonArray(new JsonObject
        {
            ["type"] = "button", ["action_id"] = button["action_id"]!.DeepClone(), ["value"] = button["value"]!.DeepClone(),
            ["block_id"] = "b1", ["action_ts"] = "1700000002.000100",
        }),
    };

    public static JsonObject MessageIm(string team, string user, string text, string eventId, string channel = "D0DMJANE") => new()
    {
        ["type"] = "event_callback",
        ["team_id"] = VendorTeam,
        ["api_app_id"] = "A0PARTNERBOT",
        ["event_id"] = eventId,
        ["event_time"] = 1700000000,
        ["authorizations"] = new JsonArray(new JsonObject { ["enterprise_id"] = null, ["team_id"] = VendorTeam, ["user_id"] = BotUser, ["is_bot"] = true, ["is_enterprise_install"] = false }),
        ["is_ext_shared_channel"] = team != VendorTeam,
        ["event"] = new JsonObject
        {
            ["type"] = "message", ["channel_type"] = "im", ["channel"] = channel, ["user"] = user, ["text"] = text,
            ["ts"] = "1700000000.000100", ["team"] = team, ["user_team"] = team, ["source_team"] = team,
        },
    };

    public static JsonObject Mention(string team, string user, string text, string eventId, string channel, bool shared) => new()
    {
        ["type"] = "event_callback",
        // Slack Connect: the top-level team can be the partner's; the installation is authorizations[0].
        ["team_id"] = team,
        ["api_app_id"] = "A0PARTNERBOT",
        ["event_id"] = eventId,
        ["authorizations"] = new JsonArray(new JsonObject { ["enterprise_id"] = null, ["team_id"] = VendorTeam, ["user_id"] = BotUser, ["is_bot"] = true, ["is_enterprise_install"] = false }),
        ["is_ext_shared_channel"] = shared,
        ["event"] = new JsonObject
        {
            ["type"] = "app_mention", ["channel"] = channel, ["user"] = user, ["text"] = $"<@{BotUser}> {text}",
            ["ts"] = "1700000000.000200", ["team"] = team, ["user_team"] = team,
        },
    };

    public static Dictionary<string, string> Command(string team, string user, string text, string channel, string channelName = "partner-acme") => new()
    {
        ["token"] = "legacy",
        ["team_id"] = team,
        ["channel_id"] = channel,
        ["channel_name"] = channelName,
        ["user_id"] = user,
        ["user_name"] = user.ToLowerInvariant(),
        ["command"] = "/partner",
        ["text"] = text,
        ["api_app_id"] = "A0PARTNERBOT",
        ["response_url"] = "https://hooks.slack.invalid/commands/1",
        ["trigger_id"] = $"trig.{Guid.NewGuid():N}",
    };

    /// <summary>A view_submission for a modal the bot opened: Slack sends back our private_metadata and the inputs.</summary>
    public static JsonObject Submission(string team, string user, JsonObject openedView, IDictionary<string, string> values)
    {
        var state = new JsonObject();
        foreach (var block in (JsonArray)openedView["blocks"]!)
        {
            if (block?["type"]?.ToString() != "input") continue;
            var id = block["block_id"]!.ToString();
            var element = block["element"]!;
            var type = element["type"]!.ToString();
            var value = values.TryGetValue(id, out var v) ? v : InitialValue(element);
            JsonObject input = type switch
            {
                "static_select" => new() { ["type"] = type, ["selected_option"] = value is null ? null : new JsonObject { ["value"] = value } },
                "datepicker" => new() { ["type"] = type, ["selected_date"] = value },
                _ => new() { ["type"] = type, ["value"] = value },
            };
            state[id] = new JsonObject { [element["action_id"]!.ToString()] = input };
        }
        return new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = team, ["domain"] = "x" },
            ["user"] = new JsonObject { ["id"] = user, ["username"] = user.ToLowerInvariant(), ["team_id"] = team },
            ["api_app_id"] = "A0PARTNERBOT",
            ["trigger_id"] = "trig.submit",
            ["view"] = new JsonObject
            {
                ["id"] = "V0FAKE",
                ["team_id"] = team,
                ["type"] = "modal",
                ["callback_id"] = openedView["callback_id"]?.DeepClone(),
                ["private_metadata"] = openedView["private_metadata"]?.DeepClone(),
                ["blocks"] = openedView["blocks"]!.DeepClone(),
                ["state"] = new JsonObject { ["values"] = state },
                ["app_installed_team_id"] = VendorTeam,
            },
        };
    }

    private static string? InitialValue(JsonNode element) =>
        element["initial_value"]?.ToString() ?? element["initial_date"]?.ToString() ?? element["initial_option"]?["value"]?.ToString();

    public async ValueTask DisposeAsync()
    {
        await IdleAsync();
        Http.Dispose();
        await Host.DisposeAsync();
        await Slack.DisposeAsync();
    }
}
