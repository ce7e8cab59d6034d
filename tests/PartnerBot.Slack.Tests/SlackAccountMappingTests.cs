using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.AccountMapping;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// Issue 17, point 3, through Slack: Jane shares her accounts in a DM (a CSV under the command's words), her rep Maya
/// gets one overlap alert with a co-sell button in her DM, presses it, and Jane hears of it in hers — each side reading
/// only its own view of the overlap.
/// </summary>
public sealed class SlackAccountMappingTests
{
    [Fact]
    public async Task SharedInADm_AlertedToTheRep_CoSellTellsThePartner()
    {
        await using var t = await SlackTestHost.StartAsync();
        await t.PostEventAsync(SlackTestHost.MessageIm(SlackTestHost.VendorTeam, "U0REPMAYA", "help", "EvMapMaya", "D0MAYA"));
        await t.PostEventAsync(SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE",
            "share accounts\nid,name,domain\nc-1,Globex Corp.,\nc-2,Quiet Meadow Bakery Ltd,quietmeadow.example", "EvMap1"));
        await t.IdleAsync();
        var shared = Regex.Unescape(Assert.Single(t.Slack.Posts, p => p.Channel == "D0DMJANE").Args.ToJsonString());
        Assert.Contains("Shared: 2 added, 0 updated, 0 unchanged. Your list holds 2 accounts; 1 overlap", shared);

        t.Slack.Clear();
        await t.PostCommandAsync(SlackTestHost.Command("T0ACMEINT", "U0ACMEJANE", "overlap", "D0DMJANE", "directmessage"));
        await t.IdleAsync();
        var overlap = string.Join("\n", t.Slack.Posts.Select(c => Regex.Unescape(c.Args.ToJsonString())));
        Assert.Contains("Globex Corp.", overlap);
        Assert.Contains("known to the vendor's sales team", overlap);
        Assert.DoesNotContain("Globex Corporation", overlap);

        await t.Host.Services.GetRequiredService<OverlapAlertJob>().RunOnceAsync(CancellationToken.None);
        t.Slack.Clear();
        await t.Host.DeliverOutboxAsync();
        var alert = Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage" && c.Channel == "DU0REPMAYA");
        Assert.Contains("Acme Integrations Ltd shares 1 accounts the vendor also knows", alert.BlocksJson);
        Assert.Contains("Globex Corporation (direct account)", alert.BlocksJson);
        Assert.DoesNotContain("Quiet Meadow", alert.BlocksJson);
        var button = alert.Blocks!.Where(b => b!["type"]!.ToString() == "actions").SelectMany(b => (JsonArray)b!["elements"]!).Single()!;
        Assert.Equal("Co-sell Globex Corp.", button["text"]!["text"]!.ToString());

        t.Slack.Clear();
        await t.PostInteractionAsync(SlackTestHost.MayaPresses(button));
        await t.IdleAsync();
        Assert.Contains("Co-sell of Globex Corp. opened", Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage" && c.Channel == "DU0REPMAYA").BlocksJson);
        t.Slack.Clear();
        await t.Host.DeliverOutboxAsync();
        var told = Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage" && c.Channel == "DU0ACMEJANE");
        Assert.Contains("Co-sell Globex Corp.: Maya", told.BlocksJson);
        Assert.DoesNotContain("Globex Corporation", told.BlocksJson);
    }
}
