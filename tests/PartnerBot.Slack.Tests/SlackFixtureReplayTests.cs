using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// Every real payload in fixtures/slack/bolt-python, signed with the test secret and posted to the endpoint Slack
/// would use, answers with the right status and does exactly the expected Web API calls. The fixtures' users
/// (W111, U111…) are nobody in the demo program, so whatever reaches the conversation gets onboarding, delivered
/// privately. A new fixture without a row here fails.
/// </summary>
public sealed class SlackFixtureReplayTests : IClassFixture<SlackFixtureReplayTests.Shared>
{
    public sealed class Shared : IAsyncLifetime
    {
        public SlackTestHost Host { get; private set; } = null!;
        public async Task InitializeAsync() => Host = await SlackTestHost.StartAsync();
        public async Task DisposeAsync() => await Host.DisposeAsync();
    }

    private readonly Shared _shared;
    public SlackFixtureReplayTests(Shared shared) => _shared = shared;

    private const string Ignored = "";

    /// <summary>
    /// file → expected calls ("method channel" or "method", in order). Empty: acknowledged and ignored. The fixtures'
    /// users are nobody PartnerBot knows: before answering, each turn asks users.info for a verified e-mail (self-linking).
    /// </summary>
    private static readonly Dictionary<string, string> Expected = new()
    {
        ["test_attachment_actions__body_L168.json"] = Ignored, // legacy interactive_message: not used by PartnerBot
        ["test_block_actions__body_L161.json"] = "users.info | chat.postEphemeral C111",
        ["test_block_suggestion__body_L208.json"] = " => {\"options\":[]}",
        ["test_events__app_uninstalled_body_L299.json"] = Ignored,
        ["test_events__body_L503.json"] = Ignored,
        ["test_events__join_event_body_L167.json"] = Ignored, // not a shared channel: no welcome
        ["test_events__join_event_body_L228.json"] = Ignored,
        ["test_events__left_event_body_L186.json"] = Ignored,
        ["test_events__left_event_body_L247.json"] = Ignored,
        ["test_events__message_file_share_body_L337.json"] = Ignored, // channel message: the bot answers mentions there
        ["test_events__tokens_revoked_body_L315.json"] = Ignored,
        ["test_events__valid_event_body_L51.json"] = "users.info | chat.postEphemeral C111",
        ["test_events__valid_reaction_added_body_L112.json"] = Ignored,
        ["test_events_assistant__channel_user_message_event_body_L400.json"] = Ignored,
        // A message in an assistant split-view thread (a DM thread): the status while the turn runs, then the answer.
        ["test_events_assistant__user_message_event_body_L303.json"] = "assistant.threads.setStatus | users.info | chat.postMessage D111",
        ["test_events_ignore_self__different_app_response_url_message_event_L136.json"] = Ignored,
        ["test_events_ignore_self__event_body_L91.json"] = Ignored,
        ["test_events_ignore_self__response_url_message_event_L115.json"] = Ignored,
        ["test_events_org_apps__event_payload_L116.json"] = Ignored,
        ["test_events_org_apps__event_payload_L153.json"] = Ignored, // app_home_opened on the Messages tab: only the Home tab is drawn
        ["test_events_org_apps__event_payload_L203.json"] = Ignored,
        ["test_events_org_apps__event_payload_L79.json"] = Ignored,
        ["test_events_shared_channels__app_uninstalled_body_L433.json"] = Ignored,
        ["test_events_shared_channels__event_body_L212.json"] = Ignored,
        ["test_events_shared_channels__join_event_body_L263.json"] = Ignored,
        ["test_events_shared_channels__join_event_body_L343.json"] = Ignored,
        ["test_events_shared_channels__left_event_body_L290.json"] = Ignored,
        ["test_events_shared_channels__left_event_body_L370.json"] = Ignored,
        ["test_events_shared_channels__tokens_revoked_body_L458.json"] = Ignored,
        ["test_events_shared_channels__valid_event_body_L60.json"] = "users.info | chat.postEphemeral C111",
        ["test_events_shared_channels__valid_reaction_added_body_L137.json"] = Ignored,
        ["test_events_socket_mode__app_uninstalled_body_L310.json"] = Ignored,
        ["test_events_socket_mode__event_body_L146.json"] = Ignored,
        ["test_events_socket_mode__join_event_body_L184.json"] = Ignored,
        ["test_events_socket_mode__join_event_body_L242.json"] = Ignored,
        ["test_events_socket_mode__left_event_body_L203.json"] = Ignored,
        ["test_events_socket_mode__left_event_body_L261.json"] = Ignored,
        ["test_events_socket_mode__tokens_revoked_body_L325.json"] = Ignored,
        ["test_events_socket_mode__valid_event_body_L33.json"] = "users.info | chat.postEphemeral C111",
        ["test_events_socket_mode__valid_reaction_added_body_L96.json"] = Ignored,
        ["test_events_token_revocations__event_payload_L106.json"] = Ignored,
        ["test_events_token_revocations__event_payload_L143.json"] = Ignored,
        ["test_events_url_verification__event_body_L69.json"] = " => {\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\"}",
        ["test_message__message_body2_L294.json"] = Ignored,
        ["test_message__message_body3_L317.json"] = Ignored,
        ["test_message__message_body_L253.json"] = Ignored,
        ["test_message_bot__bot_message_event_payload_L128.json"] = Ignored,
        ["test_message_bot__classic_bot_message_event_payload_L173.json"] = Ignored,
        ["test_message_bot__user_message_event_payload_L79.json"] = Ignored,
        ["test_message_changed__event_payload_L68.json"] = Ignored,
        ["test_message_deleted__event_payload_L68.json"] = Ignored,
        ["test_message_file_share__event_payload_L74.json"] = Ignored,
        ["test_message_thread_broadcast__event_payload_L74.json"] = Ignored,
        ["test_shortcut__global_shortcut_body_L187.json"] = "users.info | conversations.open | chat.postMessage DW111", // no channel: by DM
        ["test_shortcut__message_shortcut_body_L202.json"] = "users.info | chat.postEphemeral C111",
        ["test_slash_command__slash_command_body_L125.form.txt"] = "users.info | chat.postEphemeral C111",
        ["test_view_closed__body_L140.json"] = Ignored,
        ["test_view_submission__body_L17.json"] = "users.info | conversations.open | chat.postMessage DW111 => {\"response_action\":\"clear\"}",
        ["test_view_submission__connect_channel_payload_L142.json"] = "users.info | conversations.open | chat.postMessage DW111 => {\"response_action\":\"clear\"}",
        ["test_view_submission__response_url_payload_body_L89.json"] = "users.info | conversations.open | chat.postMessage DU111 => {\"response_action\":\"clear\"}",
    };

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(SlackTestHost.FixturesRoot, "bolt-python")).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Replay_SignedFixture_GetsExpectedStatusAndCalls(string file)
    {
        var t = _shared.Host;
        await t.IdleAsync();
        t.Slack.Clear();
        // The suite reuses event ids (Ev111) across unrelated payloads: forget deliveries between files.
        await t.Host.WithDbAsync(db => db.ProcessedInbounds.ExecuteDeleteAsync());
        await t.Host.WithDbAsync(db => db.Inbox.ExecuteDeleteAsync());
        t.Host.Clock.Advance(TimeSpan.FromSeconds(1));

        var text = SlackTestHost.Fixture("bolt-python", file);
        HttpResponseMessage r;
        string? body = null;
        if (file.EndsWith(".form.txt", StringComparison.Ordinal))
            r = await t.SendSignedAsync("/slack/commands", text.Trim(), "application/x-www-form-urlencoded");
        else
        {
            var json = SlackTestHost.Json(text);
            var type = json["type"]?.ToString();
            r = type is "event_callback" or "url_verification" or "app_rate_limited"
                ? await t.PostEventAsync(text)
                : await t.PostInteractionAsync(text);
        }
        body = await r.Content.ReadAsStringAsync();
        await t.IdleAsync();

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.True(Expected.TryGetValue(file, out var expected), $"No expectation for {file}: add one.");
        var actual = string.Join(" | ", t.Slack.Calls.Select(c => c.Channel is null ? c.Method : $"{c.Method} {c.Channel}"));
        Assert.Equal(expected, actual + (body.Length > 0 ? " => " + body : ""));
        // Whoever these fixture users are, they are nobody here: onboarding only, never data.
        foreach (var post in t.Slack.Posts)
            Assert.Contains("who you are yet", post.BlocksJson);
    }
}
