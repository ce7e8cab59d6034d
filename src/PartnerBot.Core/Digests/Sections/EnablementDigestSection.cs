using PartnerBot.Conversations;

namespace PartnerBot.Digests.Sections;

/// <summary>Enablement: the share of partners who opened material this period, and certifications completed in it.</summary>
public sealed class EnablementDigestSection : IDigestSection
{
    public int Order => 70;

    public Task<DigestSection?> BuildAsync(DigestContext ctx, CancellationToken ct)
    {
        var s = ctx.Scope;
        var opened = ctx.Partners.Count(p => ctx.Data.Opens[p.Id].Any(at => at >= s.PeriodStart && at < s.Now));
        var from = ctx.Day(s.PeriodStart);
        var certs = ctx.Partners.SelectMany(p => ctx.Data.Certifications[p.Id]
            .Where(c => c.CertifiedOn >= from && c.CertifiedOn <= ctx.Today).Select(c => (Partner: p, Cert: c)))
            .OrderBy(x => x.Cert.CertifiedOn).ToList();
        var facts = new List<Fact>
        {
            new(ctx.T("digest.enablement.opened"), opened == 0 ? ctx.T("digest.enablement.opened.none")
                : ctx.T("digest.enablement.opened.value", DigestContext.Percent(opened, ctx.Partners.Count), opened, ctx.Partners.Count)),
            new(ctx.T("digest.enablement.certified"), certs.Count == 0 ? ctx.T("digest.enablement.certified.none")
                : ctx.T("digest.enablement.certified.value", certs.Count, certs.Select(c => c.Partner.Id).Distinct().Count())),
        };
        var blocks = new List<Block> { new FactsBlock(facts) };
        if (certs.Count > 0)
            blocks.Add(new FactsBlock(ctx.Cut(certs.Select(c => new Fact(c.Partner.Name,
                ctx.T("digest.enablement.certified.item", c.Cert.CourseId, ctx.Date(c.Cert.CertifiedOn)))).ToList(), "digest")));
        return Task.FromResult<DigestSection?>(new(ctx.T("digest.enablement.title"), blocks));
    }
}
