using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Storage;

namespace PartnerBot.People;

/// <summary>Turns a chat user into a person. An unknown user resolves to null and sees onboarding only.</summary>
public sealed class IdentityResolver(PartnerBotDb db)
{
    public async Task<Person?> ResolveAsync(ChannelUser user, CancellationToken ct)
    {
        var identity = await db.ChannelIdentities.AsNoTracking()
            .Where(i => i.Channel == user.Channel && i.Tenant == user.Tenant && i.UserId == user.UserId)
            .Select(i => i.PersonId)
            .FirstOrDefaultAsync(ct);
        return identity is null ? null : await db.People.FirstOrDefaultAsync(p => p.Id == identity, ct);
    }
}
