using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.PartnerProgram;
using PartnerBot.People;

namespace PartnerBot.Mdf;

/// <summary>A plan submitted, or the fields in error; with the fund and balance it was checked against (the form shows them again).</summary>
public sealed record PlanSubmitted(MdfPlan? Plan, IReadOnlyDictionary<string, Problem> Errors, MdfFund Fund, MdfBalance Balance);

/// <summary>
/// Submits an MDF plan for the actor's organisation: checked against the balance and the program's rules
/// (<see cref="MdfRulesCheck.ValidatePlan"/>), then sent to the organisation's deciders through the outbox. The plan
/// form and the REST API both submit through here. Scoped, on the turn's DbContext (the turn saves).
/// </summary>
public sealed class MdfPlanSubmission(Localizer localizer, IOptions<ProgramOptions> program, MdfFunds funds, Notifier notifier)
{
    public static readonly IReadOnlyList<string> FieldIds =
        ["activityType", "title", "startDate", "endDate", "requestedAmount", "expectedLeads", "expectedPipeline", "description"];

    /// <param name="values">The form's fields by <see cref="FieldIds"/>, as typed.</param>
    public async Task<PlanSubmitted> SubmitAsync(TurnContext ctx, IReadOnlyDictionary<string, string> values, CancellationToken ct)
    {
        var org = await ctx.Db.PartnerOrganisations.FirstAsync(o => o.Id == ctx.Actor.PartnerOrganisationId, ct);
        var today = MdfScope.Today(ctx);
        var (fund, balance) = await funds.BalanceAsync(ctx.Db, org, today, ctx.Now, ct);
        string V(string id) => values.GetValueOrDefault(id)?.Trim() ?? "";
        var currency = program.Value.Currency;
        var errors = MdfRulesCheck.ValidatePlan(
            new PlanInput(V("activityType"), V("title"), V("startDate"), V("endDate"), V("requestedAmount"), V("expectedLeads"),
                V("expectedPipeline"), V("description")),
            program.Value.Mdf, today, fund, balance, currency, out var parsed);
        if (errors.Count > 0) return new PlanSubmitted(null, errors, fund, balance);

        var plan = new MdfPlan
        {
            Id = "mdf-" + Guid.NewGuid().ToString("N")[..10],
            FundId = fund.Id,
            OrganisationId = org.Id,
            SubmittedById = ctx.Actor.PersonId,
            ActivityType = parsed!.ActivityType,
            Title = parsed.Title,
            StartDate = parsed.StartDate,
            EndDate = parsed.EndDate,
            RequestedAmount = parsed.RequestedAmount,
            ExpectedLeads = parsed.ExpectedLeads,
            ExpectedPipeline = parsed.ExpectedPipeline,
            Description = parsed.Description,
            Status = MdfPlanStatus.Submitted,
            SubmittedAt = ctx.Now,
        };
        ctx.Db.MdfPlans.Add(plan);

        foreach (var rep in await OrganisationAccess.DecidersAsync(ctx.Db.People, org, ct))
        {
            string T(string key, params object?[] args) => MdfScope.T(localizer, rep, key, args);
            await MdfScope.TellAsync(notifier, rep, new Reply([
                new TextBlock(T("mdf.rep.new-plan", org.Name, ctx.Actor.Name), TextStyle.Heading),
                MdfScope.PlanFacts(localizer, rep.Preferences.Language, plan, org.Name, currency),
                new TextBlock(T("mdf.rep.balance", new Money(balance.Left - plan.RequestedAmount, currency)), TextStyle.Note),
                MdfScope.DecisionButtons(T, plan),
            ]) { Summary = T("mdf.rep.new-plan", org.Name, ctx.Actor.Name) }, $"mdf-plan-submitted:{plan.Id}", ct);
        }
        return new PlanSubmitted(plan, errors, fund, balance);
    }
}
