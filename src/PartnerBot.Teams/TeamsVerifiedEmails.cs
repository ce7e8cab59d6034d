using PartnerBot.Conversations;
using PartnerBot.People;

namespace PartnerBot.Teams;

/// <summary>
/// A Teams user's verified e-mail: their user principal name (Entra ID signs them in with it), else the e-mail Entra
/// holds, as the Bot Connector's member lookup returns them for the conversation they wrote in. Only for the tenant the
/// activity came from: a member of another tenant is not vouched for.
/// </summary>
public sealed class TeamsVerifiedEmails(ConnectorClient connector) : IVerifiedEmails
{
    public string Channel => Channels.Teams;

    public async Task<string?> EmailOfAsync(Turn turn, CancellationToken ct)
    {
        if (turn.ChannelEndpoint is not { Length: > 0 } serviceUrl) return null;
        var member = await connector.GetMemberAsync(serviceUrl, turn.Conversation.Id, turn.User.UserId, ct);
        if (member is null || (member.TenantId is { Length: > 0 } tenant && !string.Equals(tenant, turn.User.Tenant, StringComparison.OrdinalIgnoreCase)))
            return null;
        return member.UserPrincipalName is { Length: > 0 } upn && upn.Contains('@', StringComparison.Ordinal) ? upn : member.Email;
    }
}
