using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Slack;

/// <summary>Where a Slack turn happened and how its answers can reach the person.</summary>
public sealed record SlackContext
{
    public required string UserId { get; init; }
    /// <summary>The channel to answer in; null when there is none (a global shortcut, the App Home): answers go by DM.</summary>
    public string? ChannelId { get; init; }
    public ConversationKind Kind { get; init; } = ConversationKind.Channel;
    public string? ThreadTs { get; init; }
    /// <summary>Lets a form open as a modal (valid for 3 seconds, once).</summary>
    public string? TriggerId { get; init; }
    /// <summary>The modal a button was pressed in: a form in the answer replaces it.</summary>
    public string? ViewId { get; init; }
    /// <summary>Every answer is private (welcomes in shared channels).</summary>
    public bool AllPrivate { get; init; }
    /// <summary>A thread of Slack's assistant split view (or any thread in the DM): answers go in the thread, with a status while working.</summary>
    public bool AssistantThread { get; init; }

    public ConversationAddress Address(string? installedTeam) =>
        new(Channels.Slack, ChannelId ?? $"user:{UserId}", ChannelId is null ? ConversationKind.Personal : Kind) { Tenant = installedTeam, ThreadId = ThreadTs };

    public static ConversationKind KindOf(string? channelId, string? channelType = null) => channelType switch
    {
        "im" or "directmessage" => ConversationKind.Personal,
        "mpim" => ConversationKind.Group,
        { } name when name.StartsWith("mpdm-", StringComparison.Ordinal) => ConversationKind.Group, // a slash command's channel_name
        "channel" or "group" or "privategroup" => ConversationKind.Channel,
        _ => channelId is { Length: > 0 } c && c[0] == 'D' ? ConversationKind.Personal : ConversationKind.Channel,
    };
}

/// <summary>
/// Runs a turn through the conversation engine in its own DI scope (the request is long answered by then) and sends
/// the replies back through the Web API: private answers in a channel as ephemeral messages (or a DM when that fails),
/// forms as modals when Slack gave a trigger, otherwise as inputs in a message.
/// </summary>
public sealed partial class SlackTurnRunner(
    IServiceScopeFactory scopes,
    SlackApiClient api,
    BlockKitRenderer renderer,
    ILogger<SlackTurnRunner> logger)
{
    private const string HomePrefix = "home:";

    public async Task<TurnResult> RunAsync(Turn turn, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ConversationEngine>().HandleAsync(turn, ct);
    }

    /// <summary>The conversation the Home tab's content is built in: one per user, apart from their DMs.</summary>
    public static ConversationAddress HomeAddress(string userId, string? installedTeam) =>
        new(Channels.Slack, HomePrefix + userId, ConversationKind.Personal) { Tenant = installedTeam };

    /// <summary>
    /// Publishes the person's Home tab (views.publish). <paramref name="always"/>: when they open it; otherwise only when it
    /// would look different from what was last published, which is remembered as a fingerprint.
    /// </summary>
    public async Task PublishHomeAsync(ChannelUser user, string? installedTeam, string? inboundId, bool always, CancellationToken ct)
    {
        var result = await RunAsync(new Turn { User = user, Conversation = HomeAddress(user.UserId, installedTeam), Text = "home", InboundId = inboundId }, ct);
        if (result.Duplicate) return;
        var view = renderer.Home(new Reply(result.Replies.SelectMany(r => r.Blocks).Where(b => b is not FormBlock).ToList())
        {
            Suggestions = result.Replies.Select(r => r.Suggestions).FirstOrDefault(s => s is not null),
        });
        var fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(view.ToJsonString())));
        await using var scope = scopes.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<ConversationDirectory>();
        var known = await directory.FindAsync(Channels.Slack, HomePrefix + user.UserId, ct);
        if (!always && (known is null || known.Data == fingerprint)) return;
        await api.PublishViewAsync(user.UserId, view, ct);
        await directory.RememberAsync(Channels.Slack, HomePrefix + user.UserId, ConversationKind.Personal, null, fingerprint, ct);
    }

    /// <summary>
    /// What the person just did may change their Home tab (their language, their role's menu): keep it current.
    /// <paramref name="opened"/>: whether they have one, when the turn's scope already asked (<see cref="HomeOpenedAsync"/>);
    /// null to ask now. The answer is already sent: a failure here is logged, never a reason to send it again.
    /// </summary>
    public async Task RefreshHomeAsync(Turn turn, bool? opened, CancellationToken ct)
    {
        if (IsHome(turn)) return;
        try
        {
            if (opened is null)
                await using (var scope = scopes.CreateAsyncScope())
                    opened = await HomeOpenedAsync(scope.ServiceProvider, turn, ct);
            if (opened != true) return; // never opened: nothing to keep current
            await PublishHomeAsync(turn.User, turn.Conversation.Tenant, null, always: false, ct);
        }
        catch (Exception ex) when (ex is SlackApiException or HttpRequestException)
        {
            Log.HomeFailed(logger, ex.Message);
        }
    }

    /// <summary>Whether the person of <paramref name="turn"/> ever opened their Home tab (it was published), read in <paramref name="scope"/>.</summary>
    public static async Task<bool> HomeOpenedAsync(IServiceProvider scope, Turn turn, CancellationToken ct) =>
        !IsHome(turn) &&
        await scope.GetRequiredService<ConversationDirectory>().FindAsync(Channels.Slack, HomePrefix + turn.User.UserId, ct) is not null;

    private static bool IsHome(Turn turn) => turn.Conversation.Id.StartsWith(HomePrefix, StringComparison.Ordinal);

    /// <summary>
    /// Sends a turn's replies, from reply <paramref name="skip"/> on (a retry resumes where it stopped), reporting each
    /// one sent through <paramref name="sent"/>. Throws when Slack cannot be reached: the inbox retries the rest later.
    /// </summary>
    public async Task DeliverAsync(SlackContext c, TurnResult result, int skip, Func<int, Task> sent, CancellationToken ct)
    {
        var triggerUsed = false;
        for (var i = skip; i < result.Replies.Count; i++)
        {
            var original = result.Replies[i];
            var reply = c.AllPrivate ? original.AsPrivate() : original;
            try
            {
                var form = reply.Blocks.OfType<FormBlock>().FirstOrDefault();
                if (form is not null && (c.ViewId is not null || (c.TriggerId is not null && !triggerUsed)))
                {
                    var modal = renderer.Modal(form, new SlackViewMetadata(c.ChannelId, c.Kind, form.Submit, form.Cancel),
                        reply.Blocks.Where(b => b is not FormBlock));
                    if (await TryShowModalAsync(c, modal, triggerUsed, ct))
                    {
                        triggerUsed = c.ViewId is null;
                        continue;
                    }
                }
                await PostAsync(c, reply, ct);
            }
            catch (SlackRateLimitedException ex) when (result.Actor is not null)
            {
                // Slack asks us to wait: hand the answer to the outbox, which waits as long as Slack says.
                Log.RateLimited(logger, ex.Method, ex.RetryAfter);
                await QueueAsync(result.Actor.PersonId, reply, ct);
            }
            await sent(i + 1);
        }
    }

    private async Task<bool> TryShowModalAsync(SlackContext c, JsonObject modal, bool triggerUsed, CancellationToken ct)
    {
        try
        {
            if (c.ViewId is not null) await api.UpdateViewAsync(c.ViewId, modal, ct);
            else if (c.TriggerId is not null && !triggerUsed) await api.OpenViewAsync(c.TriggerId, modal, ct);
            else return false;
            return true;
        }
        catch (SlackApiException ex) when (ex is not SlackRateLimitedException)
        {
            // An expired trigger (3 s) or a closed view: the form goes into a message instead.
            Log.ModalFailed(logger, ex.Error);
            return false;
        }
    }

    /// <summary>Posts one reply where it belongs: in the DM, in the channel, or only to the asker.</summary>
    public async Task PostAsync(SlackContext c, Reply reply, CancellationToken ct)
    {
        var message = renderer.Message(reply);
        if (c.ChannelId is null)
        {
            await DirectMessageAsync(c.UserId, message, ct);
            return;
        }
        if (c.Kind == ConversationKind.Personal)
        {
            message["channel"] = c.ChannelId;
            if (c.ThreadTs is not null) message["thread_ts"] = c.ThreadTs;
            await api.PostMessageAsync(message, ct);
            return;
        }
        if (reply.Visibility == Visibility.Asker)
        {
            message["channel"] = c.ChannelId;
            message["user"] = c.UserId;
            if (c.ThreadTs is not null) message["thread_ts"] = c.ThreadTs;
            try
            {
                await api.PostEphemeralAsync(message, ct);
            }
            catch (SlackApiException ex) when (ex.IsPermanent)
            {
                // Not in that channel (or it is gone): a private answer still reaches the person, by DM, never the channel.
                Log.EphemeralFailed(logger, ex.Error);
                message.Remove("channel");
                message.Remove("user");
                message.Remove("thread_ts");
                await DirectMessageAsync(c.UserId, message, ct);
            }
            return;
        }
        message["channel"] = c.ChannelId;
        if (c.ThreadTs is not null) message["thread_ts"] = c.ThreadTs;
        try
        {
            await api.PostMessageAsync(message, ct);
        }
        catch (SlackApiException ex) when (ex.IsPermanent && ex.Error != "invalid_blocks")
        {
            // The bot cannot write there (not a member, archived, gone): the asker still gets the answer, by DM.
            Log.ChannelFailed(logger, ex.Error);
            message.Remove("channel");
            message.Remove("thread_ts");
            await DirectMessageAsync(c.UserId, message, ct);
        }
    }

    /// <summary>
    /// A new thread of the assistant split view: the greeting in the thread and the suggested prompts beside it
    /// (assistant.threads.setSuggestedPrompts), both from the person's help — their role's, in their language.
    /// </summary>
    public async Task GreetAsync(SlackContext c, Suggestions suggestions, CancellationToken ct)
    {
        await PostAsync(c, Reply.Text(suggestions.Greeting), ct);
        var prompts = new JsonArray(suggestions.Items.Take(Suggestions.Max)
            .Select(i => (JsonNode)new JsonObject { ["title"] = i.Title, ["message"] = i.Message }).ToArray());
        await api.CallJsonAsync("assistant.threads.setSuggestedPrompts", new JsonObject
        {
            ["channel_id"] = c.ChannelId, ["thread_ts"] = c.ThreadTs, ["title"] = suggestions.Title, ["prompts"] = prompts,
        }, ct);
    }

    /// <summary>The working status in the person's language (their own choice once the product knows them, else English).</summary>
    public async Task<string> WorkingStatusAsync(ChannelUser user, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var person = await scope.ServiceProvider.GetRequiredService<IdentityResolver>().ResolveAsync(user, ct);
        return scope.ServiceProvider.GetRequiredService<Localizer>().Get(person?.Preferences.Language ?? Languages.English, "assistant.working");
    }

    /// <summary>
    /// "PartnerBot is looking into it…" under the thread while the turn runs; Slack clears it when the answer is posted.
    /// Only a courtesy: when Slack refuses it (a DM thread outside the split view), the answer still comes.
    /// </summary>
    public async Task SetStatusAsync(SlackContext c, string status, CancellationToken ct)
    {
        try
        {
            await api.CallJsonAsync("assistant.threads.setStatus", new JsonObject
            {
                ["channel_id"] = c.ChannelId, ["thread_ts"] = c.ThreadTs, ["status"] = status,
            }, ct);
        }
        catch (Exception ex) when (ex is SlackApiException or HttpRequestException)
        {
            Log.StatusFailed(logger, ex.Message);
        }
    }

    public async Task DirectMessageAsync(string userId, JsonObject message, CancellationToken ct)
    {
        message["channel"] = await api.OpenConversationAsync(userId, ct);
        await api.PostMessageAsync(message, ct);
    }

    private async Task QueueAsync(string personId, Reply reply, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Notifier>().QueueVia(personId, reply, Channels.Slack);
        await scope.ServiceProvider.GetRequiredService<PartnerBotDb>().SaveChangesAsync(ct);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Slack {Method} is rate limited for {RetryAfter}: the answer goes through the outbox")]
        public static partial void RateLimited(ILogger logger, string method, TimeSpan retryAfter);

        [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Could not show a modal ({Error}): the form is sent as a message")]
        public static partial void ModalFailed(ILogger logger, string error);

        [LoggerMessage(EventId = 3204, Level = LogLevel.Information, Message = "An answer could not be posted in its channel ({Error}): sent by DM instead")]
        public static partial void ChannelFailed(ILogger logger, string error);

        [LoggerMessage(EventId = 3205, Level = LogLevel.Warning, Message = "The Home tab could not be refreshed: {Error}")]
        public static partial void HomeFailed(ILogger logger, string error);

        [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "An ephemeral answer could not be posted ({Error}): sent by DM instead")]
        public static partial void EphemeralFailed(ILogger logger, string error);

        [LoggerMessage(EventId = 3206, Level = LogLevel.Debug, Message = "The assistant thread's status could not be set: {Error}")]
        public static partial void StatusFailed(ILogger logger, string error);
    }
}
