using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Digests;

namespace PartnerBot.Mdf;

public sealed record DigestPlan(string Id, string OrganisationId, string FundId, string Title, MdfPlanStatus Status,
    DateTimeOffset SubmittedAt, DateTimeOffset? ClaimedAt);

/// <summary>A fund and what is left of it (<see cref="MdfBalance.Left"/>, summed in memory).</summary>
public sealed record DigestFund(string Id, string OrganisationId, DateOnly PeriodEnd, bool RolledIntoNext, decimal Left);

/// <summary>The digest's partners' MDF plans, and their funds still open with what is left of each.</summary>
public sealed class MdfDigestRows : IDigestRows<MdfDigestRows>
{
    public required ILookup<string, DigestPlan> Plans { get; init; }
    public required ILookup<string, DigestFund> Funds { get; init; }

    public static async Task<MdfDigestRows> LoadAsync(DigestLoad load, CancellationToken ct)
    {
        var (all, ids, db) = (load.AllPartners, load.Ids, load.Db);
        var plans = await db.MdfPlans.AsNoTracking().Where(p => all || ids.Contains(p.OrganisationId)).ToListAsync(ct);
        var today = DateOnly.FromDateTime(load.Now.UtcDateTime);
        var funds = await db.MdfFunds.AsNoTracking().Where(f => all || ids.Contains(f.OrganisationId))
            .Where(f => f.PeriodEnd > today).ToListAsync(ct);
        var plansByFund = plans.ToLookup(p => p.FundId);
        return new()
        {
            Plans = plans.Select(p => new DigestPlan(p.Id, p.OrganisationId, p.FundId, p.Title, p.Status, p.SubmittedAt, p.ClaimedAt))
                .ToLookup(p => p.OrganisationId),
            Funds = funds.Select(f => new DigestFund(f.Id, f.OrganisationId, f.PeriodEnd, f.RolledIntoNext, MdfBalance.Of(f, plansByFund[f.Id]).Left))
                .ToLookup(f => f.OrganisationId),
        };
    }
}

/// <summary>MDF plans submitted and claims made, for "Decisions waiting".</summary>
public sealed class MdfDecisions : IDigestDecisions
{
    public async Task<IEnumerable<WaitingDecision>> WaitingAsync(DigestContext ctx, CancellationToken ct)
    {
        var mdf = await ctx.RowsAsync<MdfDigestRows>(ct);
        var now = ctx.Scope.Now;
        return ctx.Partners.SelectMany(p => mdf.Plans[p.Id].Where(x => MdfWaiting.AwaitsDecision(x.Status))
            .Select(x => new WaitingDecision(x.Status == MdfPlanStatus.Claimed ? "digest.decisions.claim" : "digest.decisions.plan",
                x.Title, null, p.Name, now - MdfWaiting.Since(x.Status, x.SubmittedAt, x.ClaimedAt))));
    }
}

/// <summary>Funds whose period ends within the window with money left unplanned (lost unless used), for "Ending soon".</summary>
public sealed class FundsEndingSoon : IDigestEndingSoon
{
    public int Order => 20;

    public async Task<IReadOnlyList<Block>> EndingAsync(DigestContext ctx, DateOnly until, CancellationToken ct)
    {
        var mdf = await ctx.RowsAsync<MdfDigestRows>(ct);
        var today = ctx.Today;
        // PeriodEnd is exclusive: the fund's last day is the day before.
        var funds = ctx.Partners.SelectMany(p => mdf.Funds[p.Id]
                .Where(f => !f.RolledIntoNext && f.Left > 0 && f.PeriodEnd > today && f.PeriodEnd.AddDays(-1) <= until)
                .Select(f => (Partner: p, Fund: f)))
            .OrderBy(x => x.Fund.PeriodEnd).ThenByDescending(x => x.Fund.Left).ThenBy(x => x.Partner.Name, StringComparer.Ordinal).ToList();
        if (funds.Count == 0) return [];
        return
        [
            new TextBlock(ctx.T("digest.ending.funds", funds.Count, ctx.Money(funds.Sum(f => f.Fund.Left)))),
            new FactsBlock(ctx.Cut(funds, x => new Fact(x.Partner.Name,
                ctx.T("digest.ending.funds.left", ctx.Money(x.Fund.Left), ctx.Date(x.Fund.PeriodEnd.AddDays(-1)))), "mdf")),
        ];
    }
}
