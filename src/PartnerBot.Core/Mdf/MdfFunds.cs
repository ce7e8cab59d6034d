using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Deals;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Mdf;

/// <summary>Finds or creates an organisation's usable fund for today. Changes join the caller's unit of work.</summary>
public sealed class MdfFunds(PartnerSourcedRevenue revenue, IOptions<ProgramOptions> program)
{
    private ProgramOptions Program => program.Value;

    public static string FundId(string organisationId, DateOnly periodStart) => $"{organisationId}:{MdfRulesCheck.Iso(periodStart)}";

    /// <summary>The fund plans are made against today: this period's, or the next one's when this period's rolled over.</summary>
    public async Task<MdfFund> UsableAsync(PartnerBotDb db, PartnerOrganisation org, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var months = Program.Mdf.PeriodMonths;
        var (start, end) = MdfRulesCheck.PeriodOf(today, months);
        var fund = await FindAsync(db, org.Id, start, ct);
        if (fund is null)
        {
            fund = New(org.Id, start, end, now);
            await ComputeAsync(db, fund, org, ct);
            db.MdfFunds.Add(fund);
            if (MdfRulesCheck.RollsIntoNext(Program.Mdf, today, end))
            {
                fund.RolledIntoNext = true;
                var next = await FindAsync(db, org.Id, end, ct);
                if (next is null)
                {
                    next = New(org.Id, end, end.AddMonths(months), now);
                    db.MdfFunds.Add(next);
                }
                next.RolledOverAmount += fund.Amount;
            }
        }
        else if (!fund.AmountComputed)
        {
            await ComputeAsync(db, fund, org, ct);
        }
        if (!fund.RolledIntoNext) return fund;
        return await FindAsync(db, org.Id, end, ct) ?? throw new InvalidOperationException($"Fund {fund.Id} rolled over but the next period's fund is missing.");
    }

    /// <summary>The usable fund and its balance.</summary>
    public async Task<(MdfFund Fund, MdfBalance Balance)> BalanceAsync(PartnerBotDb db, PartnerOrganisation org, DateOnly today, DateTimeOffset now,
        CancellationToken ct)
    {
        var fund = await UsableAsync(db, org, today, now, ct);
        var plans = await PlansAsync(db, fund.Id, ct);
        return (fund, MdfBalance.Of(fund, plans));
    }

    /// <summary>
    /// The stored funds of <paramref name="organisationId"/> whose period overlaps [<paramref name="from"/>,
    /// <paramref name="to"/>), with their balances, earliest first: what a report reads (nothing is created).
    /// </summary>
    public static async Task<List<(MdfFund Fund, MdfBalance Balance)>> OverlappingAsync(PartnerBotDb db, string organisationId, DateOnly from, DateOnly to,
        CancellationToken ct)
    {
        var funds = await db.MdfFunds.AsNoTracking()
            .Where(f => f.OrganisationId == organisationId && f.PeriodStart < to && f.PeriodEnd > from)
            .OrderBy(f => f.PeriodStart).ToListAsync(ct);
        var ids = funds.Select(f => f.Id).ToArray();
        var plans = await db.MdfPlans.AsNoTracking().Where(p => ids.Contains(p.FundId)).ToListAsync(ct);
        return funds.Select(f => (f, MdfBalance.Of(f, plans))).ToList();
    }

    /// <summary>The fund's plans, tracked ones included (changed in this unit of work but not yet saved).</summary>
    public static async Task<List<MdfPlan>> PlansAsync(PartnerBotDb db, string fundId, CancellationToken ct)
    {
        var stored = await db.MdfPlans.Where(p => p.FundId == fundId).ToListAsync(ct);
        var added = db.ChangeTracker.Entries<MdfPlan>().Where(e => e.State == EntityState.Added && e.Entity.FundId == fundId).Select(e => e.Entity);
        return stored.Concat(added).Distinct().ToList();
    }

    private static async Task<MdfFund?> FindAsync(PartnerBotDb db, string orgId, DateOnly start, CancellationToken ct)
    {
        var id = FundId(orgId, start);
        return db.ChangeTracker.Entries<MdfFund>().Select(e => e.Entity).FirstOrDefault(f => f.Id == id)
            ?? await db.MdfFunds.FirstOrDefaultAsync(f => f.Id == id, ct);
    }

    private static MdfFund New(string orgId, DateOnly start, DateOnly end, DateTimeOffset now) => new()
    {
        Id = FundId(orgId, start), OrganisationId = orgId, PeriodStart = start, PeriodEnd = end, CreatedAt = now,
        Source = MdfFundSource.TierPercent,
    };

    private async Task ComputeAsync(PartnerBotDb db, MdfFund fund, PartnerOrganisation org, CancellationToken ct)
    {
        var previousStart = fund.PeriodStart.AddMonths(-Program.Mdf.PeriodMonths);
        var figure = await revenue.ForPeriodAsync(db, org, previousStart, fund.PeriodStart, ct);
        fund.Percent = Program.FindTier(org.Tier)?.MdfPercent ?? 0;
        fund.BasisRevenue = figure.Amount;
        fund.BasisIsEstimate = figure.IsEstimate;
        fund.Amount = MdfRulesCheck.FundAmount(Program, org.Tier, figure.Amount);
        fund.AmountComputed = true;
    }
}
