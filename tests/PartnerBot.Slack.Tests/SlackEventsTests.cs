using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace PartnerBot.Slack.Tests;

public sealed class SlackEventsTests
{
    [Fact]
    public async Task DirectMessage_FromKnownPartner_AnswersInTheDm()
    {
        await using var t = await SlackTestHost.StartAsync();
        var r = await t.PostEventAsync(SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "help", "EvDm1"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("", await r.Content.ReadAsStringAsync()); // acknowledged before the turn runs
        await t.IdleAsync();
        var call = Assert.Single(t.Slack.Posts);
        Assert.Equal("chat.postMessage", call.Method);
        Assert.Equal("D0DMJANE", call.Channel);
        Assert.Contains("Hi Jane Porter", call.BlocksJson);
        Assert.Contains(call.Blocks!, b => b!["type"]!.ToString() == "actions"); // help's quick actions
    }

    [Fact]
    public async Task OwnAndBotMessages_AreIgnored()
    {
        await using var t = await SlackTestHost.StartAsync();
        var own = SlackTestHost.MessageIm(SlackTestHost.VendorTeam, SlackTestHost.BotUser, "echo", "EvOwn");
        var bot = SlackTestHost.MessageIm(SlackTestHost.VendorTeam, "U0OTHER", "beep", "EvBot");
        bot["event"]!["bot_id"] = "B0OTHER";
        var edited = SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "help", "EvEdit");
        edited["event"]!["subtype"] = "message_changed";
        foreach (var e in new[] { own, bot, edited }) Assert.Equal(HttpStatusCode.OK, (await t.PostEventAsync(e)).StatusCode);
        await t.IdleAsync();
        Assert.Empty(t.Slack.Calls);
    }

    [Fact]
    public async Task UnknownUser_GetsOnboardingOnly()
    {
        await using var t = await SlackTestHost.StartAsync();
        await t.PostEventAsync(SlackTestHost.MessageIm("T0STRANGER", "U0NOBODY", "show me all deals", "EvUnknown", "D0NOBODY"));
        await t.IdleAsync();
        var call = Assert.Single(t.Slack.Posts);
        Assert.Contains("who you are yet", call.BlocksJson);
    }

    [Fact]
    public async Task AppHomeOpened_PublishesSummaryAndQuickActions()
    {
        await using var t = await SlackTestHost.StartAsync();
        var home = SlackTestHost.MessageIm(SlackTestHost.VendorTeam, "U0REPMAYA", "", "EvHome1");
        home["event"] = new JsonObject { ["type"] = "app_home_opened", ["user"] = "U0REPMAYA", ["channel"] = "D0MAYA", ["tab"] = "home", ["event_ts"] = "1" };
        home["is_ext_shared_channel"] = false;
        Assert.Equal(HttpStatusCode.OK, (await t.PostEventAsync(home)).StatusCode);
        await t.IdleAsync();
        Assert.Empty(t.Host.Services.GetRequiredService<PartnerBot.Conversations.InboxWorker>().Failures);
        var publish = Assert.Single(t.Slack.Calls, c => c.Method == "views.publish");
        Assert.Equal("U0REPMAYA", publish.Args["user_id"]!.ToString());
        Assert.Equal("home", publish.Args["view"]!["type"]!.ToString());
        Assert.Contains("Maya", publish.BlocksJson);
        Assert.Contains(publish.Blocks!, b => b!["type"]!.ToString() == "actions");
        Assert.DoesNotContain(t.Slack.Calls, c => c.Method.StartsWith("chat.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AppHome_IsRepublishedWhenItChanges_AndOnlyThen()
    {
        await using var t = await SlackTestHost.StartAsync();
        var open = SlackTestHost.MessageIm(SlackTestHost.VendorTeam, "U0REPMAYA", "", "EvHome2");
        open["event"] = new JsonObject { ["type"] = "app_home_opened", ["user"] = "U0REPMAYA", ["channel"] = "D0MAYA", ["tab"] = "home", ["event_ts"] = "1" };
        open["is_ext_shared_channel"] = false;
        await t.PostEventAsync(open);
        await t.IdleAsync();
        Assert.Single(t.Slack.Calls, c => c.Method == "views.publish");

        // A turn that changes nothing the Home shows: no second publish.
        await t.PostEventAsync(SlackTestHost.MessageIm(SlackTestHost.VendorTeam, "U0REPMAYA", "help", "EvHome3"));
        await t.IdleAsync();
        Assert.Single(t.Slack.Calls, c => c.Method == "views.publish");

        // Maya switches to Polish: the Home she already has is republished in Polish.
        await t.Host.WithDbAsync(async db =>
        {
            (await db.People.SingleAsync(p => p.Id == "rep-maya")).Preferences.Language = "pl";
            return await db.SaveChangesAsync();
        });
        await t.PostEventAsync(SlackTestHost.MessageIm(SlackTestHost.VendorTeam, "U0REPMAYA", "pomoc", "EvHome4"));
        await t.IdleAsync();
        var publishes = t.Slack.Calls.Where(c => c.Method == "views.publish").ToList();
        Assert.Equal(2, publishes.Count);
        // "Cześć Maya Lindqvist! Oto, co mogę…" (the recorded JSON escapes the Polish letters).
        Assert.Contains("Maya Lindqvist! Oto, co mog", publishes[1].BlocksJson);
        Assert.DoesNotContain("Oto, co mog", publishes[0].BlocksJson);
        Assert.Empty(t.Host.Services.GetRequiredService<PartnerBot.Conversations.InboxWorker>().Failures);
    }

    [Fact]
    public async Task AppHome_NeverOpened_IsNotPublishedByOtherTurns()
    {
        await using var t = await SlackTestHost.StartAsync();
        await t.PostEventAsync(SlackTestHost.MessageIm(SlackTestHost.VendorTeam, "U0REPMAYA", "help", "EvHome5"));
        await t.IdleAsync();
        Assert.DoesNotContain(t.Slack.Calls, c => c.Method == "views.publish");
    }

    [Fact]
    public async Task HomeButton_AnswersByDm()
    {
        await using var t = await SlackTestHost.StartAsync();
        var press = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = "U0REPMAYA", ["team_id"] = SlackTestHost.VendorTeam },
            ["team"] = new JsonObject { ["id"] = SlackTestHost.VendorTeam },
            ["trigger_id"] = "trig.home",
            ["container"] = new JsonObject { ["type"] = "view", ["view_id"] = "VHOME" },
            ["view"] = new JsonObject { ["id"] = "VHOME", ["type"] = "home", ["app_installed_team_id"] = SlackTestHost.VendorTeam },
            ["actions"] = new JsonArray(new JsonObject { ["type"] = "button", ["action_id"] = "pb:0:command", ["value"] = BlockKitRenderer.EncodeAction(ActionRef.Command("help")) }),
        };
        Assert.Equal(HttpStatusCode.OK, (await t.PostInteractionAsync(press)).StatusCode);
        await t.IdleAsync();
        Assert.Equal(["conversations.open", "chat.postMessage"], t.Slack.Calls.Select(c => c.Method));
        Assert.Equal("DU0REPMAYA", t.Slack.Calls[1].Channel);
    }

    [Fact]
    public async Task PartnerJoinsSharedChannel_IsWelcomedPrivately()
    {
        await using var t = await SlackTestHost.StartAsync();
        var join = SlackTestHost.Mention("T0ACMEINT", "U0ACMETOM", "", "EvJoin1", "C0SHAREDACME", shared: true);
        join["event"] = new JsonObject { ["type"] = "member_joined_channel", ["user"] = "U0ACMETOM", ["channel"] = "C0SHAREDACME", ["channel_type"] = "C", ["team"] = "T0ACMEINT" };
        await t.PostEventAsync(join);
        // The bot joining an internal channel: no welcome.
        var internalJoin = SlackTestHost.Mention(SlackTestHost.VendorTeam, "U0REPMAYA", "", "EvJoin2", "C0INTERNAL", shared: false);
        internalJoin["event"] = new JsonObject { ["type"] = "member_joined_channel", ["user"] = "U0REPMAYA", ["channel"] = "C0INTERNAL", ["channel_type"] = "C", ["team"] = SlackTestHost.VendorTeam };
        await t.PostEventAsync(internalJoin);
        await t.IdleAsync();
        var welcome = Assert.Single(t.Slack.Posts);
        Assert.Equal("chat.postEphemeral", welcome.Method);
        Assert.Equal("U0ACMETOM", welcome.User);
        Assert.Equal("C0SHAREDACME", welcome.Channel);
        Assert.Contains("Tom", welcome.BlocksJson);
    }

    [Fact]
    public async Task PrivateAnswerInChannel_WhenEphemeralFails_GoesByDmNeverIntoTheChannel()
    {
        await using var t = await SlackTestHost.StartAsync();
        t.Slack.Script("chat.postEphemeral", 200, """{"ok":false,"error":"not_in_channel"}""");
        await t.PostEventAsync(SlackTestHost.Mention("T0ACMEINT", "U0ACMEJANE", "settings", "EvPriv1", "C0SHAREDACME", shared: true));
        await t.IdleAsync();
        Assert.Equal(["chat.postEphemeral", "conversations.open", "chat.postMessage"], t.Slack.Calls.Select(c => c.Method));
        Assert.Equal("DU0ACMEJANE", t.Slack.Calls[2].Channel);
        Assert.DoesNotContain(t.Slack.Calls, c => c.Method == "chat.postMessage" && c.Channel == "C0SHAREDACME");
    }

    [Fact]
    public async Task UnknownChannel_AnswerStillReachesTheAskerByDm()
    {
        await using var t = await SlackTestHost.StartAsync();
        t.Slack.Script("chat.postMessage", 200, """{"ok":false,"error":"channel_not_found"}""");
        await t.PostEventAsync(SlackTestHost.Mention(SlackTestHost.VendorTeam, "U0REPMAYA", "help", "EvGone1", "C0GONE", shared: false));
        await t.IdleAsync();
        Assert.Equal(["chat.postMessage", "conversations.open", "chat.postMessage"], t.Slack.Calls.Select(c => c.Method));
        Assert.Equal("C0GONE", t.Slack.Calls[0].Channel);
        Assert.Equal("DU0REPMAYA", t.Slack.Calls[2].Channel);
    }

    [Fact]
    public async Task GlobalShortcut_OpensTheFormAsAModal()
    {
        await using var t = await SlackTestHost.StartAsync();
        var shortcut = new JsonObject
        {
            ["type"] = "shortcut",
            ["callback_id"] = "partner_settings",
            ["trigger_id"] = "trig.shortcut",
            ["team"] = new JsonObject { ["id"] = "T0ACMEINT" },
            ["user"] = new JsonObject { ["id"] = "U0ACMEJANE", ["team_id"] = "T0ACMEINT" },
        };
        Assert.Equal(HttpStatusCode.OK, (await t.PostInteractionAsync(shortcut)).StatusCode);
        await t.IdleAsync();
        var open = Assert.Single(t.Slack.Calls);
        Assert.Equal("views.open", open.Method);
        Assert.Equal("trig.shortcut", open.Args["trigger_id"]!.ToString());
        Assert.Contains("timeZone", open.BlocksJson);
    }

    [Fact]
    public async Task UnknownSubcommand_AnswersWithHelp_AndDealSubcommandSendsTheProductsWords()
    {
        await using var t = await SlackTestHost.StartAsync();
        await t.PostCommandAsync(SlackTestHost.Command(SlackTestHost.VendorTeam, "U0REPMAYA", "frobnicate", "D0MAYA", "directmessage"));
        await t.IdleAsync();
        Assert.Contains("Hi Maya", Assert.Single(t.Slack.Posts).BlocksJson);
        t.Slack.Clear();
        // "/partner deal" is the manifest's old alias for "register a deal".
        await t.PostCommandAsync(SlackTestHost.Command(SlackTestHost.VendorTeam, "U0REPMAYA", "deal", "D0MAYA", "directmessage"));
        await t.IdleAsync();
        Assert.NotEmpty(t.Slack.Posts.Concat(t.Slack.Calls.Where(c => c.Method == "views.open")));
    }

    [Fact]
    public async Task RateLimitedAnswer_IsHandedToTheOutbox_AndSenderHonoursRetryAfter()
    {
        await using var t = await SlackTestHost.StartAsync();
        t.Slack.Script("chat.postMessage", 429, """{"ok":false,"error":"ratelimited"}""", retryAfter: 7);
        await t.PostEventAsync(SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "help", "EvRate1"));
        await t.IdleAsync();
        var queued = await t.Host.WithDbAsync(db => db.Outbox.SingleAsync());
        Assert.Equal("acme-jane", queued.RecipientPersonId);
        Assert.Equal("slack", queued.Channel);

        // The outbox tries again; Slack still says wait 7 s → the next attempt is 7 s later, not sooner.
        t.Slack.Script("chat.postMessage", 429, """{"ok":false,"error":"ratelimited"}""", retryAfter: 7);
        await t.Host.DeliverOutboxAsync();
        var retry = await t.Host.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync());
        Assert.Null(retry.DeliveredAt);
        Assert.Equal(t.Host.Clock.GetUtcNow() + TimeSpan.FromSeconds(7), retry.NextAttemptAt);

        t.Host.Clock.Advance(TimeSpan.FromSeconds(7));
        await t.Host.DeliverOutboxAsync();
        var done = await t.Host.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync());
        Assert.Equal("slack", done.DeliveredVia);
        Assert.Equal("DU0ACMEJANE", t.Slack.Calls.Last(c => c.Method == "chat.postMessage").Channel);
    }

    [Fact]
    public async Task OutboxMessage_ToUnknownSlackUser_FailsWithSlacksCode()
    {
        await using var t = await SlackTestHost.StartAsync();
        t.Slack.Script("conversations.open", 200, """{"ok":false,"error":"user_not_found"}""");
        await t.Host.WithDbAsync(async db =>
        {
            using var scope = t.Host.Services.CreateScope();
            var notifier = new Notifier(db, t.Host.Clock);
            notifier.QueueVia("acme-jane", Reply.Text("Your deal was approved"), "slack");
            return await db.SaveChangesAsync();
        });
        await t.Host.DeliverOutboxAsync();
        var m = await t.Host.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync());
        Assert.NotNull(m.FailedAt);
        Assert.Contains("user_not_found", m.LastError);
    }
}
