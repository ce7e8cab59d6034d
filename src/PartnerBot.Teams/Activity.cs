using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PartnerBot.Teams;

/// <summary>
/// A Bot Framework activity, as Teams and the Bot Connector send and receive it. Only the fields PartnerBot reads or
/// writes are modelled; anything else in the JSON is ignored on the way in, and nulls are left out on the way out.
/// </summary>
public sealed record Activity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ChannelId { get; init; }
    public ChannelAccount? From { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public string? TextFormat { get; init; }
    public string? Text { get; init; }
    public string? Summary { get; init; }
    public string? Locale { get; init; }
    public string? ReplyToId { get; init; }
    public string? Name { get; init; }
    public string? Action { get; init; }
    /// <summary>An Action.Submit's data merged with the card's inputs; an invoke's payload.</summary>
    public JsonElement? Value { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersRemoved { get; init; }
    public IReadOnlyList<Attachment>? Attachments { get; init; }
    public string? AttachmentLayout { get; init; }
    public IReadOnlyList<JsonElement>? Entities { get; init; }
    public JsonElement? ChannelData { get; init; }

    /// <summary>The tenant the activity comes from: the conversation's, else channelData.tenant.id.</summary>
    [JsonIgnore]
    public string? TenantId =>
        Conversation?.TenantId is { Length: > 0 } t ? t
        : ChannelData is { ValueKind: JsonValueKind.Object } cd && cd.TryGetProperty("tenant", out var tenant) &&
          tenant.ValueKind == JsonValueKind.Object && tenant.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;

    /// <summary>The mentions in a message (entities of type "mention").</summary>
    public IEnumerable<Mention> Mentions()
    {
        foreach (var e in Entities ?? [])
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("type", out var t) || t.GetString() != "mention") continue;
            Mention? m;
            try { m = e.Deserialize<Mention>(ActivityJson.Options); }
            catch (JsonException) { continue; }
            if (m is not null) yield return m;
        }
    }

    /// <summary>Whether the activity @mentions its recipient (the bot).</summary>
    public bool MentionsRecipient() =>
        Recipient?.Id is { } botId && Mentions().Any(m => string.Equals(m.Mentioned?.Id, botId, StringComparison.OrdinalIgnoreCase));

    /// <summary>The text without the bot's own &lt;at&gt;…&lt;/at&gt; mentions, trimmed.</summary>
    public string TextWithoutRecipientMention()
    {
        var text = Text ?? "";
        foreach (var m in Mentions())
        {
            if (!string.Equals(m.Mentioned?.Id, Recipient?.Id, StringComparison.OrdinalIgnoreCase)) continue;
            if (!string.IsNullOrEmpty(m.Text)) text = text.Replace(m.Text, " ", StringComparison.Ordinal);
        }
        // Teams sends a non-breaking space after a mention, sometimes as an entity.
        return text.Replace("&nbsp;", " ", StringComparison.Ordinal).Replace('\u00A0', ' ').Trim();
    }
}

public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string Invoke = "invoke";
    public const string Typing = "typing";
}

public static class ConversationTypes
{
    public const string Personal = "personal";
    public const string GroupChat = "groupChat";
    public const string Channel = "channel";
}

public sealed record ChannelAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? AadObjectId { get; init; }
    public string? Role { get; init; }
}

public sealed record ConversationAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? ConversationType { get; init; }
    public string? TenantId { get; init; }
    public bool? IsGroup { get; init; }
}

public sealed record Mention
{
    public string? Type { get; init; } = "mention";
    public ChannelAccount? Mentioned { get; init; }
    public string? Text { get; init; }
}

public sealed record Attachment
{
    public required string ContentType { get; init; }
    public JsonNode? Content { get; init; }
}

/// <summary>A conversation member as the connector describes it (GET /v3/conversations/{id}/members/{userId}).</summary>
public sealed record TeamsMember(string? Id, string? Name, string? AadObjectId, string? Email, string? UserPrincipalName, string? TenantId);

/// <summary>What the connector answers when it accepts an activity.</summary>
public sealed record ResourceResponse(string? Id);

/// <summary>The body of POST /v3/conversations (a new 1:1 chat).</summary>
public sealed record ConversationParameters
{
    public bool IsGroup { get; init; }
    public ChannelAccount? Bot { get; init; }
    public required IReadOnlyList<ChannelAccount> Members { get; init; }
    public string? TenantId { get; init; }
    public JsonNode? ChannelData { get; init; }
}

public sealed record ConversationResourceResponse
{
    public string? Id { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ActivityId { get; init; }
}

/// <summary>The body of an invoke's HTTP answer (Action.Execute: the card that replaces the one pressed).</summary>
public sealed record AdaptiveCardInvokeResponse(int StatusCode, string Type, JsonNode? Value)
{
    public const string CardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";
}

public static class ActivityJson
{
    /// <summary>Camel case, case-insensitive reading, unknown fields ignored, nulls not written.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
