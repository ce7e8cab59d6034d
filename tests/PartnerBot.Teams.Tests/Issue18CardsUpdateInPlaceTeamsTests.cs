using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Deals;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>
/// Issue 18, point 1, in Teams against a fake connector: the review card sent proactively is rewritten with
/// updateActivity (PUT on the activity the send created) after the decision, and the card carries a Universal Actions
/// refresh so each viewer gets the card as it stands for them.
/// </summary>
public sealed class Issue18CardsUpdateInPlaceTeamsTests : IAsyncLifetime
{
    private const string ArjunAad = "00000000-0000-4000-8000-0000000000a2";
    private FakeBotFramework _fake = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _host = TeamsHost.Create(_fake);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _fake.DisposeAsync();
    }

    /// <summary>Maya talks to the bot in Teams (her 1:1 chat is "a:rep"); Jane registers a 300,000 USD deal in the web chat; the card goes to Maya.</summary>
    private async Task<(string DealId, string ActivityId, JsonNode Card)> CardSentToMayaAsync()
    {
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help", aad: Demo.MayaAad, name: "Maya Lindqvist", conversationId: "a:rep"));
        var jane = _host.Chat("acme-jane");
        var form = await jane.SayAsync("register a deal");
        var data = WebChatClient.ActionData(form[^1].Html!, "dialog.submit");
        foreach (var (k, v) in new Dictionary<string, string> { ["company"] = "Zenith Robotics Inc", ["contactName"] = "R", ["closeDate"] = "2027-01-15", ["amount"] = "300000", ["currency"] = "USD" })
            data[k] = v;
        await jane.ActAsync("dialog.submit", data);
        var dealId = await _host.WithDbAsync(db => db.DealRegistrations.Where(d => d.CompanyName == "Zenith Robotics Inc").Select(d => d.Id).SingleAsync());

        _fake.Requests.Clear();
        await _host.DeliverOutboxAsync();
        var post = Assert.Single(_fake.Requests, r => r.Method == "POST" && r.Path == "/v3/conversations/a%3Arep/activities");
        var card = post.Body!["attachments"]![0]!["content"]!;
        var reference = await _host.WithDbAsync(db => db.Outbox.Where(m => m.DedupeKey == $"deal-review:{dealId}:rep-maya").Select(m => m.DeliveryReference).SingleAsync());
        var activityId = JsonNode.Parse(reference!)!["activityId"]!.GetValue<string>();
        Assert.StartsWith("act-", activityId);
        return (dealId, activityId, card);
    }

    private static bool HasActions(JsonNode card) =>
        card["body"]!.AsArray().Any(e => e!["type"]!.GetValue<string>() == "ActionSet");

    private async Task<JsonNode> RefreshAsync(JsonNode card, string aad, string name, string conversationId)
    {
        var action = card["refresh"]!["action"]!;
        var response = await _host.PostAsync(Demo.Execute(_fake.ServiceUrl, action["verb"]!.GetValue<string>(), action["data"]!.DeepClone().AsObject(),
            aad: aad, name: name, conversationId: conversationId));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["value"]!;
    }

    [Fact]
    public async Task Issue18_SecondReviewerDecides_CardUpdatedWithUpdateActivity()
    {
        var (dealId, activityId, card) = await CardSentToMayaAsync();
        Assert.True(HasActions(card));
        Assert.Equal("Action.Execute", card["refresh"]!["action"]!["type"]!.GetValue<string>());
        Assert.Equal(DealActions.Card, card["refresh"]!["action"]!["verb"]!.GetValue<string>());

        await _host.Chat("mgr-helena").ActAsync(DealActions.Approve, new Dictionary<string, string> { ["deal"] = dealId });
        _fake.Requests.Clear();
        await _host.DeliverOutboxAsync();

        var put = Assert.Single(_fake.Requests, r => r.Method == "PUT");
        Assert.Equal($"/v3/conversations/a%3Arep/activities/{activityId}", put.Path);
        Assert.Equal(activityId, put.Body!["id"]!.GetValue<string>());
        var updated = put.Body!["attachments"]![0]!["content"]!;
        Assert.Contains("Approved by Helena Kowalczyk on 23 Nov 2026", updated.ToJsonString());
        Assert.False(HasActions(updated));
        Assert.NotNull(updated["refresh"]);
        // Not sent again as a new card to Maya.
        Assert.DoesNotContain(_fake.Requests, r => r.Method == "POST" && r.Path == "/v3/conversations/a%3Arep/activities");
    }

    [Fact]
    public async Task Issue18_UniversalActionsRefresh_EachViewerSeesTheirOwnState()
    {
        var (dealId, _, card) = await CardSentToMayaAsync();

        // Before the decision, Maya (who decides for Acme) sees the buttons.
        Assert.True(HasActions(await RefreshAsync(card, Demo.MayaAad, "Maya Lindqvist", "a:rep")));
        // Arjun (another rep's partners) gets no buttons and no deal: the card says it isn't his.
        var arjun = await RefreshAsync(card, ArjunAad, "Arjun Mehta", "a:arjun");
        Assert.DoesNotContain("Zenith", arjun.ToJsonString());
        Assert.False(arjun["body"] is JsonArray a && a.Any(e => e!["type"]!.GetValue<string>() == "ActionSet"));

        await _host.Chat("mgr-helena").ActAsync(DealActions.Approve, new Dictionary<string, string> { ["deal"] = dealId });

        // After it: the same refresh shows the decision, no buttons.
        var after = await RefreshAsync(card, Demo.MayaAad, "Maya Lindqvist", "a:rep");
        Assert.Contains("Approved by Helena Kowalczyk", after.ToJsonString());
        Assert.False(HasActions(after));
    }

    [Fact]
    public async Task Issue18_ConnectorRefusesTheUpdate_FailsWithoutPostingANewCard()
    {
        var (dealId, _, _) = await CardSentToMayaAsync();
        await _host.Chat("mgr-helena").ActAsync(DealActions.Reject, new Dictionary<string, string> { ["deal"] = dealId });
        var form = await _host.Chat("mgr-helena").ActAsync(DealActions.Reject, new Dictionary<string, string> { ["deal"] = dealId });
        var data = WebChatClient.ActionData(form[^1].Html!, "dialog.submit");
        data["reason"] = "The customer buys direct.";
        await _host.Chat("mgr-helena").ActAsync("dialog.submit", data);

        _fake.Failures.Enqueue((404, null));
        _fake.Requests.Clear();
        await _host.DeliverOutboxAsync();

        Assert.Single(_fake.Requests, r => r.Method == "PUT");
        Assert.DoesNotContain(_fake.Requests, r => r.Method == "POST" && r.Path == "/v3/conversations/a%3Arep/activities");
        var rewrite = await _host.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.UpdatesMessageId != null));
        Assert.NotNull(rewrite.FailedAt);
    }
}
