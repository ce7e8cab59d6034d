using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.People;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.PartnerProgram;

namespace PartnerBot.Mdf;

/// <summary>"mdf claim [plan]" (partners): claim an approved plan after the activity, with proof of performance.</summary>
public sealed class MdfClaimCommand : ICommand
{
    public CommandInfo Info { get; } = new("mdf-claim", CommandInfo.Partners)
    {
        HelpKey = "help.mdf-claim",
        Order = 520,
    };

    public Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct) =>
        ctx.BeginDialogAsync(MdfClaimDialog.DialogName, arguments, ct);
}

public sealed class MdfClaimDialog(IOptions<ProgramOptions> program, MdfClaimSubmission claims) : Dialog<MdfClaimDialog.State>
{
    public const string DialogName = "mdf.claim";

    public sealed class State
    {
        public int Attempts { get; set; }
    }

    public override string Name => DialogName;

    protected override async Task<DialogStatus> OnStartAsync(TurnContext ctx, State state, string arguments, CancellationToken ct)
    {
        var today = MdfScope.Today(ctx);
        var planId = arguments.Trim();
        if (planId.Length > 0)
        {
            // A plan named in the command: say at once why it cannot be claimed.
            var named = await MdfClaimSubmission.OwnPlanAsync(ctx, planId, ct);
            if (named is null)
            {
                ctx.Send(ctx.T("mdf.claim.unknown-plan", planId), Visibility.Asker);
                return DialogStatus.Done;
            }
            if (MdfRulesCheck.CheckClaimable(named, program.Value.Mdf, today) is { } problem)
            {
                ctx.Send(ctx.T(problem.Key, problem.Args), Visibility.Asker);
                return DialogStatus.Done;
            }
        }
        var approved = await ApprovedAsync(ctx, ct);
        if (approved.Count == 0)
        {
            ctx.Send(ctx.T("mdf.claim.none-approved"), Visibility.Asker);
            return DialogStatus.Done;
        }
        ctx.Send(Form(ctx, approved, new Dictionary<string, string> { ["plan"] = planId.Length > 0 ? planId : approved[0].Id }, null));
        return DialogStatus.Waiting;
    }

    protected override async Task<DialogStatus> OnContinueAsync(TurnContext ctx, State state, CancellationToken ct)
    {
        var approved = await ApprovedAsync(ctx, ct);
        if (ctx.Turn.Action is not { Name: ActionNames.DialogSubmit } action)
        {
            ctx.Send(ctx.T("mdf.use-form"), Visibility.Asker);
            ctx.Send(Form(ctx, approved, new Dictionary<string, string>(), null));
            return DialogStatus.Waiting;
        }
        state.Attempts++;
        var v = MdfClaimSubmission.FieldIds.ToDictionary(k => k, k => action.Value(k)?.Trim() ?? "");
        var submitted = await claims.SubmitAsync(ctx, v, ct);
        if (submitted.Plan is not { } plan)
        {
            ctx.Send(Form(ctx, approved, v, submitted.Errors.ToDictionary(e => e.Key, e => ctx.T(e.Value.Key, e.Value.Args))));
            return DialogStatus.Waiting;
        }
        var currency = program.Value.Currency;
        ctx.Send(ctx.T("mdf.claim.submitted", plan.Title, new Money(plan.ClaimedAmount ?? 0, currency)), Visibility.Asker);
        return DialogStatus.Done;
    }

    private static async Task<List<MdfPlan>> ApprovedAsync(TurnContext ctx, CancellationToken ct) =>
        (await ctx.Db.MdfPlans.AsNoTracking()
            .Where(p => p.OrganisationId == ctx.Actor.PartnerOrganisationId && p.Status == MdfPlanStatus.Approved).ToListAsync(ct))
        .OrderBy(p => p.EndDate).ToList();

    private Reply Form(TurnContext ctx, List<MdfPlan> approved, IReadOnlyDictionary<string, string> values, Dictionary<string, string>? errors)
    {
        var currency = program.Value.Currency;
        string? V(string id) => values.GetValueOrDefault(id) is { Length: > 0 } s ? s : null;
        string? E(string id) => errors?.GetValueOrDefault(id);
        var fields = new List<FormField>
        {
            new("plan", ctx.T("mdf.claim.plan"), FieldKind.Choice)
            {
                Required = true, Value = V("plan"), Error = E("plan"),
                Choices = approved.Select(p => new Choice(p.Id, ctx.T("mdf.claim.plan.choice", p.Title, p.EndDate,
                    new Money(p.ApprovedAmount ?? 0, currency), MdfRulesCheck.ClaimDeadline(p, program.Value.Mdf)))).ToList(),
            },
            new("actualCost", ctx.T("mdf.claim.cost-in", currency), FieldKind.Number) { Required = true, Value = V("actualCost"), Error = E("actualCost"), Min = 0 },
            new("leadsGenerated", ctx.T("mdf.claim.leads"), FieldKind.Number) { Required = true, Value = V("leadsGenerated"), Error = E("leadsGenerated"), Min = 0 },
            new("proofLinks", ctx.T("mdf.claim.proof"), FieldKind.LongText)
            {
                Required = true, Value = V("proofLinks"), Error = E("proofLinks"), Hint = ctx.T("mdf.claim.proof.hint"), MaxLength = 4000,
            },
        };
        return new Reply([new FormBlock(ctx.T("mdf.claim.form-title"), fields, ctx.DialogSubmit())
        {
            Intro = ctx.T("mdf.claim.intro", program.Value.Mdf.ClaimWindowDays),
            SubmitLabel = ctx.T("form.submit"),
            Cancel = ctx.DialogCancel(),
            CancelLabel = ctx.T("form.cancel"),
            Error = errors is { Count: > 0 } ? ctx.T("form.fix-errors") : null,
        }])
        { Visibility = Visibility.Asker, Summary = ctx.T("mdf.claim.form-title") };
    }
}
