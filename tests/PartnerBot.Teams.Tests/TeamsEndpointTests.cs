using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Conversations;
using PartnerBot.Notifications;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>POST /api/messages without an app id (as with the Agents Playground): activities in, replies out through the connector.</summary>
public sealed class TeamsEndpointTests : IAsyncLifetime
{
    private FakeBotFramework _fake = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _host = TeamsHost.Create(_fake, services: s => s.AddCommand<SlowCommand>().AddSingleton(CommandWords.InEveryLanguage("slowly", "slowly")));
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Probe_GetAndHead_Answer200()
    {
        using var client = _host.CreateClient();
        var get = await client.GetAsync(TeamsEndpoints.Path);
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, TeamsEndpoints.Path));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task Help_InPersonalChat_RepliesWithMenuCard()
    {
        var activity = Demo.Message(_fake.ServiceUrl, "help", id: "msg-1");
        var response = await _host.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (path, sent) = Assert.Single(_fake.Sent());
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString(Demo.PersonalChat)}/activities/msg-1", path);
        Assert.Null(_fake.Requests.Single().Authorization); // no app id: no token
        Assert.Equal("msg-1", sent["replyToId"]!.GetValue<string>());
        Assert.Equal(Demo.BotId, sent["from"]!["id"]!.GetValue<string>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", sent["attachments"]![0]!["contentType"]!.GetValue<string>());
        Assert.Contains("Hi Tom Whitaker", FakeBotFramework.TextOf(sent));
    }

    [Fact]
    public async Task UnknownUser_GetsOnboarding()
    {
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help", aad: "00000000-0000-4000-8000-00000000ffff", name: "Stranger"));

        var (_, sent) = Assert.Single(_fake.Sent());
        Assert.StartsWith("Hi! I'm PartnerBot", sent["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task SameActivityId_DeliveredTwice_HandledOnce()
    {
        var activity = Demo.Message(_fake.ServiceUrl, "help", id: "retried-1");
        var first = await _host.PostAsync(activity);
        var second = await _host.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Single(_fake.Sent());
    }

    [Fact]
    public async Task GroupChat_WithoutMention_IsIgnored()
    {
        var response = await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help", conversationId: Demo.GroupChat, conversationType: "groupChat"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_fake.Requests);
        Assert.Equal(0, await _host.WithDbAsync(db => db.ProcessedInbounds.CountAsync()));
    }

    [Fact]
    public async Task GroupChat_WithMention_StripsMentionAndAnswers()
    {
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help", conversationId: Demo.GroupChat, conversationType: "groupChat", mention: true));

        var (path, sent) = Assert.Single(_fake.Sent());
        Assert.StartsWith($"/v3/conversations/{Uri.EscapeDataString(Demo.GroupChat)}/activities/", path);
        Assert.Contains("Hi Tom Whitaker", FakeBotFramework.TextOf(sent)); // "help" was recognised without the <at> tag
    }

    [Fact]
    public async Task ChannelThread_WithMention_RepliesIntoTheThread()
    {
        const string thread = "19:deal-desk@thread.tacv2;messageid=1795444216798";
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help", conversationId: thread, conversationType: "channel", mention: true, id: "1795444216900"));

        var (path, _) = Assert.Single(_fake.Sent());
        Assert.Equal("/v3/conversations/19%3Adeal-desk%40thread.tacv2%3Bmessageid%3D1795444216798/activities/1795444216900", path);
    }

    [Fact]
    public async Task PrivateReply_InGroupChat_GoesToOneOnOneWithNoteInGroup()
    {
        // "settings" answers with a form only the asker may see.
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "settings", conversationId: Demo.GroupChat, conversationType: "groupChat", mention: true));

        var create = Assert.Single(_fake.Requests, r => r.Path == "/v3/conversations");
        Assert.Equal($"29:{Demo.TomAad}", create.Body!["members"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(Demo.Tenant, create.Body["tenantId"]!.GetValue<string>());
        var sent = _fake.Sent();
        Assert.Equal(2, sent.Count);
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString($"a:personal-29:{Demo.TomAad}")}/activities", sent[0].Path);
        Assert.Contains("Your settings", FakeBotFramework.TextOf(sent[0].Activity));
        Assert.StartsWith($"/v3/conversations/{Uri.EscapeDataString(Demo.GroupChat)}/activities/", sent[1].Path);
        Assert.Equal("Tom Whitaker, I've sent you my answer in a private chat.", sent[1].Activity["text"]!.GetValue<string>());
        // The new 1:1 chat is remembered for proactive messages.
        var personal = await _host.WithDbAsync(db => db.ConversationReferences.SingleAsync(r => r.Kind == ConversationKind.Personal));
        Assert.Equal("acme-tom", personal.PersonId);
    }

    [Fact]
    public async Task SettingsForm_SubmittedByActionSubmit_IsSaved()
    {
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "settings"));
        var card = _fake.Sent().Single().Activity["attachments"]![0]!["content"]!;
        var save = FindAction(card, "Action.Submit", "Save");
        Assert.Equal("dialog.submit", save["data"]!["pb.action"]!.GetValue<string>());

        // Teams merges the card's data with the inputs into value.
        var value = save["data"]!.DeepClone().AsObject();
        value["language"] = "pl";
        value["timeZone"] = "Europe/Warsaw";
        value["reminders"] = "Off";
        value["notifyChannel"] = "teams";
        var submit = Demo.Message(_fake.ServiceUrl, "", value: value);
        submit.Remove("text");
        await _host.PostAsync(submit);

        var person = await _host.WithDbAsync(db => db.People.SingleAsync(p => p.Id == "acme-tom"));
        Assert.Equal("pl", person.Preferences.Language);
        Assert.Equal("Europe/Warsaw", person.Preferences.TimeZone);
        Assert.Equal("teams", person.Preferences.NotifyChannel);
        Assert.Contains("Zapisano", FakeBotFramework.TextOf(_fake.Sent().Last().Activity));
    }

    [Fact]
    public async Task SettingsForm_BadTimeZone_ShowsFieldError()
    {
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "settings"));
        var card = _fake.Sent().Single().Activity["attachments"]![0]!["content"]!;
        var value = FindAction(card, "Action.Submit", "Save")["data"]!.DeepClone().AsObject();
        value["language"] = "en";
        value["timeZone"] = "Mars/Olympus";
        value["reminders"] = "Off";
        var submit = Demo.Message(_fake.ServiceUrl, "", value: value);
        await _host.PostAsync(submit);

        var again = FakeBotFramework.TextOf(_fake.Sent().Last().Activity);
        Assert.Contains("\"Mars/Olympus\" is not a time zone I know", again);
        Assert.NotEqual("Mars/Olympus", (await _host.WithDbAsync(db => db.People.SingleAsync(p => p.Id == "acme-tom"))).Preferences.TimeZone);
    }

    [Fact]
    public async Task ActionExecute_AnswersWithReplacementCard()
    {
        // A command button sent as Action.Execute: the card is replaced by the answer.
        var response = await _host.PostAsync(Demo.Execute(_fake.ServiceUrl, "command", new JsonObject { ["pb.action"] = "command", ["text"] = "help" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", body["value"]!["type"]!.GetValue<string>());
        Assert.Contains("Hi Maya Lindqvist", body["value"]!.ToJsonString());
        Assert.Empty(_fake.Sent());
    }

    [Fact]
    public async Task SameActionExecute_EightTimesAtOnce_OneTurnOneCard_NeverA5xx()
    {
        // A double press, or Teams resending an invoke it thinks was lost: the same activity id, in parallel.
        var activity = Demo.Execute(_fake.ServiceUrl, "command", new JsonObject { ["pb.action"] = "command", ["text"] = "帮助" });
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var client = _host.CreateClient();
            return await client.PostAsync(TeamsEndpoints.Path, new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));
        }));
        await _host.Services.GetRequiredService<InboxWorker>().WhenIdleAsync();

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var cards = 0;
        foreach (var r in responses)
            if (JsonNode.Parse(await r.Content.ReadAsStringAsync())!["type"]!.GetValue<string>() == "application/vnd.microsoft.card.adaptive") cards++;
        Assert.Equal(1, cards); // the others are told it is in hand
        Assert.Equal(1, await _host.WithDbAsync(db => db.Inbox.CountAsync(i => i.Channel == Channels.Teams && i.DeliveryId == activity["id"]!.GetValue<string>())));
        Assert.Empty(_fake.Sent());
    }

    [Fact]
    public async Task ConnectorDown_MessageIsAcknowledged_ReplyIsRetriedUntilItGoesThrough()
    {
        // The connector answers 500 for a while: the activity still gets 200, and the reply waits in the inbox.
        for (var i = 0; i < 4 * 3; i++) _fake.Failures.Enqueue((500, null));
        var response = await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help", id: "down-1"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_fake.Answered);

        var worker = _host.Services.GetRequiredService<InboxWorker>();
        for (var i = 0; i < 10 && _fake.Answered.IsEmpty; i++)
        {
            _host.Clock.Advance(TimeSpan.FromMinutes(1)); // past the next retry
            await worker.WhenIdleAsync();
        }
        var reply = Assert.Single(_fake.Answered);
        Assert.Contains("Hi Tom Whitaker", reply.Activity.ToJsonString());
        var row = await _host.WithDbAsync(db => db.Inbox.SingleAsync(i => i.DeliveryId == "down-1"));
        Assert.Equal(InboxState.Done, row.State);
        Assert.True(row.Attempts >= 1);
    }

    [Fact]
    public async Task Message_RemembersItsConversation_AndSavesWhatChangedWithinTheMinute()
    {
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help", id: "remember-1"));
        var first = await _host.WithDbAsync(db => db.ConversationReferences.SingleAsync());
        Assert.Equal((Demo.PersonalChat, ConversationKind.Personal, "acme-tom"), (first.ConversationId, first.Kind, first.PersonId));
        Assert.Equal("PartnerBot", TeamsConversationData.FromJson(first.Data)!.BotName);

        // The same conversation, the bot renamed, well within the minute in which an unchanged one is not written again.
        var renamed = Demo.Message(_fake.ServiceUrl, "help", id: "remember-2");
        renamed["recipient"]!["name"] = "PartnerBot Renamed";
        await _host.PostAsync(renamed);

        var second = await _host.WithDbAsync(db => db.ConversationReferences.SingleAsync());
        Assert.Equal("PartnerBot Renamed", TeamsConversationData.FromJson(second.Data)!.BotName);
        Assert.Equal("acme-tom", second.PersonId);
    }

    [Fact]
    public async Task Message_AfterItsConversationWasForgotten_RemembersItAgain()
    {
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help", id: "forgotten-1"));
        await _host.WithDbAsync(db => db.ConversationReferences.ExecuteDeleteAsync());

        // Read from the database at every turn, not from what this host remembered a moment ago.
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help", id: "forgotten-2"));

        var reference = await _host.WithDbAsync(db => db.ConversationReferences.SingleAsync());
        Assert.Equal(("acme-tom", _fake.ServiceUrl), (reference.PersonId, TeamsConversationData.FromJson(reference.Data)!.ServiceUrl));
    }

    [Fact]
    public async Task ConnectorDown_RetryWithTheStoredAnswer_StillRemembersTheConversation()
    {
        // One attempt's worth of 500s: the turn runs and its answer is stored, the reply waits for the next attempt.
        for (var i = 0; i < 4; i++) _fake.Failures.Enqueue((500, null));
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help", id: "stored-1"));
        Assert.Empty(_fake.Answered);
        Assert.NotNull((await _host.WithDbAsync(db => db.Inbox.SingleAsync(i => i.DeliveryId == "stored-1"))).ResultJson);
        await _host.WithDbAsync(db => db.ConversationReferences.ExecuteDeleteAsync());

        var worker = _host.Services.GetRequiredService<InboxWorker>();
        for (var i = 0; i < 10 && _fake.Answered.IsEmpty; i++)
        {
            _host.Clock.Advance(TimeSpan.FromMinutes(1));
            await worker.WhenIdleAsync();
        }

        Assert.Single(_fake.Answered);
        Assert.Equal("acme-tom", (await _host.WithDbAsync(db => db.ConversationReferences.SingleAsync())).PersonId);
    }

    [Fact]
    public async Task ActionExecute_WithoutVerb_AnswersBadRequestInvokeResponse()
    {
        var activity = Demo.Execute(_fake.ServiceUrl, "x", []);
        activity["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute" } };
        var response = await _host.PostAsync(activity);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, body["statusCode"]!.GetValue<int>());
        Assert.Equal("An Action.Execute needs a verb.", body["value"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Install_InPersonalChat_WelcomesAndRemembersConversation()
    {
        await _host.PostAsync(Demo.Install(_fake.ServiceUrl));

        var (path, sent) = Assert.Single(_fake.Sent());
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString(Demo.PersonalChat)}/activities", path);
        Assert.Contains("Hi Tom Whitaker", FakeBotFramework.TextOf(sent));
        var reference = await _host.WithDbAsync(db => db.ConversationReferences.SingleAsync());
        Assert.Equal("acme-tom", reference.PersonId);
        Assert.Equal(_fake.ServiceUrl, TeamsConversationData.FromJson(reference.Data)!.ServiceUrl);
    }

    [Fact]
    public async Task Install_InGroupChat_WelcomesEveryone()
    {
        await _host.PostAsync(Demo.Install(_fake.ServiceUrl, conversationId: Demo.GroupChat, conversationType: "groupChat"));

        var (_, sent) = Assert.Single(_fake.Sent());
        Assert.StartsWith("Hi everyone, I'm PartnerBot", sent["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task ProactiveMessage_ThroughOutbox_ArrivesInPersonalChat()
    {
        await _host.PostAsync(Demo.Install(_fake.ServiceUrl));
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
            notifier.QueueVia("acme-tom", Reply.Text("Your deal was approved."), Channels.Teams);
            await scope.ServiceProvider.GetRequiredService<PartnerBot.Storage.PartnerBotDb>().SaveChangesAsync();
        }
        await _host.DeliverOutboxAsync();

        var (path, sent) = _fake.Sent().Last();
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString(Demo.PersonalChat)}/activities", path);
        Assert.Equal("Your deal was approved.", sent["text"]!.GetValue<string>());
        var message = await _host.WithDbAsync(db => db.Outbox.SingleAsync());
        Assert.Equal("teams", message.DeliveredVia);
    }

    [Fact]
    public async Task ProactiveMessage_NoPersonalChatYet_OpensOneInTheTenant()
    {
        // The bot knows the tenant's connector from a group chat, but has never talked with Maya alone.
        await _host.PostAsync(Demo.Install(_fake.ServiceUrl, conversationId: Demo.GroupChat, conversationType: "groupChat"));
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Notifier>().QueueVia("rep-maya", Reply.Text("A deal waits for you."), Channels.Teams);
            await scope.ServiceProvider.GetRequiredService<PartnerBot.Storage.PartnerBotDb>().SaveChangesAsync();
        }
        await _host.DeliverOutboxAsync();

        var create = Assert.Single(_fake.Requests, r => r.Path == "/v3/conversations");
        Assert.Equal(Demo.MayaAad, create.Body!["members"]![0]!["id"]!.GetValue<string>());
        var (path, sent) = _fake.Sent().Last();
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString($"a:personal-{Demo.MayaAad}")}/activities", path);
        Assert.Equal("A deal waits for you.", sent["text"]!.GetValue<string>());
        Assert.Equal("rep-maya", (await _host.WithDbAsync(db => db.ConversationReferences.SingleAsync(r => r.Kind == ConversationKind.Personal))).PersonId);
    }

    [Fact]
    public async Task ProactiveMessage_ForcedToTeamsWithNoConversation_Fails()
    {
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Notifier>().QueueVia("rep-maya", Reply.Text("Nowhere to go."), Channels.Teams);
            await scope.ServiceProvider.GetRequiredService<PartnerBot.Storage.PartnerBotDb>().SaveChangesAsync();
        }
        await _host.DeliverOutboxAsync();

        var message = await _host.WithDbAsync(db => db.Outbox.SingleAsync());
        Assert.Null(message.DeliveredAt);
        Assert.NotNull(message.FailedAt); // Teams was forced and cannot reach her: the dispatcher says so instead of guessing
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task ProactiveMessage_ConnectorThrottles_RetriesLaterWithRetryAfter()
    {
        await _host.PostAsync(Demo.Install(_fake.ServiceUrl));
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Notifier>().QueueVia("acme-tom", Reply.Text("Later."), Channels.Teams);
            await scope.ServiceProvider.GetRequiredService<PartnerBot.Storage.PartnerBotDb>().SaveChangesAsync();
        }
        // Retry-After longer than the connector waits inline: the outbox takes over.
        _fake.Failures.Enqueue((429, "120"));
        await _host.DeliverOutboxAsync();

        var message = await _host.WithDbAsync(db => db.Outbox.SingleAsync());
        Assert.Null(message.DeliveredAt);
        Assert.Equal(TestHost.DefaultNow + TimeSpan.FromSeconds(120), message.NextAttemptAt);
    }

    [Fact]
    public async Task SlowTurn_SendsTypingThenRepliesInBackground()
    {
        SlowCommand.Reset();
        using var client = _host.CreateClient();
        var post = client.PostAsync(TeamsEndpoints.Path, new StringContent(Demo.Message(_fake.ServiceUrl, "slowly").ToJsonString(), Encoding.UTF8, "application/json"));
        await SlowCommand.Started.Task;
        _host.Clock.Advance(TimeSpan.FromSeconds(6)); // past Teams:InlineReplyBudget (5 s)
        var response = await post;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The activity is acknowledged as soon as it is stored; the indicator follows from the inbox worker. The worker
        // may start its budget's timer only after the advance above (the command signals from inside the turn), so the
        // fake clock moves on a little while waiting (bounded: far less than the inbox's one-minute lease).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        for (var i = 1; _fake.Sent().Count == 0 && DateTime.UtcNow < deadline; i++)
        {
            await Task.Delay(10);
            if (i % 50 == 0 && i <= 1000) _host.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        var typing = Assert.Single(_fake.Sent());
        Assert.Equal("typing", typing.Activity["type"]!.GetValue<string>());

        SlowCommand.Release.SetResult();
        await _host.Services.GetRequiredService<PartnerBot.Conversations.InboxWorker>().WhenIdleAsync();
        Assert.Equal("Done, slowly.", _fake.Sent().Last().Activity["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task MalformedJson_Answers400()
    {
        using var client = _host.CreateClient();
        var response = await client.PostAsync(TeamsEndpoints.Path, new StringContent("{\"type\":\"message\",", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Malformed JSON", await response.Content.ReadAsStringAsync());
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task OversizedBody_Answers413()
    {
        var activity = Demo.Message(_fake.ServiceUrl, new string('x', 300 * 1024));
        var response = await _host.PostAsync(activity);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than 262,144 bytes", await response.Content.ReadAsStringAsync());
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task MessageWithoutConversation_Answers400NamingTheField()
    {
        var activity = Demo.Message(_fake.ServiceUrl, "help");
        activity.Remove("conversation");
        var response = await _host.PostAsync(activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("A message activity needs conversation.id.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OtherActivityTypes_AreAcknowledgedAndIgnored()
    {
        var response = await _host.PostAsync(Demo.Base("messageReaction", _fake.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_fake.Requests);
    }

    private static JsonNode FindAction(JsonNode card, string type, string title) =>
        card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "ActionSet")
            .SelectMany(s => s!["actions"]!.AsArray())
            .First(a => a!["type"]!.GetValue<string>() == type && a["title"]!.GetValue<string>() == title)!;
}

/// <summary>A command that takes as long as the test says, to push a turn past the inline reply budget.</summary>
public sealed class SlowCommand : ICommand
{
    public static TaskCompletionSource Started { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public static TaskCompletionSource Release { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static void Reset()
    {
        Started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public CommandInfo Info { get; } = new("slowly", CommandInfo.Everyone);

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        Started.TrySetResult();
        await Release.Task;
        ctx.Send("Done, slowly.");
    }
}
