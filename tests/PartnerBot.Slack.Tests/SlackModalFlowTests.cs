using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// A form through Slack end to end: the slash command opens a modal, a bad value comes back as a field error inside
/// the modal, the corrected submission closes it and the confirmation reaches only the person. Each flow runs in a DM
/// and in a channel shared with the partner's company (Slack Connect). Add a row to <see cref="Flows"/> for each
/// capability's form (the deal registration joins when the deals capability lands).
/// </summary>
public sealed class SlackModalFlowTests
{
    public sealed record Flow(string Subcommand, string Field, string Bad, string Good, string ErrorContains, string ConfirmationContains);

    public static TheoryData<string, string> Flows() => new()
    {
        // settings: an unknown time zone is refused in the modal; a real one is saved.
        { "settings", "dm" },
        { "settings", "connect" },
    };

    private static readonly Dictionary<string, Flow> ByName = new()
    {
        ["settings"] = new("settings", "timeZone", "Mars/Olympus_Mons", "Europe/Warsaw", "is not a time zone I know", "Saved"),
    };

    [Theory]
    [MemberData(nameof(Flows))]
    public async Task SlashCommand_ModalWithFieldError_ThenCorrected_ConfirmsPrivately(string flowName, string where)
    {
        var flow = ByName[flowName];
        await using var t = await SlackTestHost.StartAsync();
        var (channel, channelName) = where == "dm" ? ("D0DMJANE", "directmessage") : ("C0SHAREDACME", "nw-acme-shared");

        // 1. /partner <subcommand> → 200 at once, then a modal.
        var ack = await t.PostCommandAsync(SlackTestHost.Command("T0ACMEINT", "U0ACMEJANE", flow.Subcommand, channel, channelName));
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal("", await ack.Content.ReadAsStringAsync());
        await t.IdleAsync();
        var open = Assert.Single(t.Slack.Calls, c => c.Method == "views.open");
        Assert.StartsWith("trig.", open.Args["trigger_id"]!.ToString());
        var view = (JsonObject)open.Args["view"]!;
        Assert.Equal("modal", view["type"]!.ToString());
        Assert.Contains(((JsonArray)view["blocks"]!), b => b!["type"]!.ToString() == "input" && b["block_id"]!.ToString() == flow.Field);
        // private_metadata holds ids only: the channel and the dialog's id, never the form's values.
        var metadata = view["private_metadata"]!.ToString();
        Assert.Contains(channel, metadata);
        Assert.DoesNotContain("Europe", metadata);
        Assert.DoesNotContain(t.Slack.Calls, c => c.Method is "chat.postMessage" or "chat.postEphemeral");

        // 2. A bad value: Slack shows the error under the field, the modal stays open.
        var bad = await t.PostInteractionAsync(SlackTestHost.Submission("T0ACMEINT", "U0ACMEJANE", view, new Dictionary<string, string> { [flow.Field] = flow.Bad }));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var errors = (await SlackTestHost.BodyAsync(bad))!;
        Assert.Equal("errors", errors["response_action"]!.ToString());
        Assert.Contains(flow.ErrorContains, errors["errors"]![flow.Field]!.ToString());
        Assert.Single(((JsonObject)errors["errors"]!));
        await t.IdleAsync();
        Assert.DoesNotContain(t.Slack.Calls, c => c.Method is "chat.postMessage" or "chat.postEphemeral");

        // 3. Corrected: the modal closes, the confirmation goes to the person only.
        var good = await t.PostInteractionAsync(SlackTestHost.Submission("T0ACMEINT", "U0ACMEJANE", view, new Dictionary<string, string> { [flow.Field] = flow.Good }));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal("clear", (await SlackTestHost.BodyAsync(good))!["response_action"]!.ToString());
        await t.IdleAsync();
        var confirmation = Assert.Single(t.Slack.Calls, c => c.Method is "chat.postMessage" or "chat.postEphemeral");
        if (where == "dm")
        {
            Assert.Equal("chat.postMessage", confirmation.Method);
            Assert.Equal("D0DMJANE", confirmation.Channel);
        }
        else
        {
            // In the shared channel only Jane sees it: ephemeral, addressed to her.
            Assert.Equal("chat.postEphemeral", confirmation.Method);
            Assert.Equal("C0SHAREDACME", confirmation.Channel);
            Assert.Equal("U0ACMEJANE", confirmation.User);
        }
        Assert.Contains(flow.ConfirmationContains, confirmation.BlocksJson);
        Assert.Contains(flow.Good, confirmation.BlocksJson);
        Assert.Equal(SlackTestHost.BotToken, confirmation.Token);

        if (flowName == "settings")
        {
            var tz = await t.Host.WithDbAsync(db => db.People.Where(p => p.Id == "acme-jane").Select(p => p.Preferences.TimeZone).FirstAsync());
            Assert.Equal(flow.Good, tz);
        }
    }

    [Fact]
    public async Task ModalClosed_WithCancel_EndsTheDialog()
    {
        await using var t = await SlackTestHost.StartAsync();
        await t.PostCommandAsync(SlackTestHost.Command("T0ACMEINT", "U0ACMEJANE", "settings", "D0DMJANE", "directmessage"));
        await t.IdleAsync();
        var view = (JsonObject)t.Slack.Calls.Single(c => c.Method == "views.open").Args["view"]!;
        Assert.True(view["notify_on_close"]!.GetValue<bool>());
        var closed = new JsonObject
        {
            ["type"] = "view_closed",
            ["team"] = new JsonObject { ["id"] = "T0ACMEINT" },
            ["user"] = new JsonObject { ["id"] = "U0ACMEJANE", ["team_id"] = "T0ACMEINT" },
            ["view"] = new JsonObject { ["id"] = "V0FAKE", ["private_metadata"] = view["private_metadata"]!.DeepClone(), ["app_installed_team_id"] = "T0NWCLOUD" },
            ["is_cleared"] = false,
        };
        var r = await t.PostInteractionAsync(closed);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        await t.IdleAsync();
        var said = Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage");
        Assert.Contains("Cancelled", said.BlocksJson);
        Assert.Equal(0, await t.Host.WithDbAsync(db => db.DialogStates.CountAsync()));
    }
}
