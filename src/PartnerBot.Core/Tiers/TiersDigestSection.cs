using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Digests;
using PartnerBot.PartnerProgram;
using PartnerBot.Localization;

namespace PartnerBot.Tiers;

/// <summary>Tiers (Order 60): upgrades and downgrades this period (from the audit log), partners in their grace period.</summary>
public sealed class TiersDigestSection : IDigestSection
{
    public int Order => 60;

    public async Task<DigestSection?> BuildAsync(DigestContext ctx, CancellationToken ct)
    {
        var s = ctx.Scope;
        var ids = ctx.Partners.Select(p => p.Id).ToHashSet();
        var names = ctx.Partners.ToDictionary(p => p.Id, p => p.Name);
        var changes = await ctx.Db.AuditLog.AsNoTracking()
            .Where(a => a.EntityType == "PartnerOrganisation" && a.Action == "Modified" && a.At > s.PeriodStart && a.At <= s.Now && a.Changes.Contains("\"Tier\""))
            .OrderBy(a => a.At).ToListAsync(ct);
        var moves = new List<(string Org, string From, string To)>();
        foreach (var a in changes.Where(a => ids.Contains(a.EntityId)))
        {
            using var doc = JsonDocument.Parse(a.Changes);
            if (!doc.RootElement.TryGetProperty("Tier", out var tier)) continue;
            moves.Add((a.EntityId, tier.GetProperty("from").GetString() ?? "", tier.GetProperty("to").GetString() ?? ""));
        }
        var up = moves.Where(m => ctx.Program.TierRank(m.To) > ctx.Program.TierRank(m.From)).ToList();
        var down = moves.Except(up).ToList();
        var graced = await ctx.Db.PartnerOrganisations.AsNoTracking().Where(o => o.TierGraceUntil != null)
            .Select(o => new { o.Id, o.Tier, o.TierGraceUntil }).ToListAsync(ct);
        var warned = graced.Where(o => ids.Contains(o.Id)).OrderBy(o => o.TierGraceUntil).ToList();

        if (moves.Count == 0 && warned.Count == 0)
            return new DigestSection(ctx.T("digest.tiers.title"), [new TextBlock(ctx.T("digest.tiers.none"))]);
        var blocks = new List<Block>();
        if (up.Count > 0)
            blocks.Add(new FactsBlock(ctx.Cut(up, m => new Fact(names[m.Org], $"{m.From} → {m.To}"), "digest")) { Title = ctx.T("digest.tiers.upgrades") });
        if (down.Count > 0)
            blocks.Add(new FactsBlock(ctx.Cut(down, m => new Fact(names[m.Org], $"{m.From} → {m.To}"), "digest")) { Title = ctx.T("digest.tiers.downgrades") });
        if (warned.Count > 0)
            blocks.Add(new FactsBlock(ctx.Cut(warned, o =>
            {
                var until = ctx.Day(o.TierGraceUntil!.Value);
                var due = o.TierGraceUntil <= s.Now.AddDays(14);
                return new Fact(names[o.Id], ctx.T(due ? "digest.tiers.warned.due" : "digest.tiers.warned.value", o.Tier, ctx.Date(until)));
            }, "digest")) { Title = ctx.T("digest.tiers.warned") });
        return new DigestSection(ctx.T("digest.tiers.title"), blocks);
    }
}
