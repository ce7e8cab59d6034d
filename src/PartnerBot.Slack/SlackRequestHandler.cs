using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;

namespace PartnerBot.Slack;

/// <summary>What to answer Slack now: a status and an optional JSON body (challenge, modal errors, options).</summary>
public sealed record SlackAck(int Status, JsonNode? Body = null, string? Problem = null)
{
    public static readonly SlackAck Ok = new(200);
    public static SlackAck Json(JsonNode body) => new(200, body);
    public static SlackAck BadRequest(string problem) => new(400, null, problem);

    /// <summary>A copy of a signed request already received: refused (401) whatever else it would have been answered.</summary>
    public static readonly SlackAck Replayed = new(401, null, "This request was already received.");
}

/// <summary>
/// The three kinds of Slack delivery (Events API, slash commands, interactivity), already verified, from HTTP or a
/// Socket Mode envelope alike. Each is checked, stored in the inbox and only then acknowledged; the turn runs from the
/// inbox (<see cref="HandleAsync"/>), so an acknowledged request is answered even after a crash. Only a modal
/// submission runs its turn before answering, within a budget, because field errors must go back in the answer itself.
/// A signed request's replay check (null from Socket Mode, which is not signed) is made here, before any answer: with
/// the inbox's write when the request stores a delivery (one write for both), alone when it does not.
/// </summary>
public sealed partial class SlackRequestHandler(
    SlackTurnRunner runner,
    Inbox inbox,
    SlackApiClient api,
    BlockKitRenderer renderer,
    SlackCommandText commandText,
    ReplayGuard replays,
    IOptions<SlackOptions> options,
    TimeProvider clock,
    ILogger<SlackRequestHandler> logger) : IInboxHandler
{
    private const string EventKind = "event", CommandKind = "command", InteractionKind = "interaction";

    // Mentions, channel links and special mentions the product should not read as words.
    [GeneratedRegex(@"<[@#!][^>]*>")]
    private static partial Regex MentionPattern();

    public string Channel => Channels.Slack;

    /// <summary>What a delivery asks for: a turn in a context (the user looked up from the payload when null), or the Home tab.</summary>
    private sealed record SlackPlan(SlackContext Context, string? InstalledTeam, ChannelUser? User, string? Text, ActionInvocation? Action,
        string? InboundId, bool Home = false, bool Submission = false, SlackViewMetadata? Meta = null, bool Greeting = false);

    public async Task<SlackAck> HandleEventAsync(JsonElement body, int? retryNum, ReplayCheck? replay, CancellationToken ct)
    {
        var (plan, ack) = PlanEvent(body);
        if (plan is null) return await AnswerAsync(ack, replay, ct);
        var raw = body.GetRawText();
        var receipt = await inbox.StoreAsync(Channels.Slack, plan.InboundId ?? "evt:" + Hash(raw), EventKind, raw, claim: false, replay, ct);
        if (receipt.Replayed) return SlackAck.Replayed;
        if (retryNum is > 0) Log.Retry(logger, plan.InboundId ?? "?", retryNum.Value);
        return SlackAck.Ok;
    }

    public async Task<SlackAck> HandleCommandAsync(IReadOnlyDictionary<string, string> form, ReplayCheck? replay, CancellationToken ct)
    {
        var (plan, ack) = PlanCommand(form);
        if (plan is null) return await AnswerAsync(ack, replay, ct);
        var raw = JsonSerializer.Serialize(form);
        var receipt = await inbox.StoreAsync(Channels.Slack, "cmd:" + Hash(raw), CommandKind, raw, claim: false, replay, ct);
        return receipt.Replayed ? SlackAck.Replayed : SlackAck.Ok;
    }

    public async Task<SlackAck> HandleInteractionAsync(JsonElement payload, ReplayCheck? replay, CancellationToken ct)
    {
        var (plan, ack) = PlanInteraction(payload);
        if (plan is null) return await AnswerAsync(ack, replay, ct);
        var raw = payload.GetRawText();
        var receipt = await inbox.StoreAsync(Channels.Slack, "int:" + Hash(raw), InteractionKind, raw, claim: plan.Submission, replay, ct);
        if (receipt.Replayed) return SlackAck.Replayed;
        if (!plan.Submission) return ack;
        // The same submission twice at once: the first one answers the modal.
        if (receipt.Duplicate) return SlackAck.Json(new JsonObject { ["response_action"] = "clear" });
        return await SubmitViewAsync(receipt.Id, plan, ct);
    }

    /// <summary>
    /// An answer that stores nothing (an ignored event, a challenge, options, a malformed request): the replay check is
    /// made alone first, and a copy of the request gets <see cref="SlackAck.Replayed"/> instead.
    /// </summary>
    public async Task<SlackAck> AnswerAsync(SlackAck answer, ReplayCheck? replay, CancellationToken ct) =>
        replay is null || await replays.FirstSeenAsync(replay, ct) ? answer : SlackAck.Replayed;

    /// <summary>The inbox worker: runs a stored delivery's turn (once) and sends what was not sent yet.</summary>
    public async Task HandleAsync(InboxWork work, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(work.Item.Payload);
        var body = doc.RootElement;
        var (plan, _) = work.Item.Kind switch
        {
            EventKind => PlanEvent(body),
            CommandKind => PlanCommand(body.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String)
                .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)),
            _ => PlanInteraction(body),
        };
        if (plan is null) return;
        var user = plan.User ?? await ActorAsync(body, plan.Context.UserId, plan.InstalledTeam, ct);
        if (plan.Home)
        {
            await runner.PublishHomeAsync(user, plan.InstalledTeam, plan.InboundId, always: true, ct);
            return;
        }
        var turn = BuildTurn(user, plan.Context, plan.InstalledTeam, plan.Text, plan.Action, plan.InboundId);
        if (plan.Context.AssistantThread && !plan.Greeting && work.RepliesSent == 0)
            await runner.SetStatusAsync(plan.Context, await runner.WorkingStatusAsync(user, ct), ct);
        // Whether the person has a Home tab to keep current, asked on the turn's own connection right after it.
        bool? homeOpened = null;
        var result = await work.TurnAsync(turn, ct, async (scope, _) => homeOpened = await SlackTurnRunner.HomeOpenedAsync(scope, turn, ct));
        // A person the product knows gets the greeting and suggestions; anyone else gets what help told them (onboarding).
        if (plan.Greeting && result.Replies.Select(r => r.Suggestions).FirstOrDefault(s => s is not null) is { } suggestions)
        {
            if (work.RepliesSent == 0) await runner.GreetAsync(plan.Context, suggestions, ct);
            await work.DoneAsync(1, ct);
            return;
        }
        var (context, replies) = (plan.Submission, work.Item.AnsweredInline) switch
        {
            (true, "errors") => (plan.Context, new List<Reply>()), // the modal showed the errors: nothing else to say
            (true, "update") => (plan.Context with { AllPrivate = true }, result.Replies.Where(r => !r.Blocks.OfType<FormBlock>().Any()).ToList()),
            _ => (plan.Context, result.Replies.ToList()),
        };
        // The last message sent and the delivery done are one write.
        await runner.DeliverAsync(context, result with { Replies = replies }, work.RepliesSent,
            n => n == replies.Count ? work.DoneAsync(n, ct) : work.SentAsync(n, ct), ct);
        if (!result.Duplicate) await runner.RefreshHomeAsync(turn, homeOpened, ct);
    }

    private (SlackPlan? Plan, SlackAck Ack) PlanEvent(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) return (null, SlackAck.BadRequest("The body must be a JSON object."));
        switch (SlackIdentity.Str(body, "type"))
        {
            case "url_verification":
                return (null, SlackIdentity.Str(body, "challenge") is { } challenge
                    ? SlackAck.Json(new JsonObject { ["challenge"] = challenge })
                    : SlackAck.BadRequest("url_verification needs a challenge."));
            case "event_callback":
                break;
            default:
                return (null, SlackAck.Ok);
        }
        if (!body.TryGetProperty("event", out var e) || e.ValueKind != JsonValueKind.Object)
            return (null, SlackAck.BadRequest("event_callback needs an event object."));
        var eventId = SlackIdentity.Str(body, "event_id");

        var installation = SlackIdentity.Installation(body);
        var botUserId = body.TryGetProperty("authorizations", out var auths) && auths.ValueKind == JsonValueKind.Array && auths.GetArrayLength() > 0
            ? SlackIdentity.Str(auths[0], "user_id") : null;
        var shared = body.TryGetProperty("is_ext_shared_channel", out var x) && x.ValueKind == JsonValueKind.True;
        var user = SlackIdentity.Str(e, "user");
        var channel = SlackIdentity.Str(e, "channel");
        var type = SlackIdentity.Str(e, "type");

        switch (type)
        {
            case "app_mention" when user is not null && channel is not null:
            {
                var text = MentionPattern().Replace(SlackIdentity.Str(e, "text") ?? "", " ").Trim();
                var context = new SlackContext
                {
                    UserId = user, ChannelId = channel, Kind = SlackContext.KindOf(channel, SlackIdentity.Str(e, "channel_type")),
                    ThreadTs = SlackIdentity.Str(e, "thread_ts") ?? SlackIdentity.Str(e, "ts"),
                };
                return (new SlackPlan(context, installation.TeamId, null, text, null, eventId), SlackAck.Ok);
            }
            case "message" when SlackIdentity.Str(e, "channel_type") == "im" && user is not null && channel is not null
                                && SlackIdentity.Str(e, "subtype") is null && SlackIdentity.Str(e, "bot_id") is null && user != botUserId:
            {
                // A message in a thread of the DM (the assistant split view's threads are such threads): answered there.
                var thread = SlackIdentity.Str(e, "thread_ts");
                var context = new SlackContext { UserId = user, ChannelId = channel, Kind = ConversationKind.Personal, ThreadTs = thread, AssistantThread = thread is not null };
                return (new SlackPlan(context, installation.TeamId, null, SlackIdentity.Str(e, "text") ?? "", null, eventId), SlackAck.Ok);
            }
            case "assistant_thread_started" when e.TryGetProperty("assistant_thread", out var at) && at.ValueKind == JsonValueKind.Object
                                                 && SlackIdentity.Str(at, "user_id") is { } starter && SlackIdentity.Str(at, "channel_id") is { } dm
                                                 && SlackIdentity.Str(at, "thread_ts") is { } ts:
            {
                // The person opened the assistant split view: greet them and suggest what to ask, from their help.
                var context = new SlackContext { UserId = starter, ChannelId = dm, Kind = ConversationKind.Personal, ThreadTs = ts, AssistantThread = true };
                return (new SlackPlan(context, installation.TeamId, null, "help", null, eventId, Greeting: true), SlackAck.Ok);
            }
            case "app_home_opened" when user is not null && (SlackIdentity.Str(e, "tab") ?? "home") == "home":
                return (new SlackPlan(new SlackContext { UserId = user }, installation.TeamId, null, null, null, eventId, Home: true), SlackAck.Ok);
            case "member_joined_channel" when shared && user is not null && channel is not null && user != botUserId:
            {
                // A partner joined a channel shared with their company: welcome them, privately.
                var context = new SlackContext { UserId = user, ChannelId = channel, Kind = ConversationKind.Channel, AllPrivate = true };
                return (new SlackPlan(context, installation.TeamId, null, "help", null, eventId), SlackAck.Ok);
            }
            default:
                Log.Ignored(logger, type ?? "?");
                return (null, SlackAck.Ok);
        }
    }

    private (SlackPlan? Plan, SlackAck Ack) PlanCommand(IReadOnlyDictionary<string, string> form)
    {
        var user = form.GetValueOrDefault("user_id");
        var team = form.GetValueOrDefault("team_id");
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(team) || string.IsNullOrEmpty(form.GetValueOrDefault("command")))
            return (null, SlackAck.BadRequest("A slash command needs command, user_id and team_id."));
        var channel = form.GetValueOrDefault("channel_id");
        var trigger = form.GetValueOrDefault("trigger_id");
        var context = new SlackContext
        {
            UserId = user,
            ChannelId = string.IsNullOrEmpty(channel) ? null : channel,
            Kind = SlackContext.KindOf(channel, form.GetValueOrDefault("channel_name")),
            TriggerId = trigger,
        };
        var text = commandText.ToProductText(form.GetValueOrDefault("text"));
        var turnUser = new ChannelUser(Channels.Slack, team, user) { DisplayName = form.GetValueOrDefault("user_name") };
        return (new SlackPlan(context, team, turnUser, text, null, string.IsNullOrEmpty(trigger) ? null : $"cmd:{trigger}"), SlackAck.Ok);
    }

    private (SlackPlan? Plan, SlackAck Ack) PlanInteraction(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object) return (null, SlackAck.BadRequest("payload must be a JSON object."));
        var type = SlackIdentity.Str(payload, "type");
        if (type == "block_suggestion") return (null, SlackAck.Json(new JsonObject { ["options"] = new JsonArray() }));
        if (type is not ("block_actions" or "view_submission" or "view_closed" or "shortcut" or "message_action"))
        {
            Log.Ignored(logger, type ?? "?");
            return (null, SlackAck.Ok);
        }
        if (!payload.TryGetProperty("user", out var u) || u.ValueKind != JsonValueKind.Object || SlackIdentity.Str(u, "id") is not { } userId)
            return (null, SlackAck.BadRequest($"{type} needs user.id."));
        var installation = SlackIdentity.Installation(payload);
        var home = SlackIdentity.Str(u, "team_id") ?? installation.TeamId ?? "unknown";
        var turnUser = new ChannelUser(Channels.Slack, home, userId) { DisplayName = SlackIdentity.Str(u, "name") };
        var trigger = SlackIdentity.Str(payload, "trigger_id");

        switch (type)
        {
            case "block_actions":
            {
                if (!payload.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array || actions.GetArrayLength() == 0 ||
                    actions[0].ValueKind != JsonValueKind.Object)
                    return (null, SlackAck.BadRequest("block_actions needs actions: a list of action objects."));
                var a = actions[0];
                var view = payload.TryGetProperty("view", out var v) && v.ValueKind == JsonValueKind.Object ? v : (JsonElement?)null;
                var meta = view is { } vv ? SlackViewMetadata.TryParse(SlackIdentity.Str(vv, "private_metadata")) : null;
                var channel = payload.TryGetProperty("channel", out var ch) ? SlackIdentity.Str(ch, "id") : null;
                channel ??= payload.TryGetProperty("container", out var co) ? SlackIdentity.Str(co, "channel_id") : null;
                var isModal = view is { } mv && SlackIdentity.Str(mv, "type") == "modal";
                var action = ToInvocation(a, StateValues(payload, view));
                // A form submitted from a message answers in messages: its errors show under its own inputs.
                var inlineSubmit = !isModal && action.Name == ActionNames.DialogSubmit;
                var context = new SlackContext
                {
                    UserId = userId,
                    ChannelId = channel ?? meta?.ChannelId,
                    Kind = channel is not null ? SlackContext.KindOf(channel) : meta?.Kind ?? ConversationKind.Personal,
                    TriggerId = inlineSubmit ? null : trigger,
                    ViewId = isModal ? SlackIdentity.Str(view!.Value, "id") : null,
                };
                return (new SlackPlan(context, installation.TeamId, turnUser, null, action, null), SlackAck.Ok);
            }
            case "view_submission" or "view_closed" when !payload.TryGetProperty("view", out var v) || v.ValueKind != JsonValueKind.Object:
                return (null, SlackAck.BadRequest($"{type} needs a view object."));
            case "view_submission":
            {
                var view = payload.GetProperty("view");
                var meta = SlackViewMetadata.TryParse(SlackIdentity.Str(view, "private_metadata"));
                var values = StateValues(payload, view);
                var context = new SlackContext { UserId = userId, ChannelId = meta?.ChannelId, Kind = meta?.Kind ?? ConversationKind.Personal };
                var action = meta is null
                    ? new ActionInvocation("slack.view", values) // not one of ours: the engine answers that it does nothing
                    : new ActionInvocation(meta.Submit.Name, Merge(meta.Submit.Data, values));
                return (new SlackPlan(context, installation.TeamId, turnUser, null, action, null, Submission: true, Meta: meta),
                    SlackAck.Json(new JsonObject { ["response_action"] = "clear" }));
            }
            case "view_closed":
            {
                var view = payload.GetProperty("view");
                if (SlackViewMetadata.TryParse(SlackIdentity.Str(view, "private_metadata")) is not { Cancel: { } cancel } meta) return (null, SlackAck.Ok);
                var context = new SlackContext { UserId = userId, ChannelId = meta.ChannelId, Kind = meta.Kind, AllPrivate = true };
                return (new SlackPlan(context, installation.TeamId, turnUser, null, new ActionInvocation(cancel.Name, cancel.Data), null), SlackAck.Ok);
            }
            default: // shortcut, message_action
            {
                var callback = SlackIdentity.Str(payload, "callback_id") ?? "";
                var channel = payload.TryGetProperty("channel", out var ch) ? SlackIdentity.Str(ch, "id") : null;
                var text = commandText.ShortcutText(callback);
                if (type == "message_action" && callback == "partner_ask" && payload.TryGetProperty("message", out var m) &&
                    SlackIdentity.Str(m, "text") is { Length: > 0 } asked)
                    text = MentionPattern().Replace(asked, " ").Trim();
                var context = new SlackContext { UserId = userId, ChannelId = channel, Kind = SlackContext.KindOf(channel), TriggerId = trigger };
                return (new SlackPlan(context, installation.TeamId, turnUser, text, null, null), SlackAck.Ok);
            }
        }
    }

    /// <summary>
    /// A modal was submitted (already stored, claimed by this request). Slack waits for the answer to show field
    /// errors, so the turn runs now, within a budget; past it the modal closes and the inbox sends the answer by message.
    /// Either way the delivery is handed back to the inbox when the turn ends, saying what the response already showed.
    /// </summary>
    private async Task<SlackAck> SubmitViewAsync(long id, SlackPlan plan, CancellationToken ct)
    {
        var turn = BuildTurn(plan.User!, plan.Context, plan.InstalledTeam, null, plan.Action, null);
        var running = RunInlineAsync(id, turn);
        var finished = await Task.WhenAny(running, Task.Delay(options.Value.SubmissionBudget, clock, ct));
        if (finished != running)
        {
            Log.SlowSubmission(logger);
            inbox.Track(id, ReleaseWhenDoneAsync(id, running, "clear"));
            return SlackAck.Json(new JsonObject { ["response_action"] = "clear" });
        }

        TurnResult result;
        try
        {
            result = await running;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SubmissionFailed(logger, ex);
            await inbox.ReleaseAsync(id, null, CancellationToken.None);
            return SlackAck.Json(new JsonObject { ["response_action"] = "clear" });
        }
        var form = result.Replies.SelectMany(r => r.Blocks).OfType<FormBlock>().FirstOrDefault();
        var (answer, shown) = (form, plan.Meta) switch
        {
            ({ } f, not null) when BlockKitRenderer.Errors(f) is { Count: > 0 } errors => (ErrorsAnswer(errors), "errors"),
            // The dialog's next step: the modal turns into it.
            ({ } f, { } meta) => (new JsonObject { ["response_action"] = "update", ["view"] = renderer.Modal(f, meta with { Submit = f.Submit, Cancel = f.Cancel }) }, "update"),
            // Done: the modal closes and the answer goes to the person, privately where others could see it.
            _ => (new JsonObject { ["response_action"] = "clear" }, "clear"),
        };
        await inbox.ReleaseAsync(id, shown, CancellationToken.None);
        return SlackAck.Json(answer);
    }

    private async Task<TurnResult> RunInlineAsync(long id, Turn turn)
    {
        var work = await inbox.WorkOnAsync(id, CancellationToken.None);
        return await work.TurnAsync(turn, CancellationToken.None);
    }

    private static JsonObject ErrorsAnswer(Dictionary<string, string> errors)
    {
        var map = new JsonObject();
        foreach (var (k, v) in errors) map[k] = v;
        return new JsonObject { ["response_action"] = "errors", ["errors"] = map };
    }

    private async Task ReleaseWhenDoneAsync(long id, Task running, string shown)
    {
        try
        {
            await running;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SubmissionFailed(logger, ex); // the inbox runs it again
        }
        await inbox.ReleaseAsync(id, shown, CancellationToken.None);
    }

    private static string Hash(string raw) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(raw)), 0, 20);

    /// <summary>
    /// The person behind an event. In a channel shared with another org the payload says which org they come from; where
    /// it cannot (a Grid org without a workspace id), Slack's users.info is asked for the user's home team.
    /// </summary>
    private async Task<ChannelUser> ActorAsync(JsonElement body, string userId, string? installedTeam, CancellationToken ct)
    {
        var actor = SlackIdentity.Actor(body);
        if (actor.TeamId is { } team && actor.UserId == userId) return new ChannelUser(Channels.Slack, team, userId);
        try
        {
            var info = await api.UsersInfoAsync(userId, ct);
            var u = info["user"];
            var home = u?["team_id"]?.ToString();
            var stranger = u?["is_stranger"]?.GetValueKind() == JsonValueKind.True;
            Log.LookedUp(logger, userId, home ?? "?", stranger);
            if (home is { Length: > 0 }) return new ChannelUser(Channels.Slack, home, userId);
        }
        catch (SlackApiException ex)
        {
            Log.LookupFailed(logger, userId, ex.Error);
        }
        // Unknown org: the engine treats the person as unknown (onboarding, no data).
        return new ChannelUser(Channels.Slack, actor.EnterpriseId ?? installedTeam ?? "unknown", userId);
    }

    private static Turn BuildTurn(ChannelUser user, SlackContext context, string? installedTeam, string? text, ActionInvocation? action, string? inboundId) => new()
    {
        User = user,
        Conversation = context.Address(installedTeam),
        Text = action is null ? text ?? "" : null,
        Action = action,
        InboundId = inboundId,
    };

    /// <summary>A pressed button: our buttons carry the neutral action in their value; anything else keeps its id.</summary>
    private static ActionInvocation ToInvocation(JsonElement a, Dictionary<string, string> state)
    {
        var value = SlackIdentity.Str(a, "value");
        if (BlockKitRenderer.DecodeAction(value) is { } action)
            return new ActionInvocation(action.Name, Merge(action.Data, state));
        var values = new Dictionary<string, string>(state, StringComparer.Ordinal);
        if (value is not null) values["value"] = value;
        if (a.TryGetProperty("selected_option", out var so) && SlackIdentity.Str(so, "value") is { } sv) values["value"] = sv;
        return new ActionInvocation(SlackIdentity.Str(a, "action_id") ?? "slack.unknown", values);
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> data, Dictionary<string, string> values)
    {
        var merged = new Dictionary<string, string>(values, StringComparer.Ordinal);
        foreach (var (k, v) in data) merged[k] = v; // the action's own ids win over anything typed
        return merged;
    }

    /// <summary>Input values from state.values (message) or view.state.values (modal): block → action → value.</summary>
    internal static Dictionary<string, string> StateValues(JsonElement payload, JsonElement? view)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonElement state = default;
        var found = view is { } v && v.TryGetProperty("state", out state) || payload.TryGetProperty("state", out state);
        if (!found || !state.TryGetProperty("values", out var blocks) || blocks.ValueKind != JsonValueKind.Object) return values;
        foreach (var block in blocks.EnumerateObject())
        {
            if (block.Value.ValueKind != JsonValueKind.Object) continue;
            foreach (var input in block.Value.EnumerateObject())
            {
                var i = input.Value;
                var value = SlackIdentity.Str(i, "value")
                    ?? SlackIdentity.Str(i, "selected_date")
                    ?? (i.TryGetProperty("selected_option", out var o) && o.ValueKind == JsonValueKind.Object ? SlackIdentity.Str(o, "value") : null);
                values[input.Name] = value is null ? "" : BlockKitRenderer.FromChoiceValue(value);
            }
        }
        return values;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Slack event {Type} acknowledged and ignored")]
        public static partial void Ignored(ILogger logger, string type);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Slack redelivered {EventId} (retry {Retry}); it is handled once")]
        public static partial void Retry(ILogger logger, string eventId, int retry);

        [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "A modal submission took longer than its budget: closed it, the answer follows by message")]
        public static partial void SlowSubmission(ILogger logger);

        [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "users.info {UserId}: home team {Team}, stranger {Stranger}")]
        public static partial void LookedUp(ILogger logger, string userId, string team, bool stranger);

        [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "users.info {UserId} failed: {Error}")]
        public static partial void LookupFailed(ILogger logger, string userId, string error);

        [LoggerMessage(EventId = 3006, Level = LogLevel.Error, Message = "A modal submission's turn failed; the inbox runs it again")]
        public static partial void SubmissionFailed(ILogger logger, Exception ex);
    }
}
