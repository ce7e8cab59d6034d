using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Storage;

namespace PartnerBot.People;

/// <summary>Turns a chat user into a person. An unknown user resolves to null and sees onboarding only.</summary>
public sealed class IdentityResolver(PartnerBotDb db)
{
    /// <summary>
    /// The person behind the chat user, tracked (the turn may update them). One query, read at every turn: the identity
    /// by its unique index and the person by key, joined, so a change to either is seen by the very next message.
    /// </summary>
    public Task<Person?> ResolveAsync(ChannelUser user, CancellationToken ct) =>
        (from i in db.ChannelIdentities
         where i.Channel == user.Channel && i.Tenant == user.Tenant && i.UserId == user.UserId
         join p in db.People on i.PersonId equals p.Id
         select p).FirstOrDefaultAsync(ct);
}
