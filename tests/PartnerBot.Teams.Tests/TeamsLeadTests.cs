using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Leads;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>
/// Issue 17, point 2, through Teams: Tom (Acme), last seen in Teams, gets the offer of a British lead as an Adaptive
/// Card in his 1:1 chat, and accepts it from the card (Action.Execute): the lead becomes his registration.
/// </summary>
public sealed class TeamsLeadTests : IAsyncLifetime
{
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

    private static JsonNode Action(JsonNode card, string title) =>
        card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "ActionSet")
            .SelectMany(e => e!["actions"]!.AsArray()).Single(a => a!["title"]!.GetValue<string>() == title)!;

    [Fact]
    public async Task PartnerGetsTheOfferAsACard_AndAcceptsItFromTheCard()
    {
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help", id: "lead-1"));
        await _host.ImportRowsAsync(LeadImporter.KindName, new Dictionary<string, string?>
        {
            ["id"] = "L-ZORBIX", ["company"] = "Zorbix Ltd", ["domain"] = "zorbix.example", ["country"] = "GB",
            ["product"] = "Northwind Cloud Enterprise", ["partnerType"] = "Implementation", ["rep"] = "rep-maya",
        });
        await _host.Services.GetRequiredService<LeadJob>().RunOnceAsync(CancellationToken.None);
        _fake.Requests.Clear();
        await _host.DeliverOutboxAsync();
        var post = Assert.Single(_fake.Requests, r => r.Method == "POST" && r.Path == $"/v3/conversations/{Uri.EscapeDataString(Demo.PersonalChat)}/activities");
        var card = post.Body!["attachments"]![0]!["content"]!;
        var text = Regex.Unescape(card.ToJsonString());
        Assert.Contains("New lead for Acme Integrations Ltd: Zorbix Ltd", text);
        Assert.Equal(LeadActions.Card, card["refresh"]!["action"]!["verb"]!.GetValue<string>());
        var accept = Action(card, "Accept");

        var response = await _host.PostAsync(Demo.Execute(_fake.ServiceUrl, accept["verb"]!.GetValue<string>(), accept["data"]!.DeepClone().AsObject(),
            aad: Demo.TomAad, name: "Tom Whitaker", conversationId: Demo.PersonalChat));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var deal = await _host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().SingleAsync(d => d.CompanyName == "Zorbix Ltd"));
        Assert.Equal(("acme", "acme-tom"), (deal.PartnerOrganisationId, deal.RegisteredByPersonId));
        var answered = Regex.Unescape(await response.Content.ReadAsStringAsync()) + string.Join("\n", _fake.Sent().Select(s => Regex.Unescape(s.Activity.ToJsonString())));
        Assert.Contains($"You accepted the lead Zorbix Ltd. It is registered as {deal.Id}", answered);
        Assert.Equal(LeadState.Accepted, (await _host.WithDbAsync(db => db.Leads.AsNoTracking().SingleAsync(l => l.Id == "L-ZORBIX"))).State);
    }
}
