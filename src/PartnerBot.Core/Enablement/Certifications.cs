using Microsoft.EntityFrameworkCore;
using PartnerBot.Storage;

namespace PartnerBot.Enablement;

/// <summary>What an organisation's valid certifications count toward tier criteria.</summary>
public sealed record CertificationCounts(int SalesCertifiedReps, int TechnicalCertifications)
{
    public static readonly CertificationCounts None = new(0, 0);
}

/// <summary>
/// Certifications: recording them, and the query the tiers capability reads. A certification counts from its date
/// until (not including) its expiry.
/// </summary>
public static class Certifications
{
    public static Certification Create(string personId, string organisationId, ContentItem course, DateOnly on, DateOnly expires,
        string source, string? recordedBy) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        PersonId = personId,
        OrganisationId = organisationId,
        CourseId = course.Id,
        Track = course.Track ?? "sales",
        CertifiedOn = on,
        ExpiresOn = expires,
        Source = source,
        RecordedById = recordedBy,
    };

    /// <summary>Sales-certified people (distinct) and technical certifications (distinct person and course) valid on <paramref name="asOf"/>.</summary>
    public static async Task<CertificationCounts> ForOrganisationAsync(PartnerBotDb db, string organisationId, DateOnly asOf, CancellationToken ct)
    {
        var all = await ForAllAsync(db, asOf, ct, organisationId);
        return all.GetValueOrDefault(organisationId, CertificationCounts.None);
    }

    /// <summary>Certifications earned by <paramref name="organisationId"/>'s people from <paramref name="from"/> to <paramref name="to"/> (both included), and by how many people.</summary>
    public static async Task<(int Certifications, int People)> EarnedAsync(PartnerBotDb db, string organisationId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rows = await db.Certifications.AsNoTracking()
            .Where(c => c.OrganisationId == organisationId && c.CertifiedOn >= from && c.CertifiedOn <= to)
            .Select(c => c.PersonId).ToListAsync(ct);
        return (rows.Count, rows.Distinct().Count());
    }

    /// <summary>The same counts for every organisation that has any valid certification.</summary>
    public static async Task<IReadOnlyDictionary<string, CertificationCounts>> ForAllAsync(PartnerBotDb db, DateOnly asOf, CancellationToken ct,
        string? organisationId = null)
    {
        var query = db.Certifications.AsNoTracking().Where(c => c.CertifiedOn <= asOf && c.ExpiresOn > asOf);
        if (organisationId is not null) query = query.Where(c => c.OrganisationId == organisationId);
        var rows = await query.Select(c => new { c.OrganisationId, c.PersonId, c.CourseId, c.Track }).ToListAsync(ct);
        // Certifications this unit of work has added count too: a turn that records one can review the tier at once.
        rows.AddRange(db.ChangeTracker.Entries<Certification>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .Where(c => c.CertifiedOn <= asOf && c.ExpiresOn > asOf && (organisationId is null || c.OrganisationId == organisationId))
            .Select(c => new { c.OrganisationId, c.PersonId, c.CourseId, c.Track }));
        return rows.GroupBy(r => r.OrganisationId).ToDictionary(
            g => g.Key,
            g => new CertificationCounts(
                g.Where(r => r.Track == "sales").Select(r => r.PersonId).Distinct().Count(),
                g.Where(r => r.Track == "technical").Select(r => (r.PersonId, r.CourseId)).Distinct().Count()));
    }
}

public static class SalesCertifications
{
    /// <summary>
    /// The day each organisation first earned a sales certification that is recorded here (expired since or not), for
    /// <paramref name="organisationIds"/> or, when null, every organisation.
    /// </summary>
    public static async Task<Dictionary<string, DateOnly>> FirstEarnedAsync(PartnerBotDb db, string[]? organisationIds, CancellationToken ct)
    {
        var all = organisationIds is null;
        var ids = organisationIds ?? [];
        var rows = await db.Certifications.AsNoTracking().Where(c => c.Track == "sales" && (all || ids.Contains(c.OrganisationId)))
            .GroupBy(c => c.OrganisationId).Select(g => new { g.Key, First = g.Min(c => c.CertifiedOn) }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Key, r => r.First);
    }

    /// <summary>
    /// Whether the organisation counts as sales-certified from before PartnerBot: the imported count is the floor
    /// (as for tiers), with no day of its own.
    /// </summary>
    public static bool ImportedAsCertified(People.PartnerOrganisation organisation) => organisation.SalesCertifiedReps > 0;
}

/// <summary>
/// Acts when a certification is recorded, in the same turn. The capability that reads certifications (tiers)
/// registers one, so enablement records them without knowing who counts them.
/// </summary>
public interface ICertificationFollower
{
    Task CertifiedAsync(People.PartnerOrganisation organisation, DateTimeOffset at, CancellationToken ct);
}
