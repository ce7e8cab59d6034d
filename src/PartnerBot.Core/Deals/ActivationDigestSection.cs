using PartnerBot.Conversations;
using PartnerBot.Digests;

namespace PartnerBot.Deals;

/// <summary>
/// Activation: partners that joined in the last 180 days with how long they took to register a first deal, and, named,
/// those past 90 days without one (at risk).
/// </summary>
public sealed class ActivationDigestSection : RowsDigestSection<DealDigestRows>
{
    public const int RecentDays = 180, AtRiskDays = 90;

    public override int Order => 20;

    protected override DigestSection? Build(DigestContext ctx, DealDigestRows rows)
    {
        var today = ctx.Today;
        var recent = ctx.Partners.Where(p => today.DayNumber - p.JoinedOn.DayNumber is >= 0 and <= RecentDays)
            .Select(p => (Partner: p, First: rows[p.Id].Select(d => (DateTimeOffset?)d.RegisteredAt).Min()))
            .OrderBy(r => r.Partner.Name, StringComparer.Ordinal)
            .ToList();
        if (recent.Count == 0)
            return new(ctx.T("digest.activation.title"), [new TextBlock(ctx.T("digest.activation.none-joined", RecentDays))]);

        var active = recent.Where(r => r.First is not null)
            .Select(r => (r.Partner, Days: Math.Max(0, ctx.Day(r.First!.Value).DayNumber - r.Partner.JoinedOn.DayNumber)))
            .OrderBy(r => r.Days).ThenBy(r => r.Partner.Name, StringComparer.Ordinal).ToList();
        var waiting = recent.Where(r => r.First is null).Select(r => (r.Partner, Days: today.DayNumber - r.Partner.JoinedOn.DayNumber)).ToList();
        var atRisk = waiting.Where(w => w.Days > AtRiskDays).OrderByDescending(w => w.Days).ThenBy(w => w.Partner.Name, StringComparer.Ordinal).ToList();
        var young = waiting.Count - atRisk.Count;

        var blocks = new List<Block>();
        var summary = ctx.T("digest.activation.summary", recent.Count, RecentDays, active.Count, young, atRisk.Count);
        if (active.Count > 0)
            summary += " " + ctx.T("digest.activation.average", Math.Round(active.Average(a => a.Days), 0, MidpointRounding.AwayFromZero));
        blocks.Add(new TextBlock(summary));
        if (active.Count > 0)
            blocks.Add(new FactsBlock(ctx.Cut(active, a => new Fact(a.Partner.Name,
                ctx.T("digest.activation.first-deal", a.Days, ctx.Date(a.Partner.JoinedOn))), "digest")));
        if (atRisk.Count > 0)
        {
            blocks.Add(new TextBlock(ctx.T("digest.activation.at-risk", AtRiskDays), TextStyle.Note));
            blocks.Add(new FactsBlock(ctx.Cut(atRisk, a => new Fact(a.Partner.Name,
                ctx.T("digest.activation.no-deal", a.Days, ctx.Date(a.Partner.JoinedOn))), "digest")));
        }
        return new(ctx.T("digest.activation.title"), blocks);
    }
}
