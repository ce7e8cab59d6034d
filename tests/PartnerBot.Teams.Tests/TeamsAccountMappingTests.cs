using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>
/// Issue 17, point 3, through Teams: Tom (Acme) shares his accounts in his 1:1 chat, reads the overlap as a card, and
/// presses its co-sell button (Action.Execute); his rep Maya, who talks to the bot in Teams, is told in her 1:1 chat.
/// </summary>
public sealed class TeamsAccountMappingTests : IAsyncLifetime
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

    [Fact]
    public async Task PartnerSharesAndCoSells_InTeams_TheRepIsToldInHers()
    {
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help", aad: Demo.MayaAad, name: "Maya Lindqvist", conversationId: "a:rep"));
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "share accounts\nid,name,kind\nt-1,Umbrella Health,prospect\nt-2,Quiet Meadow Bakery Ltd,customer", id: "map-1"));
        _fake.Requests.Clear();
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "account mapping", id: "map-2"));
        var (_, sent) = Assert.Single(_fake.Sent());
        var text = Regex.Unescape(sent.ToJsonString());
        Assert.Contains("Acme Integrations Ltd: 1 of your 2 shared accounts overlap", text);
        Assert.Contains("known to the vendor's sales team", text);
        Assert.DoesNotContain("Umbrella Health Inc.", text);
        Assert.DoesNotContain("Quiet Meadow", text);

        var card = sent["attachments"]![0]!["content"]!;
        var button = card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "ActionSet")
            .SelectMany(e => e!["actions"]!.AsArray()).Single()!;
        Assert.Equal("Co-sell Umbrella Health", button["title"]!.GetValue<string>());
        _fake.Requests.Clear();
        var pressed = await _host.PostAsync(Demo.Execute(_fake.ServiceUrl, button["verb"]!.GetValue<string>(), button["data"]!.DeepClone().AsObject(),
            aad: Demo.TomAad, name: "Tom Whitaker"));
        Assert.Contains("Co-sell of Umbrella Health opened", Regex.Unescape(await pressed.Content.ReadAsStringAsync() + string.Join("", _fake.Sent().Select(s => s.Activity.ToJsonString()))));

        _fake.Requests.Clear();
        await _host.DeliverOutboxAsync();
        var told = Assert.Single(_fake.Requests, r => r.Method == "POST" && r.Path == "/v3/conversations/a%3Arep/activities");
        var toMaya = Regex.Unescape(told.Body!.ToJsonString());
        Assert.Contains("Co-sell with Acme Integrations Ltd: Tom", toMaya);
        Assert.Contains("Umbrella Health Inc. (direct account)", toMaya);
        Assert.DoesNotContain("Quiet Meadow", toMaya);
    }
}
