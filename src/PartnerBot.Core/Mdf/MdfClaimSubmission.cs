using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.PartnerProgram;
using PartnerBot.People;

namespace PartnerBot.Mdf;

/// <summary>A claim recorded on its plan, or why not: the fields in error (under "plan" when the plan cannot be claimed).</summary>
public sealed record ClaimSubmitted(MdfPlan? Plan, IReadOnlyDictionary<string, Problem> Errors);

/// <summary>
/// Claims an approved plan of the actor's organisation after the activity, with proof of performance: the plan must be
/// claimable (<see cref="MdfRulesCheck.CheckClaimable"/>) and the claim valid (<see cref="MdfRulesCheck.ValidateClaim"/>);
/// the organisation's deciders get the reimbursement form through the outbox. The claim form and the REST API both
/// claim through here. Scoped, on the turn's DbContext (the turn saves).
/// </summary>
public sealed class MdfClaimSubmission(Localizer localizer, IOptions<ProgramOptions> program, Notifier notifier)
{
    public const string PlanField = "plan";
    public static readonly IReadOnlyList<string> FieldIds = [PlanField, "actualCost", "leadsGenerated", "proofLinks"];

    /// <summary>The actor's organisation's plan with this id (tracked), or null: another organisation's plan is no plan.</summary>
    public static Task<MdfPlan?> OwnPlanAsync(TurnContext ctx, string planId, CancellationToken ct) =>
        ctx.Db.MdfPlans.FirstOrDefaultAsync(p => p.Id == planId && p.OrganisationId == ctx.Actor.PartnerOrganisationId, ct);

    /// <param name="values">The form's fields by <see cref="FieldIds"/>, as typed.</param>
    public async Task<ClaimSubmitted> SubmitAsync(TurnContext ctx, IReadOnlyDictionary<string, string> values, CancellationToken ct)
    {
        string V(string id) => values.GetValueOrDefault(id)?.Trim() ?? "";
        var currency = program.Value.Currency;
        var plan = await OwnPlanAsync(ctx, V(PlanField), ct);
        var errors = new Dictionary<string, Problem>();
        if (plan is null) errors[PlanField] = new Problem("mdf.claim.unknown-plan", V(PlanField));
        else if (MdfRulesCheck.CheckClaimable(plan, program.Value.Mdf, MdfScope.Today(ctx)) is { } problem) errors[PlanField] = problem;
        ParsedClaim? claim = null;
        if (plan is not null)
            foreach (var (field, p) in MdfRulesCheck.ValidateClaim(new ClaimInput(V("actualCost"), V("leadsGenerated"), V("proofLinks")), plan, currency, out claim))
                errors[field] = p;
        if (errors.Count > 0 || plan is null || claim is null) return new ClaimSubmitted(null, errors);

        plan.Status = MdfPlanStatus.Claimed;
        plan.ClaimedAmount = claim.ActualCost;
        plan.LeadsGenerated = claim.LeadsGenerated;
        plan.ProofLinks = string.Join('\n', claim.ProofLinks);
        plan.ClaimedAt = ctx.Now;

        var org = await ctx.Db.PartnerOrganisations.FirstAsync(o => o.Id == plan.OrganisationId, ct);
        foreach (var rep in await OrganisationAccess.DecidersAsync(ctx.Db.People, org, ct))
        {
            string T(string key, params object?[] args) => MdfScope.T(localizer, rep, key, args);
            await MdfScope.TellAsync(notifier, rep, new Reply([
                new TextBlock(T("mdf.rep.new-claim", org.Name, plan.Title), TextStyle.Heading),
                new FactsBlock([
                    new(T("mdf.plan.approved-amount"), LocaleFormat.For(rep.Preferences.Language).Money(plan.ApprovedAmount ?? 0, currency)),
                    new(T("mdf.claim.cost"), LocaleFormat.For(rep.Preferences.Language).Money(claim.ActualCost, currency)),
                    new(T("mdf.claim.leads"), T("mdf.claim.leads.value", claim.LeadsGenerated, plan.ExpectedLeads)),
                ]),
                new LinksBlock(claim.ProofLinks.Select((l, i) => new Link(T("mdf.claim.proof-n", i + 1), l)).ToList()),
                MdfScope.ReimburseForm(T, plan, currency),
            ]) { Summary = T("mdf.rep.new-claim", org.Name, plan.Title) }, $"mdf-claim:{plan.Id}", ct);
        }
        return new ClaimSubmitted(plan, errors);
    }
}
