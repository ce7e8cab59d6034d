using System.Text.Json.Nodes;
using PartnerBot.Testing;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// Socket Mode against a fake Slack: the bot asks apps.connections.open with its app token, connects, acknowledges
/// every envelope with its id, handles it like the HTTP endpoints, and reconnects on "disconnect" and on a dropped socket.
/// </summary>
public sealed class SlackSocketModeTests
{
    private static Task<SlackTestHost> StartAsync() => SlackTestHost.StartAsync(new Dictionary<string, string?>
    {
        ["Slack:AppToken"] = "xapp-1-test",
        ["Slack:SigningSecret"] = null,
    });

    private static string Frame(string name) => SlackTestHost.Fixture("socket-mode", name);

    [Fact]
    public async Task Envelopes_AreAcknowledgedByIdAndHandled_ThenReconnectsOnDisconnectAndDrop()
    {
        await using var t = await StartAsync();
        _ = t.Host.Services; // starts the host and its Socket Mode connection

        var open = await t.Slack.WaitForCallAsync("apps.connections.open");
        Assert.Equal("xapp-1-test", open.Token); // the app-level token, not the bot token
        var socket = await t.Slack.AcceptSocketAsync();
        await socket.SendAsync(Frame("hello_message.json"));

        // Events API envelope: acked with its id, then answered through the Web API (onboarding for U222).
        await socket.SendAsync(Frame("envelope_1_events_api_app_mention.json"));
        var ack = await socket.ReceiveAsync();
        Assert.Equal("""{"envelope_id":"cda4159a-72a5-4744-aba3-4d66eb52682b"}""", ack.ToJsonString());
        var answer = await t.Slack.WaitForCallAsync("chat.postEphemeral");
        Assert.Equal("C111", answer.Channel);
        Assert.Equal("U222", answer.User);

        // Slash command, shortcut, block actions, message, retried message: every envelope acked with its own id.
        foreach (var name in new[]
        {
            "envelope_0_slash_commands_hello-socket-mode.json", "envelope_2_interactive_shortcut.json",
            "envelope_4_interactive_block_actions.json", "envelope_3_events_api_message.json", "envelope_retry_events_api_message.json",
        })
        {
            await socket.SendAsync(Frame(name));
            var id = SlackTestHost.Json(Frame(name))["envelope_id"]!.ToString();
            Assert.Equal(id, (await socket.ReceiveAsync())["envelope_id"]!.ToString());
        }
        await t.IdleAsync();
        // The slash command (C111, ephemeral), the shortcut (no channel: DM) and the block action (a modal: DM) were answered;
        // the two channel messages are not for the bot.
        Assert.Equal(2, t.Slack.Calls.Count(c => c.Method == "chat.postEphemeral"));
        Assert.Equal(2, t.Slack.Calls.Count(c => c.Method == "conversations.open"));

        // "disconnect": the bot opens a new connection.
        await socket.SendAsync(Frame("disconnect_message.json"));
        await t.Slack.WaitForCallAsync("apps.connections.open", 2);
        var second = await t.Slack.AcceptSocketAsync();
        await socket.CloseAsync();
        await second.SendAsync(Frame("hello_message.json"));
        await second.SendAsync(Frame("envelope_1_events_api_app_mention.json").Replace("cda4159a", "00000000", StringComparison.Ordinal).Replace("Ev111", "Ev222", StringComparison.Ordinal));
        Assert.Equal("00000000-72a5-4744-aba3-4d66eb52682b", (await second.ReceiveAsync())["envelope_id"]!.ToString());

        // A dropped socket (no close handshake): the bot reconnects too.
        second.Drop();
        await t.Slack.WaitForCallAsync("apps.connections.open", 3);
        var third = await t.Slack.AcceptSocketAsync();
        await third.SendAsync(Frame("hello_message.json"));
        await third.SendAsync(Frame("envelope_3_events_api_message.json"));
        Assert.Equal("ac2cfd40-6f8c-4d5e-a1ad-646e532baa19", (await third.ReceiveAsync())["envelope_id"]!.ToString());
        await third.CloseAsync();
    }

    /// <summary>
    /// A burst three times larger than the envelopes allowed in flight: reading waits for room instead of starting a
    /// task per envelope without bound, and every envelope is still acknowledged once, with its own id.
    /// </summary>
    [Fact]
    public async Task ABurstLargerThanTheBound_IsAcknowledgedEnvelopeByEnvelope()
    {
        await using var t = await StartAsync();
        _ = t.Host.Services;
        await t.Slack.WaitForCallAsync("apps.connections.open");
        var socket = await t.Slack.AcceptSocketAsync();
        await socket.SendAsync(Frame("hello_message.json"));

        var count = 3 * SlackSocketMode.MaxInFlight;
        var template = SlackTestHost.Json(Frame("envelope_3_events_api_message.json"));
        var sent = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var envelope = template.DeepClone();
            var id = $"burst-{i:D4}";
            envelope["envelope_id"] = id;
            sent.Add(id);
            await socket.SendAsync(envelope.ToJsonString());
        }
        var acked = new List<string>();
        for (var i = 0; i < count; i++) acked.Add((await socket.ReceiveAsync())["envelope_id"]!.ToString());
        Assert.Equal(count, acked.Count);
        Assert.True(sent.SetEquals(acked), "every envelope acknowledged once, with its own id");
    }

    [Fact]
    public async Task ModalSubmission_OverSocket_AnswersErrorsInTheAck()
    {
        await using var t = await StartAsync();
        _ = t.Host.Services;
        await t.Slack.WaitForCallAsync("apps.connections.open");
        var socket = await t.Slack.AcceptSocketAsync();
        await socket.SendAsync(Frame("hello_message.json"));

        var command = new JsonObject();
        foreach (var (k, v) in SlackTestHost.Command("T0ACMEINT", "U0ACMEJANE", "settings", "D0DMJANE", "directmessage")) command[k] = v;
        await socket.SendAsync(new JsonObject { ["envelope_id"] = "env-cmd", ["type"] = "slash_commands", ["accepts_response_payload"] = true, ["payload"] = command }.ToJsonString());
        Assert.Equal("env-cmd", (await socket.ReceiveAsync())["envelope_id"]!.ToString());
        var view = (JsonObject)(await t.Slack.WaitForCallAsync("views.open")).Args["view"]!;

        var submission = SlackTestHost.Submission("T0ACMEINT", "U0ACMEJANE", view, new Dictionary<string, string> { ["timeZone"] = "Nowhere/Atlantis" });
        await socket.SendAsync(new JsonObject { ["envelope_id"] = "env-submit", ["type"] = "interactive", ["accepts_response_payload"] = true, ["payload"] = submission }.ToJsonString());
        var ack = await socket.ReceiveAsync();
        Assert.Equal("env-submit", ack["envelope_id"]!.ToString());
        Assert.Equal("errors", ack["payload"]!["response_action"]!.ToString());
        Assert.Contains("Nowhere/Atlantis", ack["payload"]!["errors"]!["timeZone"]!.ToString());
        await socket.CloseAsync();
    }

    [Fact]
    public async Task SocketModeOnly_HttpEndpointsAreNotMapped()
    {
        await using var t = await StartAsync();
        var r = await t.PostEventAsync("""{"type":"url_verification","challenge":"x"}""");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, r.StatusCode);
        (await t.Slack.AcceptSocketAsync()).Drop();
    }
}
