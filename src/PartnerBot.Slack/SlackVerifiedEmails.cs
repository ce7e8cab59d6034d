using System.Text.Json;
using PartnerBot.Conversations;
using PartnerBot.People;

namespace PartnerBot.Slack;

/// <summary>
/// A Slack user's verified e-mail: the profile e-mail users.info returns (scope users:read.email), for a person of the
/// workspace the turn came from who is not a bot, not deactivated, and whose address Slack has confirmed.
/// </summary>
public sealed class SlackVerifiedEmails(SlackApiClient api) : IVerifiedEmails
{
    public string Channel => Channels.Slack;

    public async Task<string?> EmailOfAsync(Turn turn, CancellationToken ct)
    {
        var info = await api.UsersInfoAsync(turn.User.UserId, ct);
        if (info["user"] is not { } user) return null;
        bool Is(string name) => user[name]?.GetValueKind() == JsonValueKind.True;
        if (Is("is_bot") || Is("deleted") || user["is_email_confirmed"]?.GetValueKind() == JsonValueKind.False) return null;
        if (user["team_id"]?.ToString() is { Length: > 0 } team && team != turn.User.Tenant) return null;
        return user["profile"]?["email"]?.ToString();
    }
}
