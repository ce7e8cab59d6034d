using Microsoft.EntityFrameworkCore;
using PartnerBot.People;

namespace PartnerBot.Conversations;

/// <summary>
/// Which partner organisation a command is about. A partner user always means their own. Vendor staff name one they
/// may see by its id as the first word ("commission acme last quarter"); the words after it are the command's. The one
/// place that reads that word, so every such command asks for the name and says "not found" alike, and none can reach
/// an organisation the asker may not see.
/// </summary>
public static class NamedPartner
{
    /// <param name="nameItKey">What staff are told when they named no partner (the command's own example).</param>
    /// <param name="notFoundKey">What staff are told when the name is no partner they may see ({0}: the name).</param>
    /// <param name="noneKey">What a partner user without an organisation is told, if anything.</param>
    /// <returns>The organisation and the words after its name; null when it could not be told, the asker having been told why.</returns>
    public static async Task<(PartnerOrganisation Organisation, string Words)?> ResolveAsync(TurnContext ctx, string arguments,
        string nameItKey, string notFoundKey, string? noneKey, CancellationToken ct)
    {
        var args = arguments.Trim();
        var visible = ctx.Db.PartnerOrganisations.VisibleTo(ctx.Actor).AsNoTracking();
        if (ctx.Actor.IsPartner)
        {
            var own = await visible.FirstOrDefaultAsync(ct);
            if (own is null && noneKey is not null) ctx.Send(ctx.T(noneKey), Visibility.Asker);
            return own is null ? null : (own, args);
        }
        var words = args.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            ctx.Send(ctx.T(nameItKey), Visibility.Asker);
            return null;
        }
        var key = words[0].ToLowerInvariant();
        var org = await visible.FirstOrDefaultAsync(o => o.Id == key, ct);
        if (org is null)
        {
            ctx.Send(ctx.T(notFoundKey, words[0]), Visibility.Asker);
            return null;
        }
        return (org, words.Length > 1 ? words[1] : "");
    }
}
