using Microsoft.EntityFrameworkCore;
using PartnerBot.Storage;

namespace PartnerBot.Deals;

/// <summary>
/// Keeps one partner from reading another's name in what a rep writes to it (a rejection reason, a note): who else
/// registered the customer is for vendor staff only.
/// </summary>
public static class PartnerMentions
{
    /// <summary>
    /// The first other partner organisation <paramref name="text"/> names (see <see cref="CompanyNames.IsNamedIn"/>),
    /// or null. The recipient's own name is fine, and so are the words of <paramref name="customer"/>: a rejection may
    /// name the customer even when its name shares a word with another partner.
    /// </summary>
    public static async Task<string?> OtherPartnerNamedAsync(PartnerBotDb db, string text, string recipientOrganisationId, string? customer, CancellationToken ct)
    {
        var organisations = await db.PartnerOrganisations.AsNoTracking().Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        var own = organisations.FirstOrDefault(o => o.Id == recipientOrganisationId)?.Name ?? "";
        var sayable = CompanyNames.Tokens(own).Concat(CompanyNames.Tokens(customer ?? "")).ToHashSet(StringComparer.Ordinal);
        return organisations
            .Where(o => o.Id != recipientOrganisationId && !string.Equals(CompanyNames.Normalize(o.Name), CompanyNames.Normalize(own), StringComparison.Ordinal))
            .OrderBy(o => o.Name, StringComparer.Ordinal)
            .FirstOrDefault(o => CompanyNames.IsNamedIn(text, o.Name, sayable))?.Name;
    }
}
