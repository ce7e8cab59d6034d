using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Deals;
using PartnerBot.Notifications;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// Issue 18, point 1, in Slack: after a decision the review card the rep received is rewritten in place with
/// chat.update (the same DM, the same ts), showing who decided and when instead of the buttons, in the rep's language,
/// whoever decided and wherever.
/// </summary>
public sealed class Issue18CardsUpdateInPlaceSlackTests
{
    /// <summary>Maya is last seen in Slack; Jane registers a 300,000 USD deal (at the review threshold) through the web chat; Maya's card is posted.</summary>
    private static async Task<(string DealId, SlackCall Card)> CardPostedToMayaAsync(SlackTestHost t, string company)
    {
        await t.PostEventAsync(SlackTestHost.MessageIm(SlackTestHost.VendorTeam, "U0REPMAYA", "help", $"Ev{Guid.NewGuid():N}", "D0MAYA"));
        await t.IdleAsync();
        var jane = t.Host.Chat("acme-jane");
        var form = await jane.SayAsync("register a deal");
        var data = PartnerBot.Testing.WebChatClient.ActionData(form[^1].Html!, "dialog.submit");
        foreach (var (k, v) in new Dictionary<string, string> { ["company"] = company, ["contactName"] = "R", ["closeDate"] = "2027-01-15", ["amount"] = "300000", ["currency"] = "USD" })
            data[k] = v;
        await jane.ActAsync("dialog.submit", data);
        var deal = await t.Host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().SingleAsync(d => d.CompanyName == company));
        Assert.Equal(DealStatus.InReview, deal.Status);
        t.Slack.Clear();
        await t.Host.DeliverOutboxAsync();
        var card = t.Slack.Calls.Single(c => c.Method == "chat.postMessage" && c.Channel == "DU0REPMAYA");
        Assert.Contains("\"type\":\"actions\"", card.BlocksJson);
        return (deal.Id, card);
    }

    /// <summary>The blocks as a person reads them: JSON with every script unescaped.</summary>
    private static string Read(SlackCall call) =>
        call.Blocks!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static bool HasButtons(SlackCall call) => call.Blocks!.Any(b => b!["type"]!.ToString() == "actions");

    [Fact]
    public async Task Issue18_SecondReviewerDecides_RepsCardIsRewrittenInPlace_NoButtons()
    {
        await using var t = await SlackTestHost.StartAsync();
        var (dealId, card) = await CardPostedToMayaAsync(t, "Zenith Robotics Inc");

        // Helena, a manager, approves it from her own review queue (the web chat): she never had the card.
        var queue = await t.Host.Chat("mgr-helena").SayAsync("review queue");
        var approve = PartnerBot.Testing.WebChatClient.ActionData(queue[^1].Html!, DealActions.Approve);
        approve["deal"] = dealId;
        await t.Host.Chat("mgr-helena").ActAsync(DealActions.Approve, approve);

        t.Slack.Clear();
        await t.Host.DeliverOutboxAsync();

        var update = Assert.Single(t.Slack.Calls, c => c.Method == "chat.update");
        Assert.Equal("DU0REPMAYA", update.Channel);
        Assert.Equal("1700000000.000100", update.Args["ts"]!.ToString());
        Assert.Contains("Review: Acme Integrations Ltd registered Zenith Robotics Inc", update.BlocksJson);
        Assert.Contains("Approved by Helena Kowalczyk on 23 Nov 2026", update.BlocksJson);
        Assert.False(HasButtons(update), update.BlocksJson);
        // Rewritten, not sent again: no new message reaches Maya.
        Assert.DoesNotContain(t.Slack.Calls, c => c.Method == "chat.postMessage" && c.Channel == "DU0REPMAYA");
        Assert.True(HasButtons(card));

        // Delivered once: another outbox pass rewrites nothing more.
        t.Slack.Clear();
        await t.Host.DeliverOutboxAsync();
        Assert.DoesNotContain(t.Slack.Calls, c => c.Method == "chat.update");
    }

    [Fact]
    public async Task Issue18_RepRejectsInSlack_HerOwnCardShowsTheDecisionAndReason_InPolish()
    {
        await using var t = await SlackTestHost.StartAsync();
        await t.Host.WithDbAsync(async db =>
        {
            (await db.People.SingleAsync(p => p.Id == "rep-maya")).Preferences.Language = "pl";
            return await db.SaveChangesAsync();
        });
        var (dealId, _) = await CardPostedToMayaAsync(t, "Quasar Mining Ltd");

        var maya = t.Host.Chat("rep-maya");
        var form = await maya.ActAsync(DealActions.Reject, new Dictionary<string, string> { ["deal"] = dealId });
        var data = PartnerBot.Testing.WebChatClient.ActionData(form[^1].Html!, "dialog.submit");
        data["reason"] = "Klient kupuje bezpośrednio.";
        await maya.ActAsync("dialog.submit", data);

        t.Slack.Clear();
        await t.Host.DeliverOutboxAsync();

        var update = Assert.Single(t.Slack.Calls, c => c.Method == "chat.update");
        Assert.Equal("DU0REPMAYA", update.Channel);
        Assert.Contains("Odrzucone przez: Maya Lindqvist, 23 listopada 2026", Read(update));
        Assert.Contains("Powód przekazany partnerowi: Klient kupuje bezpośrednio.", Read(update));
        Assert.False(HasButtons(update));
    }

    [Fact]
    public async Task Issue18_SlackCannotFindTheMessage_UpdateFails_NeverPostsANewCard()
    {
        await using var t = await SlackTestHost.StartAsync();
        var (dealId, _) = await CardPostedToMayaAsync(t, "Nimbus Freight Ltd");
        await t.Host.Chat("rep-maya").ActAsync(DealActions.Approve, new Dictionary<string, string> { ["deal"] = dealId });

        t.Slack.Script("chat.update", 200, """{"ok":false,"error":"message_not_found"}""");
        t.Slack.Clear();
        await t.Host.DeliverOutboxAsync();

        Assert.Single(t.Slack.Calls, c => c.Method == "chat.update");
        Assert.DoesNotContain(t.Slack.Calls, c => c.Method == "chat.postMessage" && c.Channel == "DU0REPMAYA");
        var rewrite = await t.Host.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.UpdatesMessageId != null));
        Assert.NotNull(rewrite.FailedAt);
        Assert.Contains("message_not_found", rewrite.LastError);
    }

    [Fact]
    public async Task Issue18_PostedCard_KeepsItsChannelAndTs()
    {
        await using var t = await SlackTestHost.StartAsync();
        var (dealId, _) = await CardPostedToMayaAsync(t, "Orbit Analytics Ltd");
        var original = await t.Host.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.DedupeKey == $"deal-review:{dealId}:rep-maya"));
        Assert.Equal("slack", original.DeliveredVia);
        Assert.Equal("DU0REPMAYA|1700000000.000100", original.DeliveryReference);
    }
}
