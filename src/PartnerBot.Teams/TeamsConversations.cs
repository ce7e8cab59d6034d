using System.Text.Json;
using PartnerBot.Conversations;

namespace PartnerBot.Teams;

/// <summary>
/// What the bot needs to write into a Teams conversation later (a proactive message): kept as JSON in
/// <see cref="Conversations.ConversationReference.Data"/> through the <see cref="ConversationDirectory"/>.
/// </summary>
public sealed record TeamsConversationData
{
    public required string ServiceUrl { get; init; }
    public string? TenantId { get; init; }
    public string? BotId { get; init; }
    public string? BotName { get; init; }
    /// <summary>The person's Teams user id ("29:…") in a personal conversation.</summary>
    public string? UserId { get; init; }
    public string? AadObjectId { get; init; }
    public string? ConversationType { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, ActivityJson.Options);

    public static TeamsConversationData? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try { return JsonSerializer.Deserialize<TeamsConversationData>(json, ActivityJson.Options); }
        catch (JsonException) { return null; }
    }

    public static TeamsConversationData From(Activity a) => new()
    {
        ServiceUrl = a.ServiceUrl!,
        TenantId = a.TenantId,
        BotId = a.Recipient?.Id,
        BotName = a.Recipient?.Name,
        UserId = a.From?.Id,
        AadObjectId = a.From?.AadObjectId,
        ConversationType = a.Conversation?.ConversationType,
    };
}

public static class TeamsConversationKinds
{
    /// <summary>personal → Personal, groupChat → Group, channel → Channel; an unnamed type counts as group when isGroup.</summary>
    public static ConversationKind Of(ConversationAccount? c) => c?.ConversationType switch
    {
        ConversationTypes.Personal => ConversationKind.Personal,
        ConversationTypes.GroupChat => ConversationKind.Group,
        ConversationTypes.Channel => ConversationKind.Channel,
        _ => c?.IsGroup == true ? ConversationKind.Group : ConversationKind.Personal,
    };
}
