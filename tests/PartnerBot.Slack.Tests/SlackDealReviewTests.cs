using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Deals;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// A registration that needs a person's decision, all through Slack: the partner registers in the channel shared with
/// their company, the owning rep gets the review card by DM through the outbox (SlackSender), presses Approve in it,
/// and the partner hears the outcome privately.
/// </summary>
public sealed class SlackDealReviewTests
{
    private const string SharedChannel = "C0SHAREDACME";

    [Fact]
    public async Task ReviewCard_ReachesRepByDm_ApproveButton_ApprovesAndTellsPartnerPrivately()
    {
        await using var t = await SlackTestHost.StartAsync();
        var demoDeals = await t.Host.WithDbAsync(db => db.DealRegistrations.Select(d => d.Id).ToListAsync());

        // Maya (Acme's owning rep) was last seen in Slack, so the outbox reaches her there.
        await t.PostEventAsync(SlackTestHost.MessageIm(SlackTestHost.VendorTeam, "U0REPMAYA", "help", "EvMaya1", "D0MAYA"));
        await t.IdleAsync();

        // Jane registers a deal at the review threshold (250,000 USD in the demo program) from the shared channel.
        await t.PostCommandAsync(SlackTestHost.Command("T0ACMEINT", "U0ACMEJANE", "deal", SharedChannel, "nw-acme-shared"));
        await t.IdleAsync();
        var view = (JsonObject)t.Slack.Calls.Single(c => c.Method == "views.open").Args["view"]!;
        var submitted = await t.PostInteractionAsync(SlackTestHost.Submission("T0ACMEINT", "U0ACMEJANE", view, new Dictionary<string, string>
        {
            ["company"] = "Zenith Robotics Inc", ["contactName"] = "Roe Zenith", ["closeDate"] = "2027-01-15", ["amount"] = "300000", ["currency"] = "USD",
        }));
        Assert.Equal("clear", (await SlackTestHost.BodyAsync(submitted))!["response_action"]!.ToString());
        await t.IdleAsync();
        var received = Assert.Single(t.Slack.Calls, c => c.Method is "chat.postMessage" or "chat.postEphemeral" && c.User == "U0ACMEJANE");
        Assert.Equal("chat.postEphemeral", received.Method);
        Assert.Equal(SharedChannel, received.Channel);
        Assert.Contains("Received: Zenith Robotics Inc is in review by your partner manager.", received.BlocksJson);
        var deal = Assert.Single(await t.Host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().Where(d => !demoDeals.Contains(d.Id)).ToListAsync()));
        Assert.Equal(DealStatus.InReview, deal.Status);

        // The outbox delivers the review card to Maya, by DM, with Approve and Reject buttons for this deal.
        t.Slack.Clear();
        await t.Host.DeliverOutboxAsync();
        var open = Assert.Single(t.Slack.Calls, c => c.Method == "conversations.open");
        Assert.Equal("U0REPMAYA", open.Args["users"]!.ToString());
        var card = Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage");
        Assert.Equal("DU0REPMAYA", card.Channel);
        Assert.DoesNotContain(t.Slack.Calls, c => c.Method == "chat.postEphemeral");
        Assert.Contains("Review: Acme Integrations Ltd registered Zenith Robotics Inc", card.BlocksJson);
        Assert.Contains(deal.Id, card.BlocksJson);
        var buttons = card.Blocks!.Where(b => b!["type"]!.ToString() == "actions").SelectMany(b => (JsonArray)b!["elements"]!).ToList();
        var actions = buttons.Select(b => BlockKitRenderer.DecodeAction(b!["value"]!.ToString())!).ToList();
        Assert.Equal(new[] { DealActions.Approve, DealActions.Reject }, actions.Select(a => a.Name));
        Assert.All(actions, a => Assert.Contains(deal.Id, a.Data.Values));
        Assert.Equal(new[] { "Approve", "Reject" }, buttons.Select(b => b!["text"]!["text"]!.ToString()));

        // Maya presses Approve in that DM.
        t.Slack.Clear();
        var press = await t.PostInteractionAsync(SlackTestHost.MayaPresses(buttons[0]!));
        Assert.Equal(HttpStatusCode.OK, press.StatusCode);
        Assert.Equal("", await press.Content.ReadAsStringAsync());
        await t.IdleAsync();
        var done = Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage");
        Assert.Equal("DU0REPMAYA", done.Channel);
        Assert.Contains($"Approved Zenith Robotics Inc ({deal.Id}). The partner has been told.", done.BlocksJson);
        var approved = Assert.Single(await t.Host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().Where(d => !demoDeals.Contains(d.Id)).ToListAsync()));
        Assert.Equal(DealStatus.Approved, approved.Status);
        Assert.Equal("rep-maya", approved.ReviewerPersonId);

        // Jane hears it privately: a DM from the bot, never a message in the shared channel.
        t.Slack.Clear();
        await t.Host.DeliverOutboxAsync();
        var told = Assert.Single(t.Slack.Calls, c => c.Method is "chat.postMessage" or "chat.postEphemeral");
        Assert.Equal("chat.postMessage", told.Method);
        Assert.Equal("DU0ACMEJANE", told.Channel);
        Assert.Contains("Good news: your registration of Zenith Robotics Inc is approved and protected until 21 Feb 2027.", told.BlocksJson);
    }

    [Fact]
    public async Task ReviewCard_RejectButton_OpensReasonModal_EmptyReasonRefused_ThenRejectedAndPartnerTold()
    {
        await using var t = await SlackTestHost.StartAsync();
        var demoDeals = await t.Host.WithDbAsync(db => db.DealRegistrations.Select(d => d.Id).ToListAsync());
        await t.PostEventAsync(SlackTestHost.MessageIm(SlackTestHost.VendorTeam, "U0REPMAYA", "help", "EvMaya2", "D0MAYA"));
        await t.IdleAsync();
        await t.PostCommandAsync(SlackTestHost.Command("T0ACMEINT", "U0ACMEJANE", "deal", SharedChannel, "nw-acme-shared"));
        await t.IdleAsync();
        var view = (JsonObject)t.Slack.Calls.Single(c => c.Method == "views.open").Args["view"]!;
        await t.PostInteractionAsync(SlackTestHost.Submission("T0ACMEINT", "U0ACMEJANE", view, new Dictionary<string, string>
        {
            ["company"] = "Quasar Mining Ltd", ["contactName"] = "Q", ["closeDate"] = "2027-01-15", ["amount"] = "260000", ["currency"] = "USD",
        }));
        await t.IdleAsync();
        var deal = Assert.Single(await t.Host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().Where(d => !demoDeals.Contains(d.Id)).ToListAsync()));
        t.Slack.Clear();
        await t.Host.DeliverOutboxAsync();
        var card = t.Slack.Calls.Single(c => c.Method == "chat.postMessage" && c.Channel == "DU0REPMAYA");
        var reject = card.Blocks!.Where(b => b!["type"]!.ToString() == "actions").SelectMany(b => (JsonArray)b!["elements"]!)
            .Single(b => BlockKitRenderer.DecodeAction(b!["value"]!.ToString())!.Name == DealActions.Reject)!;

        // Reject asks for a reason in a modal (the press carries a trigger).
        t.Slack.Clear();
        await t.PostInteractionAsync(SlackTestHost.MayaPresses(reject));
        await t.IdleAsync();
        var open = Assert.Single(t.Slack.Calls);
        Assert.Equal("views.open", open.Method);
        var reasonView = (JsonObject)open.Args["view"]!;
        Assert.Contains("Why is Quasar Mining Ltd", reasonView["blocks"]!.ToJsonString());

        var empty = await t.PostInteractionAsync(SlackTestHost.Submission(SlackTestHost.VendorTeam, "U0REPMAYA", reasonView, new Dictionary<string, string> { ["reason"] = "" }));
        var errors = (await SlackTestHost.BodyAsync(empty))!;
        Assert.Equal("errors", errors["response_action"]!.ToString());
        Assert.Equal("Give a reason.", errors["errors"]!["reason"]!.ToString());
        Assert.Equal(DealStatus.InReview, (await t.Host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().FirstAsync(d => d.Id == deal.Id))).Status);

        const string reason = "Another partner is already working this account.";
        var given = await t.PostInteractionAsync(SlackTestHost.Submission(SlackTestHost.VendorTeam, "U0REPMAYA", reasonView, new Dictionary<string, string> { ["reason"] = reason }));
        Assert.Equal("clear", (await SlackTestHost.BodyAsync(given))!["response_action"]!.ToString());
        await t.IdleAsync();
        var done = Assert.Single(t.Slack.Calls, c => c.Method is "chat.postMessage" or "chat.postEphemeral");
        Assert.Equal("chat.postMessage", done.Method);
        Assert.Equal("DU0REPMAYA", done.Channel);
        Assert.Contains($"Rejected Quasar Mining Ltd ({deal.Id}). The partner has been told, with your reason.", done.BlocksJson);
        var rejected = await t.Host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().FirstAsync(d => d.Id == deal.Id));
        Assert.Equal(DealStatus.Rejected, rejected.Status);
        Assert.Equal(reason, rejected.DecisionReason);

        t.Slack.Clear();
        await t.Host.DeliverOutboxAsync();
        var told = Assert.Single(t.Slack.Calls, c => c.Method is "chat.postMessage" or "chat.postEphemeral");
        Assert.Equal("DU0ACMEJANE", told.Channel);
        Assert.Contains($"Your registration of Quasar Mining Ltd was not approved. Reason: {reason}", told.BlocksJson);
    }

    [Fact]
    public async Task SlashDeals_InSharedChannel_OnlyTheAskersCompany_Ephemeral()
    {
        await using var t = await SlackTestHost.StartAsync();
        var all = await t.Host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().Select(d => new { d.Id, d.PartnerOrganisationId, d.CompanyName }).ToListAsync());
        var acme = all.Where(d => d.PartnerOrganisationId == "acme").ToList();
        var others = all.Where(d => d.PartnerOrganisationId != "acme").ToList();
        Assert.NotEmpty(acme);
        Assert.NotEmpty(others);

        await t.PostCommandAsync(SlackTestHost.Command("T0ACMEINT", "U0ACMEJANE", "deals", SharedChannel, "nw-acme-shared"));
        await t.IdleAsync();
        var answer = Assert.Single(t.Slack.Calls);
        Assert.Equal("chat.postEphemeral", answer.Method);
        Assert.Equal(SharedChannel, answer.Channel);
        Assert.Equal("U0ACMEJANE", answer.User);
        Assert.Contains($"Registrations ({acme.Count}), newest first", answer.BlocksJson);
        Assert.All(acme, d => Assert.Contains(d.Id, answer.BlocksJson));
        Assert.All(others, d => Assert.DoesNotContain(d.Id, answer.BlocksJson));
        Assert.DoesNotContain(others, d => answer.BlocksJson.Contains(BlockKitRenderer.Escape(d.CompanyName), StringComparison.Ordinal)
                                            && !acme.Any(a => a.CompanyName == d.CompanyName));
    }
}
