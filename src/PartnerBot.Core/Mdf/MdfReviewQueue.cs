using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.People;

namespace PartnerBot.Mdf;

/// <summary>MDF plans waiting for a decision and claims waiting for reimbursement, for the review queue.</summary>
public sealed class MdfReviewQueue(Localizer localizer, IOptions<ProgramOptions> program) : IReviewQueueSource
{
    public async Task<IReadOnlyList<ReviewQueueItem>> WaitingAsync(TurnContext ctx, CancellationToken ct)
    {
        var orgs = (await ctx.Db.PartnerOrganisations.AsNoTracking().VisibleTo(ctx.Actor).ToListAsync(ct))
            .Where(o => OrganisationAccess.MayDecideFor(ctx.Actor, o)).ToDictionary(o => o.Id);
        var ids = orgs.Keys.ToList();
        var plans = await ctx.Db.MdfPlans.AsNoTracking()
            .Where(p => ids.Contains(p.OrganisationId)).Where(MdfWaiting.AwaitingDecision)
            .ToListAsync(ct);
        var currency = program.Value.Currency;
        var format = LocaleFormat.For(ctx.Language);
        return plans.Select(plan =>
        {
            var facts = MdfScope.PlanFacts(localizer, ctx.Language, plan, orgs[plan.OrganisationId].Name, currency).Facts;
            if (plan.Status == MdfPlanStatus.Submitted)
                return new ReviewQueueItem(ctx.T("mdf.queue.plan", plan.Title), MdfWaiting.Since(plan.Status, plan.SubmittedAt, plan.ClaimedAt),
                    [ctx.T("mdf.queue.why.plan", new Money(plan.RequestedAmount, currency))], facts, MdfScope.DecisionButtons(ctx.T, plan));
            var claimed = new List<Fact>
            {
                new(ctx.T("mdf.plan.approved-amount"), format.Money(plan.ApprovedAmount ?? 0, currency)),
                new(ctx.T("mdf.claim.cost"), format.Money(plan.ClaimedAmount ?? 0, currency)),
                new(ctx.T("mdf.claim.leads"), ctx.T("mdf.claim.leads.value", plan.LeadsGenerated ?? 0, plan.ExpectedLeads)),
            };
            return new ReviewQueueItem(ctx.T("mdf.queue.claim", plan.Title), MdfWaiting.Since(plan.Status, plan.SubmittedAt, plan.ClaimedAt),
                [ctx.T("mdf.queue.why.claim", new Money(plan.ClaimedAmount ?? 0, currency), new Money(plan.ApprovedAmount ?? 0, currency))],
                [.. facts, .. claimed], MdfScope.ReimburseForm(ctx.T, plan, currency));
        }).ToList();
    }
}
