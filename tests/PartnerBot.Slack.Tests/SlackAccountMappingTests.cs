using Microsoft.EntityFrameworkCore;
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

    /// <summary>
    /// Maya ties the Slack Connect channel she shares with Acme ("/partner shared channel acme" typed inside it; in her DM
    /// it only says where to type it); Jane's co-sell then opens a thread there: its root names Jane's own account and who
    /// opened it, the reply in its thread mentions both sides, nobody is told in a DM, and neither side's list nor the
    /// vendor's record of the account is in the channel.
    /// </summary>
    [Fact]
    public async Task TiedSharedChannel_CoSellOpensAThreadThere_MentioningBothSides()
    {
        await using var t = await SlackTestHost.StartAsync();
        await t.PostEventAsync(SlackTestHost.MessageIm(SlackTestHost.VendorTeam, "U0REPMAYA", "help", "EvTieMaya", "D0MAYA"));
        await t.PostCommandAsync(SlackTestHost.Command(SlackTestHost.VendorTeam, "U0REPMAYA", "shared channel acme", "D0MAYA", "directmessage"));
        await t.IdleAsync();
        Assert.Contains("inside the channel you share with the partner", string.Join("\n", t.Slack.Posts.Select(p => Regex.Unescape(p.Args.ToJsonString()))));
        Assert.Empty(await t.Host.WithDbAsync(db => db.PartnerChannels.ToListAsync()));

        t.Slack.Clear();
        await t.PostCommandAsync(SlackTestHost.Command(SlackTestHost.VendorTeam, "U0REPMAYA", "shared channel acme", "C0ACMESHARED", "partner-acme"));
        await t.IdleAsync();
        Assert.Contains("This channel is now Acme Integrations Ltd's shared channel", string.Join("\n", t.Slack.Posts.Select(p => Regex.Unescape(p.Args.ToJsonString()))));
        var tie = Assert.Single(await t.Host.WithDbAsync(db => db.PartnerChannels.ToListAsync()));
        Assert.Equal(("slack", "C0ACMESHARED", "acme", "rep-maya"), (tie.Channel, tie.ConversationId, tie.PartnerOrganisationId, tie.TiedByPersonId));
        Assert.True(await t.Host.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.EntityType == nameof(PartnerBot.People.PartnerChannel) && a.ActorId == "rep-maya")));

        await t.PostEventAsync(SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE",
            "share accounts\nid,name,domain\nc-1,Globex Corp.,\nc-2,Quiet Meadow Bakery Ltd,quietmeadow.example", "EvTie1"));
        await t.IdleAsync();
        t.Slack.Clear();
        await t.PostCommandAsync(SlackTestHost.Command("T0ACMEINT", "U0ACMEJANE", "overlap", "D0DMJANE", "directmessage"));
        await t.IdleAsync();
        var button = t.Slack.Posts.SelectMany(p => p.Blocks ?? []).Where(b => b!["type"]!.ToString() == "actions")
            .SelectMany(b => (JsonArray)b!["elements"]!).Single()!;
        t.Slack.Clear();
        await t.PostInteractionAsync(SlackTestHost.Presses("T0ACMEINT", "U0ACMEJANE", "D0DMJANE", button));
        await t.IdleAsync();
        Assert.Contains("Co-sell of Globex Corp. opened in the channel shared with Acme Integrations Ltd",
            string.Join("\n", t.Slack.Posts.Select(p => Regex.Unescape(p.Args.ToJsonString()))));

        t.Slack.Clear();
        await t.Host.DeliverOutboxAsync();
        var posts = t.Slack.Calls.Where(c => c.Method == "chat.postMessage").ToList();
        Assert.All(posts, p => Assert.Equal("C0ACMESHARED", p.Channel));
        Assert.Equal(2, posts.Count);
        var (root, reply) = (posts[0], posts[1]);
        Assert.Null(root.Args["thread_ts"]);
        Assert.Contains("Co-sell: Globex Corp. (Acme Integrations Ltd)", root.BlocksJson);
        Assert.Contains("Jane", root.BlocksJson);
        Assert.Equal("1700000000.000100", reply.Args["thread_ts"]!.ToString());
        var mentions = Regex.Unescape(reply.BlocksJson);
        Assert.Contains("<@U0ACMEJANE>", mentions);
        Assert.Contains("<@U0REPMAYA>", mentions);
        var channel = string.Join("\n", posts.Select(p => Regex.Unescape(p.Args.ToJsonString())));
        Assert.DoesNotContain("Globex Corporation", channel);
        Assert.DoesNotContain("Quiet Meadow", channel);
        Assert.DoesNotContain("direct account", channel);

        // Pressed again (by the rep this time): the thread is open already, nothing more is posted.
        t.Slack.Clear();
        await t.PostInteractionAsync(SlackTestHost.MayaPresses(button));
        await t.IdleAsync();
        Assert.Contains("already open", string.Join("\n", t.Slack.Posts.Select(p => Regex.Unescape(p.Args.ToJsonString()))));
        t.Slack.Clear();
        await t.Host.DeliverOutboxAsync();
        Assert.DoesNotContain(t.Slack.Calls, c => c.Method == "chat.postMessage");
    }
}
