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
    public Task<Person?> ResolveAsync(ChannelUser user, CancellationToken ct) => Resolve(db, user.Channel, user.Tenant, user.UserId, ct);

    // Compiled once: a turn runs it every time, and EF Core's per-query work (the cache lookup of the expression) was
    // most of its CPU.
    private static readonly Func<PartnerBotDb, string, string, string, CancellationToken, Task<Person?>> Resolve = EF.CompileAsyncQuery(
        (PartnerBotDb db, string channel, string tenant, string userId, CancellationToken ct) =>
            (from i in db.ChannelIdentities
             where i.Channel == channel && i.Tenant == tenant && i.UserId == userId
             join p in db.People on i.PersonId equals p.Id
             select p).FirstOrDefault());
}
