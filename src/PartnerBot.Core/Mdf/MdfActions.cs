using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.PartnerProgram;
using PartnerBot.People;

namespace PartnerBot.Mdf;

/// <summary>
/// The rep's buttons: approve, reject, ask for changes (a note form), and the reimbursement form. Only the owning rep,
/// a manager or an admin may press them; the partner hears each outcome privately.
/// </summary>
public sealed class MdfActions(Localizer localizer, IOptions<ProgramOptions> program, Notifier notifier) : IActionHandler
{
    public const string Approve = "mdf.approve";
    public const string Reject = "mdf.reject";
    public const string AskForChanges = "mdf.changes";
    public const string Reimburse = "mdf.reimburse";

    public string Prefix => "mdf.";

    public async Task HandleAsync(TurnContext ctx, ActionInvocation action, CancellationToken ct)
    {
        var plan = await ctx.Db.MdfPlans.FirstOrDefaultAsync(p => p.Id == action.Value("plan"), ct);
        var org = plan is null ? null : await ctx.Db.PartnerOrganisations.FirstOrDefaultAsync(o => o.Id == plan.OrganisationId, ct);
        if (plan is null || org is null || !OrganisationAccess.MayDecideFor(ctx.Actor, org))
        {
            // The same answer for "no such plan" and "not yours": a stranger learns nothing.
            ctx.Send(ctx.T("mdf.action.not-yours"), Visibility.Asker);
            return;
        }
        switch (action.Name)
        {
            case Approve or Reject:
                await DecideAsync(ctx, plan, org, action.Name == Approve, ct);
                break;
            case AskForChanges:
                if (plan.Status != MdfPlanStatus.Submitted)
                {
                    ctx.Send(ctx.T("mdf.action.already-decided", plan.Title, ctx.T($"mdf.status.{plan.Status}")), Visibility.Asker);
                    return;
                }
                await ctx.BeginDialogAsync(MdfChangesDialog.DialogName, plan.Id, ct);
                break;
            case Reimburse:
                await ReimburseAsync(ctx, plan, org, action.Value("amount"), ct);
                break;
            default:
                ctx.Send(ctx.T("action.unknown"), Visibility.Asker);
                break;
        }
    }

    private async Task DecideAsync(TurnContext ctx, MdfPlan plan, PartnerOrganisation org, bool approve, CancellationToken ct)
    {
        if (plan.Status != MdfPlanStatus.Submitted)
        {
            ctx.Send(ctx.T("mdf.action.already-decided", plan.Title, ctx.T($"mdf.status.{plan.Status}")), Visibility.Asker);
            return;
        }
        var currency = program.Value.Currency;
        plan.Status = approve ? MdfPlanStatus.Approved : MdfPlanStatus.Rejected;
        plan.ApprovedAmount = approve ? plan.RequestedAmount : null;
        plan.DecidedById = ctx.Actor.PersonId;
        plan.DecidedAt = ctx.Now;
        var deadline = MdfRulesCheck.ClaimDeadline(plan, program.Value.Mdf);
        await TellSubmitterAsync(notifier, ctx, plan, approve ? "approved" : "rejected", to => approve
            ? MdfScope.T(localizer, to, "mdf.partner.approved", plan.Title, new Money(plan.RequestedAmount, currency), plan.EndDate, deadline)
            : MdfScope.T(localizer, to, "mdf.partner.rejected", plan.Title, ctx.Actor.Name), ct);
        await MdfScope.RewriteCardsAsync(notifier, localizer, ctx, plan, org, currency, "mdf-plan-submitted", ct);
        ctx.Send(ctx.T(approve ? "mdf.rep.approved" : "mdf.rep.rejected", plan.Title, org.Name), Visibility.Asker);
    }

    private async Task ReimburseAsync(TurnContext ctx, MdfPlan plan, PartnerOrganisation org, string? amountText, CancellationToken ct)
    {
        var currency = program.Value.Currency;
        if (!MdfRulesCheck.TryMoney(amountText, out var amount))
        {
            ctx.Send(ctx.T("mdf.error.amount"), Visibility.Asker);
            return;
        }
        if (MdfRulesCheck.CheckReimbursement(plan, amount, currency) is { } problem)
        {
            ctx.Send(ctx.T(problem.Key, problem.Args), Visibility.Asker);
            return;
        }
        plan.Status = MdfPlanStatus.Reimbursed;
        plan.ReimbursedAmount = amount;
        plan.ReimbursedById = ctx.Actor.PersonId;
        plan.ReimbursedAt = ctx.Now;
        await TellSubmitterAsync(notifier, ctx, plan, "reimbursed", to => MdfScope.T(localizer, to, "mdf.partner.reimbursed", plan.Title, new Money(amount, currency)), ct);
        await MdfScope.RewriteCardsAsync(notifier, localizer, ctx, plan, org, currency, "mdf-claim", ct);
        ctx.Send(ctx.T("mdf.rep.reimbursed", new Money(amount, currency), plan.Title, org.Name), Visibility.Asker);
    }

    /// <summary>The partner who submitted the plan hears the outcome privately, in their own language.</summary>
    internal static async Task TellSubmitterAsync(Notifier notifier, TurnContext ctx, MdfPlan plan, string cause, Func<Person, string> text, CancellationToken ct)
    {
        var to = await ctx.Db.People.FirstAsync(p => p.Id == plan.SubmittedById, ct);
        var sentence = text(to);
        await MdfScope.TellAsync(notifier, to, new Reply([new TextBlock(sentence, cause == "rejected" ? TextStyle.Warning : TextStyle.Success)]) { Summary = sentence },
            $"mdf-{cause}:{plan.Id}", ct);
    }
}

/// <summary>The rep's note when asking for changes; the partner gets it with a reminder to send a new plan.</summary>
public sealed class MdfChangesDialog(Localizer localizer, Notifier notifier, IOptions<ProgramOptions> program) : Dialog<MdfChangesDialog.State>
{
    public const string DialogName = "mdf.changes";

    public sealed class State
    {
        public string PlanId { get; set; } = "";
    }

    public override string Name => DialogName;

    protected override async Task<DialogStatus> OnStartAsync(TurnContext ctx, State state, string arguments, CancellationToken ct)
    {
        state.PlanId = arguments;
        var plan = await ctx.Db.MdfPlans.FirstAsync(p => p.Id == arguments, ct);
        ctx.Send(Form(ctx, plan.Title, null));
        return DialogStatus.Waiting;
    }

    protected override async Task<DialogStatus> OnContinueAsync(TurnContext ctx, State state, CancellationToken ct)
    {
        var plan = await ctx.Db.MdfPlans.FirstOrDefaultAsync(p => p.Id == state.PlanId, ct);
        var org = plan is null ? null : await ctx.Db.PartnerOrganisations.FirstOrDefaultAsync(o => o.Id == plan.OrganisationId, ct);
        if (plan is null || org is null || !OrganisationAccess.MayDecideFor(ctx.Actor, org) || plan.Status != MdfPlanStatus.Submitted)
        {
            ctx.Send(ctx.T("mdf.action.not-yours"), Visibility.Asker);
            return DialogStatus.Done;
        }
        var note = ctx.Turn.Action?.Value("note")?.Trim() ?? ctx.Turn.Text?.Trim() ?? "";
        if (note.Length is 0 or > 1000)
        {
            ctx.Send(Form(ctx, plan.Title, ctx.T("mdf.changes.note-needed")));
            return DialogStatus.Waiting;
        }
        plan.Status = MdfPlanStatus.ChangesRequested;
        plan.DecisionNote = note;
        plan.DecidedById = ctx.Actor.PersonId;
        plan.DecidedAt = ctx.Now;
        await MdfActions.TellSubmitterAsync(notifier, ctx, plan, "changes", to =>
            localizer.Get(to.Preferences.Language, "mdf.partner.changes", plan.Title, ctx.Actor.Name, note), ct);
        await MdfScope.RewriteCardsAsync(notifier, localizer, ctx, plan, org, program.Value.Currency, "mdf-plan-submitted", ct);
        ctx.Send(ctx.T("mdf.rep.changes-sent", plan.Title), Visibility.Asker);
        return DialogStatus.Done;
    }

    private static Reply Form(TurnContext ctx, string title, string? error) =>
        new([new FormBlock(ctx.T("mdf.changes.title", title), [
            new FormField("note", ctx.T("mdf.changes.note"), FieldKind.LongText) { Required = true, Error = error, MaxLength = 1000 },
        ], ctx.DialogSubmit())
        {
            SubmitLabel = ctx.T("form.submit"), Cancel = ctx.DialogCancel(), CancelLabel = ctx.T("form.cancel"),
        }]) { Visibility = Visibility.Asker };
}
