namespace PartnerBot.Conversations;

/// <summary>The channels the product knows by name. A channel project passes its own name in every <see cref="Turn"/>.</summary>
public static class Channels
{
    public const string Web = "web";
    public const string Slack = "slack";
    public const string Teams = "teams";
    /// <summary>The REST API: an integration's write, run as a turn for the person it acts for.</summary>
    public const string Api = "api";
}

public enum ConversationKind
{
    /// <summary>A DM with the bot, a Teams 1:1 chat, the web chat's personal conversation.</summary>
    Personal,
    /// <summary>A group chat.</summary>
    Group,
    /// <summary>A channel, possibly shared with a partner organisation.</summary>
    Channel,
}

/// <summary>Where a turn happened. <see cref="Id"/> is the channel's own conversation id.</summary>
public sealed record ConversationAddress(string Channel, string Id, ConversationKind Kind)
{
    /// <summary>The channel's tenant: a Slack team id, a Teams tenant id, "demo" for the web chat.</summary>
    public string? Tenant { get; init; }
    public string? ThreadId { get; init; }
    public bool IsPersonal => Kind == ConversationKind.Personal;
    /// <summary>A key that names the conversation across channels, used to keep dialog state apart.</summary>
    public string Key => $"{Channel}:{Id}";
}

/// <summary>
/// A chat user as the channel knows them: channel, tenant (Slack home team, Teams tenant) and user id.
/// The product resolves it to a person; the channel never decides who someone is.
/// </summary>
public sealed record ChannelUser(string Channel, string Tenant, string UserId)
{
    public string? DisplayName { get; init; }
}

/// <summary>A button press or form submission: the action's name and its values (data merged with field inputs).</summary>
public sealed record ActionInvocation(string Name, IReadOnlyDictionary<string, string> Values)
{
    public string? Value(string key) => Values.TryGetValue(key, out var v) ? v : null;
}

/// <summary>One inbound interaction, channel-neutral: text typed, or an action sent.</summary>
public sealed record Turn
{
    public required ChannelUser User { get; init; }
    public required ConversationAddress Conversation { get; init; }
    public string? Text { get; init; }
    public ActionInvocation? Action { get; init; }
    /// <summary>The locale the client reports (BCP 47), used when the person has not chosen a language.</summary>
    public string? Locale { get; init; }
    /// <summary>The channel's id for this delivery (Slack event_id, Teams activity id). A redelivery is handled once.</summary>
    public string? InboundId { get; init; }
    /// <summary>Where the channel's own API for this conversation is (Teams: the activity's serviceUrl); null where there is one API.</summary>
    public string? ChannelEndpoint { get; init; }
    /// <summary>The inbox row this turn answers: the engine stores the answer on it in the turn's own transaction.</summary>
    public long? InboxId { get; init; }
    public string Channel => Conversation.Channel;
}
