using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Enablement;

public enum OpenOutcome { Recorded, BadLink, NotFound, NotAllowed }

public sealed record OpenResult(OpenOutcome Outcome, string? Url = null);

/// <summary>Records that a person opened an item, and the metrics managers read from it.</summary>
public sealed class ContentOpens(ContentLinks links, IOptions<ProgramOptions> program, TimeProvider clock)
{
    /// <summary>Checks the link, records the open and returns where to send the browser. Saves on <paramref name="db"/>.</summary>
    public async Task<OpenResult> OpenAsync(PartnerBotDb db, string itemId, string? personId, string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(personId) || personId.Length > 64 || itemId.Length > 100 || !links.Verify(itemId, personId, token))
            return new(OpenOutcome.BadLink);
        var item = await db.ContentItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null) return new(OpenOutcome.NotFound);
        var person = await db.People.AsNoTracking().Include(p => p.PartnerOrganisation).FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null) return new(OpenOutcome.BadLink);
        // A tier can drop after the link was made: check again.
        if (!ContentSearch.MayOpen(program.Value, Actor.From(person), person.PartnerOrganisation?.Tier, item))
            return new(OpenOutcome.NotAllowed);
        db.ContentOpens.Add(new ContentOpen
        {
            PersonId = person.Id, OrganisationId = person.PartnerOrganisationId, ContentItemId = item.Id, OpenedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return new(OpenOutcome.Recorded, item.Url);
    }

    /// <summary>When each organisation's people first opened an item, for <paramref name="organisationIds"/> or, when null, every organisation.</summary>
    public static async Task<Dictionary<string, DateTimeOffset>> FirstOpenedAsync(PartnerBotDb db, string[]? organisationIds, CancellationToken ct)
    {
        var all = organisationIds is null;
        var ids = organisationIds ?? [];
        var rows = await db.ContentOpens.AsNoTracking().Where(o => o.OrganisationId != null && (all || ids.Contains(o.OrganisationId)))
            .Select(o => new { o.OrganisationId, o.OpenedAt }).ToListAsync(ct);
        // The earliest per organisation, taken from the (organisation, time) pairs the index on OrganisationId, OpenedAt serves.
        return rows.GroupBy(r => r.OrganisationId!).ToDictionary(g => g.Key, g => g.Min(r => r.OpenedAt));
    }

    public sealed record MaterialUsage(int OrganisationsUsing, int Organisations, decimal Share);

    /// <summary>The share of partner organisations with at least one open since <paramref name="since"/>.</summary>
    public static async Task<MaterialUsage> UsageSinceAsync(PartnerBotDb db, DateTimeOffset since, CancellationToken ct)
    {
        var total = await db.PartnerOrganisations.CountAsync(ct);
        var using_ = await db.ContentOpens.Where(o => o.OpenedAt >= since && o.OrganisationId != null)
            .Select(o => o.OrganisationId).Distinct().CountAsync(ct);
        return new(using_, total, total == 0 ? 0 : Math.Round(100m * using_ / total, 1));
    }
}
