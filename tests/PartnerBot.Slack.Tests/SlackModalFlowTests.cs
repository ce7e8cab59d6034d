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
    /// <param name="Others">The other fields' values, sent with both submissions (so the bad field is the only error).</param>
    /// <param name="GoodShown">How the good value reads in the confirmation, when the product formats it.</param>
    public sealed record Flow(string Subcommand, string Field, string Bad, string Good, string ErrorContains, string ConfirmationContains)
    {
        public Dictionary<string, string> Others { get; init; } = [];
        public string? GoodShown { get; init; }
        /// <summary>Every input block the modal must have (the dialog's fields), in order; empty: only <see cref="Field"/> is checked.</summary>
        public string[] Inputs { get; init; } = [];
    }

    public static TheoryData<string, string> Flows() => new()
    {
        // settings: an unknown time zone is refused in the modal; a real one is saved.
        { "settings", "dm" },
        { "settings", "connect" },
        // deal registration: a close date in the past is refused in the modal; a future one registers the deal.
        { "deal", "dm" },
        { "deal", "connect" },
    };

    private static readonly Dictionary<string, Flow> ByName = new()
    {
        ["settings"] = new("settings", "timeZone", "Mars/Olympus_Mons", "Europe/Warsaw", "is not a time zone I know", "Saved"),
        // The fake clock's today is 2026-11-23 (TestHost.DefaultNow).
        ["deal"] = new("deal", "closeDate", "2026-11-01", "2027-01-15", "The close date is in the past. Choose today or a later date.",
            "Approved: Zenith Robotics Inc is registered to your company and protected until 21 Feb 2027 (90 days).")
        {
            Others = new() { ["company"] = "Zenith Robotics Inc", ["contactName"] = "Roe Zenith", ["amount"] = "40000", ["currency"] = "USD" },
            GoodShown = "15 Jan 2027",
            Inputs = ["company", "website", "contactName", "contactEmail", "closeDate", "amount", "currency", "product", "notes"],
        },
    };

    private static Dictionary<string, string> With(Flow flow, string value) => new(flow.Others) { [flow.Field] = value };

    [Theory]
    [MemberData(nameof(Flows))]
    public async Task SlashCommand_ModalWithFieldError_ThenCorrected_ConfirmsPrivately(string flowName, string where)
    {
        var flow = ByName[flowName];
        await using var t = await SlackTestHost.StartAsync();
        var (channel, channelName) = where == "dm" ? ("D0DMJANE", "directmessage") : ("C0SHAREDACME", "nw-acme-shared");
        // The demo program comes with registrations of its own: only what this flow adds counts.
        var dealsBefore = await t.Host.WithDbAsync(db => db.DealRegistrations.Select(d => d.Id).ToListAsync());

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
        if (flow.Inputs.Length > 0)
            Assert.Equal(flow.Inputs, ((JsonArray)view["blocks"]!).Where(b => b!["type"]!.ToString() == "input").Select(b => b!["block_id"]!.ToString()));
        // private_metadata holds ids only: the channel and the dialog's id, never the form's values.
        var metadata = view["private_metadata"]!.ToString();
        Assert.Contains(channel, metadata);
        Assert.DoesNotContain("Europe", metadata);
        foreach (var value in flow.Others.Values.Append(flow.Good)) Assert.DoesNotContain(value, metadata);
        Assert.DoesNotContain(t.Slack.Calls, c => c.Method is "chat.postMessage" or "chat.postEphemeral");

        // 2. A bad value: Slack shows the error under the field, the modal stays open.
        var bad = await t.PostInteractionAsync(SlackTestHost.Submission("T0ACMEINT", "U0ACMEJANE", view, With(flow, flow.Bad)));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var errors = (await SlackTestHost.BodyAsync(bad))!;
        Assert.Equal("errors", errors["response_action"]!.ToString());
        Assert.Contains(flow.ErrorContains, errors["errors"]![flow.Field]!.ToString());
        Assert.Single(((JsonObject)errors["errors"]!));
        await t.IdleAsync();
        Assert.DoesNotContain(t.Slack.Calls, c => c.Method is "chat.postMessage" or "chat.postEphemeral");

        // 3. Corrected: the modal closes, the confirmation goes to the person only.
        var good = await t.PostInteractionAsync(SlackTestHost.Submission("T0ACMEINT", "U0ACMEJANE", view, With(flow, flow.Good)));
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
        Assert.Contains(flow.GoodShown ?? flow.Good, confirmation.BlocksJson);
        Assert.DoesNotContain(t.Slack.Calls, c => c.Method == "chat.postMessage" && c.Channel == "C0SHAREDACME");
        Assert.Equal(SlackTestHost.BotToken, confirmation.Token);

        if (flowName == "settings")
        {
            var tz = await t.Host.WithDbAsync(db => db.People.Where(p => p.Id == "acme-jane").Select(p => p.Preferences.TimeZone).FirstAsync());
            Assert.Equal(flow.Good, tz);
        }
        if (flowName == "deal")
        {
            // Stored once, for Jane's company, only after the valid submission.
            var deal = Assert.Single(await t.Host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().Where(d => !dealsBefore.Contains(d.Id)).ToListAsync()));
            Assert.Equal("acme", deal.PartnerOrganisationId);
            Assert.Equal("acme-jane", deal.RegisteredByPersonId);
            Assert.Equal("Zenith Robotics Inc", deal.CompanyName);
            Assert.Equal(new DateOnly(2027, 1, 15), deal.CloseDate);
            Assert.Equal(40_000m, deal.Amount);
            Assert.Equal(PartnerBot.Deals.DealStatus.Approved, deal.Status);
            Assert.Contains(deal.Id, confirmation.BlocksJson);
            // The modal was shown once and never re-opened or re-posted as a message.
            Assert.Single(t.Slack.Calls, c => c.Method is "views.open" or "views.update");
        }
    }

    /// <summary>
    /// A partner from another org in the channel shared with their company, who mentions the bot (an app's slash commands
    /// belong to the workspace that installed it): the form comes to them alone, as inputs in an ephemeral message; a
    /// close date in the past comes back under its field, the corrected form registers the deal, and nothing of it is
    /// ever posted into the channel. Their org comes from the event's user_team.
    /// </summary>
    [Fact]
    public async Task Mention_ExternalPartnerInSharedChannel_DealFormWithFieldError_ThenCorrected_AllEphemeral()
    {
        await using var t = await SlackTestHost.StartAsync();
        var dealsBefore = await t.Host.WithDbAsync(db => db.DealRegistrations.Select(d => d.Id).ToListAsync());
        var flow = ByName["deal"];
        const string shared = "C0SHAREDACME";

        var mention = SlackTestHost.Mention("T0ACMEINT", "U0ACMEJANE", "register a deal", "EvDealMention1", shared, shared: true);
        Assert.Equal(HttpStatusCode.OK, (await t.PostEventAsync(mention)).StatusCode);
        await t.IdleAsync();
        var form = Assert.Single(t.Slack.Calls);
        Assert.Equal("chat.postEphemeral", form.Method);
        Assert.Equal(shared, form.Channel);
        Assert.Equal("U0ACMEJANE", form.User);
        Assert.Equal(flow.Inputs, form.Blocks!.Where(b => b!["type"]!.ToString() == "input").Select(b => b!["block_id"]!.ToString()));

        t.Slack.Clear();
        await t.PostInteractionAsync(BlockKitTypeCheckTests.InlineSubmit(form, "U0ACMEJANE", "T0ACMEINT", shared, With(flow, flow.Bad)));
        await t.IdleAsync();
        var errors = Assert.Single(t.Slack.Calls);
        Assert.Equal("chat.postEphemeral", errors.Method);
        Assert.Equal("U0ACMEJANE", errors.User);
        // The error sits right under the close date input.
        var blocks = errors.Blocks!.ToList();
        var at = blocks.FindIndex(b => b!["block_id"]?.ToString() == flow.Field);
        Assert.Contains(flow.ErrorContains, blocks[at + 1]!.ToJsonString());
        Assert.Equal(1, blocks.Count(b => b!.ToJsonString().Contains(flow.ErrorContains, StringComparison.Ordinal)));
        Assert.Empty(await t.Host.WithDbAsync(db => db.DealRegistrations.Where(d => !dealsBefore.Contains(d.Id)).ToListAsync()));

        t.Slack.Clear();
        await t.PostInteractionAsync(BlockKitTypeCheckTests.InlineSubmit(errors, "U0ACMEJANE", "T0ACMEINT", shared, With(flow, flow.Good)));
        await t.IdleAsync();
        var confirmation = Assert.Single(t.Slack.Calls);
        Assert.Equal("chat.postEphemeral", confirmation.Method);
        Assert.Equal(shared, confirmation.Channel);
        Assert.Equal("U0ACMEJANE", confirmation.User);
        Assert.Contains(flow.ConfirmationContains, confirmation.BlocksJson);
        var deal = Assert.Single(await t.Host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().Where(d => !dealsBefore.Contains(d.Id)).ToListAsync()));
        Assert.Equal("acme", deal.PartnerOrganisationId);
        Assert.Equal("acme-jane", deal.RegisteredByPersonId);
        Assert.Equal(new DateOnly(2027, 1, 15), deal.CloseDate);
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
