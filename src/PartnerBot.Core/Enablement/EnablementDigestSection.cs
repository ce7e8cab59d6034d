using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Digests;

namespace PartnerBot.Enablement;

/// <summary>Enablement: the share of partners who opened material this period, and certifications completed in it.</summary>
public sealed class EnablementDigestSection : RowsDigestSection<EnablementDigestRows>
{
    public override int Order => 70;

    protected override DigestSection? Build(DigestContext ctx, EnablementDigestRows rows)
    {
        var s = ctx.Scope;
        var opened = ctx.Partners.Count(p => rows.Opens[p.Id].Any(at => at >= s.PeriodStart && at < s.Now));
        var from = ctx.Day(s.PeriodStart);
        var today = ctx.Today;
        var certs = ctx.Partners.SelectMany(p => rows.Certifications[p.Id]
            .Where(c => c.CertifiedOn >= from && c.CertifiedOn <= today).Select(c => (Partner: p, Cert: c)))
            .OrderBy(x => x.Cert.CertifiedOn).ThenBy(x => x.Partner.Name, StringComparer.Ordinal).ToList();
        var facts = new List<Fact>
        {
            new(ctx.T("digest.enablement.opened"), opened == 0 ? ctx.T("digest.enablement.opened.none")
                : ctx.T("digest.enablement.opened.value", DigestContext.Percent(opened, ctx.Partners.Count), opened, ctx.Partners.Count)),
            new(ctx.T("digest.enablement.certified"), certs.Count == 0 ? ctx.T("digest.enablement.certified.none")
                : ctx.T("digest.enablement.certified.value", certs.Count, certs.Select(c => c.Partner.Id).Distinct().Count())),
        };
        var blocks = new List<Block> { new FactsBlock(facts) };
        if (certs.Count > 0)
            blocks.Add(new FactsBlock(ctx.Cut(certs, c => new Fact(c.Partner.Name,
                ctx.T("digest.enablement.certified.item", c.Cert.CourseId, ctx.Date(c.Cert.CertifiedOn))), "digest")));
        return new(ctx.T("digest.enablement.title"), blocks);
    }
}

public sealed record DigestCertification(string OrganisationId, string CourseId, DateOnly CertifiedOn);

/// <summary>Content opens and certifications of the digest's partners since <see cref="History"/> ago.</summary>
public sealed class EnablementDigestRows : IDigestRows<EnablementDigestRows>
{
    /// <summary>How far back the rows go: the longest digest period (a month) and the one before it.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(62);

    /// <summary>Content opens by organisation: when.</summary>
    public required ILookup<string, DateTimeOffset> Opens { get; init; }
    public required ILookup<string, DigestCertification> Certifications { get; init; }

    public static async Task<EnablementDigestRows> LoadAsync(DigestLoad load, CancellationToken ct)
    {
        var (all, ids, db) = (load.AllPartners, load.Ids, load.Db);
        var since = load.Now - History;
        var opens = await db.ContentOpens.AsNoTracking()
            .Where(o => o.OpenedAt >= since && o.OrganisationId != null && (all || ids.Contains(o.OrganisationId)))
            .Select(o => new { OrganisationId = o.OrganisationId!, o.OpenedAt }).ToListAsync(ct);
        var sinceDay = DateOnly.FromDateTime(since.UtcDateTime);
        var certs = await db.Certifications.AsNoTracking()
            .Where(c => c.CertifiedOn >= sinceDay && (all || ids.Contains(c.OrganisationId)))
            .Select(c => new DigestCertification(c.OrganisationId, c.CourseId, c.CertifiedOn)).ToListAsync(ct);
        return new()
        {
            Opens = opens.ToLookup(o => o.OrganisationId, o => o.OpenedAt),
            Certifications = certs.ToLookup(c => c.OrganisationId),
        };
    }
}
