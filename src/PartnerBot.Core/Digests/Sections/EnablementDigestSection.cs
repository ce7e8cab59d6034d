using PartnerBot.Conversations;

namespace PartnerBot.Digests.Sections;

/// <summary>Enablement: the share of partners who opened material this period, and certifications completed in it.</summary>
public sealed class EnablementDigestSection : IDigestSection
{
    public int Order => 70;

    public Task<DigestSection?> BuildAsync(DigestContext ctx, CancellationToken ct) =>
        Task.FromResult(ctx.Memo(nameof(EnablementDigestSection), () => new Box(Build(ctx))).Section);

    private sealed record Box(DigestSection? Section);

    private static DigestSection? Build(DigestContext ctx)
    {
        var s = ctx.Scope;
        var opened = ctx.Partners.Count(p => ctx.Data.Opens[p.Id].Any(at => at >= s.PeriodStart && at < s.Now));
        var from = ctx.Day(s.PeriodStart);
        var today = ctx.Today;
        var certs = ctx.Partners.SelectMany(p => ctx.Data.Certifications[p.Id]
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
