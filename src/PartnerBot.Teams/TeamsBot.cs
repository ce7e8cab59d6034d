using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.People;

namespace PartnerBot.Teams;

/// <summary>
/// Turns activities into turns and turn results into activities, the way an ActivityHandler would: messages and
/// card submissions (Action.Submit), card actions (invoke adaptiveCard/action, answered with the refreshed card),
/// installs (welcome, and the conversation remembered for proactive messages). Every activity that asks for work is
/// stored in the inbox before it is acknowledged and answered from there (<see cref="HandleAsync"/>): replies the
/// connector refuses now are retried, and a crash loses nothing. A card action runs its turn inline, within
/// <see cref="TeamsOptions.InlineReplyBudget"/>, because its answer is the HTTP response.
/// </summary>
public sealed partial class TeamsBot(
    IServiceScopeFactory scopes,
    Inbox inbox,
    ConnectorClient connector,
    AdaptiveCardRenderer renderer,
    Localizer localizer,
    IOptions<TeamsOptions> options,
    TimeProvider clock,
    ILogger<TeamsBot> logger) : IInboxHandler
{
    private const string ActivityKind = "activity";
    private const string InvokeAnswered = "invoke";

    public string Channel => Channels.Teams;

    public async Task<IResult> ProcessAsync(Activity activity, string raw, CancellationToken ct)
    {
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                if (Missing(activity) is { } m1) return m1;
                if (TeamsConversationKinds.Of(activity.Conversation) != ConversationKind.Personal && SubmittedAction(activity.Value) is null &&
                    !activity.MentionsRecipient())
                {
                    // In group chats and channels the bot speaks only when spoken to; a card's submission counts as that.
                    Log.NotMentioned(logger, activity.Conversation!.Id!);
                    return TypedResults.Ok();
                }
                await StoreAsync(activity, raw, claim: false, ct);
                return TypedResults.Ok();
            case ActivityTypes.Invoke when activity.Name == "adaptiveCard/action":
                if (Missing(activity) is { } m2) return m2;
                return await OnAdaptiveCardActionAsync(activity, raw, ct);
            case ActivityTypes.ConversationUpdate or ActivityTypes.InstallationUpdate:
                if (Missing(activity) is { } m3) return m3;
                await StoreAsync(activity, raw, claim: false, ct);
                return TypedResults.Ok();
            case ActivityTypes.Invoke:
                Log.Ignored(logger, "invoke", activity.Name ?? "");
                return TypedResults.Json(new { status = 200 }, statusCode: 200);
            default:
                Log.Ignored(logger, activity.Type ?? "(none)", "");
                return TypedResults.Ok();
        }
    }

    private Task<InboxReceipt> StoreAsync(Activity activity, string raw, bool claim, CancellationToken ct) =>
        inbox.StoreAsync(Channels.Teams, activity.Id is { Length: > 0 } id ? id : "body:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(raw)), 0, 20),
            ActivityKind, raw, claim, ct);

    private static ProblemHttpResult? Missing(Activity a)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(a.ServiceUrl)) missing.Add("serviceUrl");
        if (string.IsNullOrWhiteSpace(a.Conversation?.Id)) missing.Add("conversation.id");
        if (string.IsNullOrWhiteSpace(a.From?.Id)) missing.Add("from.id");
        if (string.IsNullOrWhiteSpace(a.Recipient?.Id)) missing.Add("recipient.id");
        if (missing.Count == 0 && !Uri.TryCreate(a.ServiceUrl, UriKind.Absolute, out _)) missing.Add("a valid serviceUrl");
        return missing.Count == 0 ? null : TypedResults.Problem(
            $"A {a.Type} activity needs {string.Join(", ", missing)}.", statusCode: 400, title: "Incomplete activity");
    }

    /// <summary>The inbox worker: runs a stored activity's turn (once) and sends what was not sent yet.</summary>
    public async Task HandleAsync(InboxWork work, CancellationToken ct)
    {
        var activity = JsonSerializer.Deserialize<Activity>(work.Item.Payload, ActivityJson.Options)
            ?? throw new InvalidOperationException("An inbox activity holds no activity.");
        var kind = TeamsConversationKinds.Of(activity.Conversation);
        switch (activity.Type)
        {
            case ActivityTypes.Message:
            {
                var action = SubmittedAction(activity.Value);
                var turn = TurnFor(activity, kind) with { Text = action is null ? activity.TextWithoutRecipientMention() : null, Action = action };
                var running = RunAsync(work, activity, turn, kind, ct);
                // A turn that takes a while shows the person that an answer is coming.
                if (!await FinishedWithinBudgetAsync(running, ct)) await SendTypingAsync(activity, ct);
                var outcome = await running;
                await DeliverAsync(work, activity, kind, outcome, firstAsInvokeAnswer: false, ct);
                return;
            }
            case ActivityTypes.Invoke when ExecutedAction(activity.Value) is { } action:
            {
                var outcome = await RunAsync(work, activity, TurnFor(activity, kind) with { Action = action }, kind, ct);
                await DeliverAsync(work, activity, kind, outcome, firstAsInvokeAnswer: work.Item.AnsweredInline == InvokeAnswered, ct);
                return;
            }
            case ActivityTypes.ConversationUpdate:
                await OnConversationUpdateAsync(work, activity, kind, ct);
                return;
            case ActivityTypes.InstallationUpdate when activity.Action is null or "add" or "add-upgrade":
                await RememberAsync(activity, null, ct);
                return;
        }
    }

    private async Task<IResult> OnAdaptiveCardActionAsync(Activity activity, string raw, CancellationToken ct)
    {
        var kind = TeamsConversationKinds.Of(activity.Conversation);
        var action = ExecutedAction(activity.Value);
        if (action is null)
            return TypedResults.Json(new AdaptiveCardInvokeResponse(400, "application/vnd.microsoft.error",
                new JsonObject { ["code"] = "BadRequest", ["message"] = "An Action.Execute needs a verb." }), ActivityJson.Options, statusCode: 200);

        var receipt = await StoreAsync(activity, raw, claim: true, ct);
        // The same card action twice (a double press, Teams resending): the first one answers it.
        if (receipt.Duplicate) return InvokeMessage(" ");
        var turn = TurnFor(activity, kind) with { Action = action };
        var running = RunInlineAsync(receipt.Id, activity, turn, kind);
        if (!await FinishedWithinBudgetAsync(running, ct))
        {
            inbox.Track(receipt.Id, ReleaseWhenDoneAsync(receipt.Id, running));
            return InvokeMessage(localizer.Get(Languages.FromLocale(activity.Locale) ?? Languages.English, "teams.working"));
        }
        Outcome outcome;
        try
        {
            outcome = await running;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.BackgroundFailed(logger, activity.Id ?? "", ex);
            await inbox.ReleaseAsync(receipt.Id, null, CancellationToken.None);
            return InvokeMessage(localizer.Get(Languages.FromLocale(activity.Locale) ?? Languages.English, "teams.working"));
        }
        // The first public reply is the HTTP answer; the inbox sends the rest.
        var answer = FirstAsInvokeAnswer(kind, outcome);
        await inbox.ReleaseAsync(receipt.Id, InvokeAnswered, CancellationToken.None);
        return answer ?? InvokeMessage(" ");
    }

    private async Task<Outcome> RunInlineAsync(long id, Activity activity, Turn turn, ConversationKind kind)
    {
        var work = await inbox.WorkOnAsync(id, CancellationToken.None);
        return await RunAsync(work, activity, turn, kind, CancellationToken.None);
    }

    private async Task ReleaseWhenDoneAsync(long id, Task running)
    {
        try
        {
            await running;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.BackgroundFailed(logger, id.ToString(System.Globalization.CultureInfo.InvariantCulture), ex);
        }
        await inbox.ReleaseAsync(id, null, CancellationToken.None);
    }

    private async Task OnConversationUpdateAsync(InboxWork work, Activity activity, ConversationKind kind, CancellationToken ct)
    {
        var botAdded = activity.MembersAdded?.Any(m => string.Equals(m.Id, activity.Recipient!.Id, StringComparison.OrdinalIgnoreCase)) == true;
        if (!botAdded) return;
        if (kind != ConversationKind.Personal)
        {
            await RememberAsync(activity, null, ct);
            if (work.RepliesSent > 0) return;
            var language = Languages.FromLocale(activity.Locale) ?? Languages.English;
            await SendAsync(activity, renderer.ToActivity(Reply.Text(localizer.Get(language, "teams.welcome.group")), language), replyTo: false, ct);
            await work.DoneAsync(1, ct);
            return;
        }
        // Installed in a personal chat: the same as asking for help (onboarding for people we don't know).
        var turn = TurnFor(activity, kind) with { Action = new ActionInvocation(ActionNames.Command, new Dictionary<string, string> { ["text"] = "help" }) };
        var outcome = await RunAsync(work, activity, turn, kind, ct);
        await DeliverAsync(work, activity, kind, outcome, firstAsInvokeAnswer: false, ct, replyTo: false);
    }

    private static Turn TurnFor(Activity a, ConversationKind kind)
    {
        var tenant = a.TenantId ?? "";
        return new Turn
        {
            User = new ChannelUser(Channels.Teams, tenant, a.From!.AadObjectId is { Length: > 0 } aad ? aad : a.From.Id!) { DisplayName = a.From.Name },
            Conversation = new ConversationAddress(Channels.Teams, a.Conversation!.Id!, kind) { Tenant = tenant },
            Locale = a.Locale ?? ClientLocale(a),
            InboundId = a.Id,
            ChannelEndpoint = a.ServiceUrl,
        };
    }

    private static string? ClientLocale(Activity a)
    {
        foreach (var e in a.Entities ?? [])
            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type", out var t) && t.GetString() == "clientInfo" &&
                e.TryGetProperty("locale", out var l) && l.ValueKind == JsonValueKind.String)
                return l.GetString();
        return null;
    }

    /// <summary>Action.Submit: the card's data (with the action's name under <see cref="AdaptiveCardRenderer.ActionKey"/>) merged with its inputs.</summary>
    internal static ActionInvocation? SubmittedAction(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } v) return null;
        if (!v.TryGetProperty(AdaptiveCardRenderer.ActionKey, out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetString()))
            return null;
        return new ActionInvocation(name.GetString()!, Flatten(v));
    }

    /// <summary>Action.Execute: value.action {type, verb, data}; the verb names the action when the data does not.</summary>
    internal static ActionInvocation? ExecutedAction(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } v || !v.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object)
            return null;
        var data = action.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? Flatten(d) : [];
        var verb = action.TryGetProperty("verb", out var vb) && vb.ValueKind == JsonValueKind.String ? vb.GetString() : null;
        var name = data.GetValueOrDefault(AdaptiveCardRenderer.ActionKey) is { Length: > 0 } n ? n : verb;
        return string.IsNullOrWhiteSpace(name) ? null : new ActionInvocation(name, data);
    }

    private static Dictionary<string, string> Flatten(JsonElement o)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in o.EnumerateObject())
        {
            if (p.Name == AdaptiveCardRenderer.ActionKey || p.Name == "msteams") continue;
            values[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString() ?? "",
                JsonValueKind.Null or JsonValueKind.Undefined => "",
                _ => p.Value.GetRawText(),
            };
        }
        return values;
    }

    private sealed record Outcome(TurnResult Result, string Language, string? PersonId);

    /// <summary>
    /// Runs the delivery's turn (once: a retry gets the stored answer) and remembers the conversation for later: right
    /// after the turn, on its context and connection; in a scope of its own when the answer was stored by an earlier attempt.
    /// </summary>
    private async Task<Outcome> RunAsync(InboxWork work, Activity activity, Turn turn, ConversationKind kind, CancellationToken ct)
    {
        string? PersonOf(TurnResult r) => kind == ConversationKind.Personal ? r.Actor?.PersonId : null;
        var remembered = false;
        var result = await work.TurnAsync(turn, ct, async (scope, r) =>
        {
            await RememberAsync(scope, activity, PersonOf(r), ct);
            remembered = true;
        });
        var language = result.Actor?.Language ?? Languages.FromLocale(turn.Locale) ?? Languages.English;
        if (!result.Duplicate && !remembered)
            await RememberAsync(activity, PersonOf(result), ct);
        return new Outcome(result, language, result.Actor?.PersonId);
    }

    private async Task<bool> FinishedWithinBudgetAsync(Task work, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var budget = Task.Delay(options.Value.InlineReplyBudget, clock, timeout.Token);
        var first = await Task.WhenAny(work, budget);
        await timeout.CancelAsync();
        return first == work;
    }

    /// <summary>Whether a reply goes to the asker's 1:1 chat rather than where they asked.</summary>
    private static bool IsPrivate(Reply reply, ConversationKind kind) => reply.Visibility == Visibility.Asker && kind != ConversationKind.Personal;

    /// <summary>An invoke's HTTP answer: the first reply everyone may see, as the refreshed card (or the note that the answer went privately).</summary>
    private IResult? FirstAsInvokeAnswer(ConversationKind kind, Outcome outcome)
    {
        if (outcome.Result.Duplicate) return InvokeMessage(" ");
        if (outcome.Result.Replies.FirstOrDefault(r => !IsPrivate(r, kind)) is { } first)
            return TypedResults.Json(new AdaptiveCardInvokeResponse(200, AdaptiveCardInvokeResponse.CardType, renderer.Render(first, outcome.Language)),
                ActivityJson.Options, statusCode: 200);
        if (outcome.Result.Replies.Any(r => IsPrivate(r, kind)))
            return InvokeMessage(localizer.Get(outcome.Language, "teams.sent-privately", outcome.Result.Actor?.Name ?? ""));
        return null;
    }

    /// <summary>
    /// Sends a turn's replies, resuming after those already sent. Replies only the asker may see go to their 1:1 chat
    /// when the turn happened in a group chat or channel, with a short note where they asked. For an invoke answered
    /// inline, the reply that became the HTTP answer is not sent again. Throws while the connector cannot take them.
    /// </summary>
    private async Task DeliverAsync(InboxWork work, Activity activity, ConversationKind kind, Outcome outcome, bool firstAsInvokeAnswer,
        CancellationToken ct, bool replyTo = true)
    {
        if (outcome.Result.Duplicate) return;
        var replies = outcome.Result.Replies;
        var anyPrivate = replies.Any(r => IsPrivate(r, kind));
        var answered = false; // the invoke's HTTP answer took the first public reply
        var sentPrivately = true;
        for (var i = 0; i < replies.Count; i++)
        {
            var reply = replies[i];
            var isAnswer = firstAsInvokeAnswer && !answered && !IsPrivate(reply, kind);
            answered |= isAnswer;
            if (i < work.RepliesSent || isAnswer) continue;
            if (IsPrivate(reply, kind)) sentPrivately &= await SendPrivatelyAsync(activity, outcome, reply, ct);
            else await SendAsync(activity, renderer.ToActivity(reply, outcome.Language), replyTo, ct);
            // The last message (no note follows) and the delivery done are one write.
            if (i == replies.Count - 1 && !NoteFollows(anyPrivate, firstAsInvokeAnswer, answered)) await work.DoneAsync(i + 1, ct);
            else await work.SentAsync(i + 1, ct);
        }
        if (work.RepliesSent <= replies.Count && NoteFollows(anyPrivate, firstAsInvokeAnswer, answered))
        {
            var name = outcome.Result.Actor?.Name ?? activity.From?.Name ?? "";
            var note = localizer.Get(outcome.Language, sentPrivately ? "teams.sent-privately" : "teams.cannot-send-privately", name);
            await SendAsync(activity, renderer.ToActivity(Reply.Text(note), outcome.Language), replyTo, ct);
            await work.DoneAsync(replies.Count + 1, ct);
        }
    }

    /// <summary>Whether a note where the person asked follows the replies: some went privately, and the invoke's answer did not stand in for it.</summary>
    private static bool NoteFollows(bool anyPrivate, bool firstAsInvokeAnswer, bool answered) => anyPrivate && !(firstAsInvokeAnswer && !answered);

    private async Task<bool> SendPrivatelyAsync(Activity activity, Outcome outcome, Reply reply, CancellationToken ct)
    {
        try
        {
            var (serviceUrl, conversationId) = await PersonalConversationAsync(activity, outcome.PersonId, ct);
            await connector.SendToConversationAsync(serviceUrl, conversationId, Outgoing(activity, renderer.ToActivity(reply, outcome.Language), conversationId), ct);
            return true;
        }
        catch (ConnectorException ex) when (!ex.Transient)
        {
            // Refused for good (no 1:1 chat allowed): the note where they asked says so.
            Log.PrivateFailed(logger, activity.From?.Id ?? "", ex);
            return false;
        }
    }

    /// <summary>The asker's 1:1 chat with the bot: the one remembered, else a new one created through the connector.</summary>
    private async Task<(string ServiceUrl, string ConversationId)> PersonalConversationAsync(Activity activity, string? personId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<ConversationDirectory>();
        if (personId is not null && await directory.PersonalAsync(Channels.Teams, personId, ct) is { } known &&
            TeamsConversationData.FromJson(known.Data) is { } data)
            return (data.ServiceUrl, known.ConversationId);

        var tenant = activity.TenantId;
        var created = await connector.CreateConversationAsync(activity.ServiceUrl!, new ConversationParameters
        {
            Bot = new ChannelAccount { Id = activity.Recipient!.Id, Name = activity.Recipient.Name },
            Members = [new ChannelAccount { Id = activity.From!.Id, Name = activity.From.Name, AadObjectId = activity.From.AadObjectId }],
            TenantId = tenant,
            ChannelData = tenant is null ? null : new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant } },
        }, ct);
        if (created?.Id is not { Length: > 0 } id) throw new ConnectorException("The connector created no conversation.", null);
        var serviceUrl = created.ServiceUrl is { Length: > 0 } s ? s : activity.ServiceUrl!;
        await directory.RememberAsync(Channels.Teams, id, ConversationKind.Personal, personId,
            (TeamsConversationData.From(activity) with { ServiceUrl = serviceUrl, ConversationType = ConversationTypes.Personal }).ToJson(), ct);
        return (serviceUrl, id);
    }

    private async Task SendTypingAsync(Activity activity, CancellationToken ct)
    {
        try
        {
            await SendAsync(activity, new Activity { Type = ActivityTypes.Typing }, replyTo: false, ct);
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException)
        {
            // Only a courtesy: the answer itself is retried, the indicator is not.
        }
    }

    private async Task SendAsync(Activity inbound, Activity outgoing, bool replyTo, CancellationToken ct)
    {
        var conversationId = inbound.Conversation!.Id!;
        var activity = Outgoing(inbound, outgoing, conversationId);
        try
        {
            if (replyTo && !string.IsNullOrEmpty(inbound.Id))
                await connector.ReplyToActivityAsync(inbound.ServiceUrl!, conversationId, inbound.Id, activity with { ReplyToId = inbound.Id }, ct);
            else
                await connector.SendToConversationAsync(inbound.ServiceUrl!, conversationId, activity, ct);
        }
        catch (ConnectorException ex)
        {
            Log.SendFailed(logger, conversationId, ex);
            throw; // the inbox retries (and after its last attempt marks the delivery failed with this reason)
        }
    }

    /// <summary>Addresses an outgoing activity the way the Bot Framework SDK does: from the bot, to the person, in the conversation.</summary>
    private static Activity Outgoing(Activity inbound, Activity outgoing, string conversationId) => outgoing with
    {
        From = inbound.Recipient,
        Recipient = inbound.From is { } f ? new ChannelAccount { Id = f.Id, Name = f.Name, AadObjectId = f.AadObjectId } : null,
        Conversation = new ConversationAccount { Id = conversationId, TenantId = inbound.TenantId },
        ChannelId = inbound.ChannelId ?? "msteams",
        ServiceUrl = inbound.ServiceUrl,
        Locale = inbound.Locale,
    };

    private async Task RememberAsync(Activity activity, string? personId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await RememberAsync(scope.ServiceProvider, activity, personId, ct);
    }

    /// <summary>Remembers the conversation for proactive messages, in <paramref name="scope"/>; a failure is logged, never the turn's.</summary>
    private async Task RememberAsync(IServiceProvider scope, Activity activity, string? personId, CancellationToken ct)
    {
        try
        {
            await scope.GetRequiredService<ConversationDirectory>().RememberAsync(Channels.Teams, activity.Conversation!.Id!,
                TeamsConversationKinds.Of(activity.Conversation), personId, TeamsConversationData.From(activity).ToJson(), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RememberFailed(logger, activity.Conversation!.Id!, ex);
        }
    }

    private static JsonHttpResult<AdaptiveCardInvokeResponse> InvokeMessage(string text) =>
        TypedResults.Json(new AdaptiveCardInvokeResponse(200, AdaptiveCardInvokeResponse.MessageType, JsonValue.Create(text)), ActivityJson.Options, statusCode: 200);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Teams activity {Type} {Name} acknowledged and ignored")]
        public static partial void Ignored(ILogger logger, string type, string name);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Message in {Conversation} does not mention the bot: ignored")]
        public static partial void NotMentioned(ILogger logger, string conversation);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Finishing activity {ActivityId} in the background failed")]
        public static partial void BackgroundFailed(ILogger logger, string activityId, Exception ex);

        [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Could not send into Teams conversation {Conversation}")]
        public static partial void SendFailed(ILogger logger, string conversation, Exception ex);

        [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Could not remember Teams conversation {Conversation} for proactive messages")]
        public static partial void RememberFailed(ILogger logger, string conversation, Exception ex);

        [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Could not reach Teams user {UserId} in a 1:1 chat")]
        public static partial void PrivateFailed(ILogger logger, string userId, Exception ex);
    }
}
