using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.PartnerProgram;
using PartnerBot.People;

namespace PartnerBot.Mdf;

/// <summary>"mdf plan" (partners): the plan form.</summary>
public sealed class MdfPlanCommand : ICommand
{
    public CommandInfo Info { get; } = new("mdf-plan", CommandInfo.Partners)
    {
        HelpKey = "help.mdf-plan",
        Order = 510,
    };

    public Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct) =>
        ctx.BeginDialogAsync(MdfPlanDialog.DialogName, arguments, ct);
}

/// <summary>
/// The plan form; <see cref="MdfPlanSubmission"/> checks a submitted plan against the balance and the program's rules
/// and sends a valid one to the owning rep through the outbox with approve / ask for changes / reject.
/// </summary>
public sealed class MdfPlanDialog(Localizer localizer, IOptions<ProgramOptions> program, MdfFunds funds, MdfPlanSubmission submission) : Dialog<MdfPlanDialog.State>
{
    public const string DialogName = "mdf.plan";

    public sealed class State
    {
        public int Attempts { get; set; }
    }

    public override string Name => DialogName;

    protected override async Task<DialogStatus> OnStartAsync(TurnContext ctx, State state, string arguments, CancellationToken ct)
    {
        var org = await ctx.Db.PartnerOrganisations.FirstOrDefaultAsync(o => o.Id == ctx.Actor.PartnerOrganisationId, ct);
        if (org is null)
        {
            ctx.Send(ctx.T("mdf.no-organisation"), Visibility.Asker);
            return DialogStatus.Done;
        }
        var (fund, balance) = await funds.BalanceAsync(ctx.Db, org, MdfScope.Today(ctx), ctx.Now, ct);
        if (balance.Left <= 0)
        {
            ctx.Send(ctx.T(balance.Allocated == 0 ? "mdf.plan.no-fund" : "mdf.plan.nothing-left", org.Tier,
                new Money(balance.Allocated, program.Value.Currency)), Visibility.Asker);
            return DialogStatus.Done;
        }
        ctx.Send(Form(ctx, new Dictionary<string, string>(), null, balance, fund));
        return DialogStatus.Waiting;
    }

    protected override async Task<DialogStatus> OnContinueAsync(TurnContext ctx, State state, CancellationToken ct)
    {
        if (ctx.Turn.Action is not { Name: ActionNames.DialogSubmit } action)
        {
            var org = await ctx.Db.PartnerOrganisations.FirstAsync(o => o.Id == ctx.Actor.PartnerOrganisationId, ct);
            var (fund, balance) = await funds.BalanceAsync(ctx.Db, org, MdfScope.Today(ctx), ctx.Now, ct);
            ctx.Send(ctx.T("mdf.use-form"), Visibility.Asker);
            ctx.Send(Form(ctx, new Dictionary<string, string>(), null, balance, fund));
            return DialogStatus.Waiting;
        }
        state.Attempts++;
        var v = MdfPlanSubmission.FieldIds.ToDictionary(id => id, id => action.Value(id)?.Trim() ?? "");
        var submitted = await submission.SubmitAsync(ctx, v, ct);
        if (submitted.Plan is not { } plan)
        {
            ctx.Send(Form(ctx, v, submitted.Errors.ToDictionary(e => e.Key, e => ctx.T(e.Value.Key, e.Value.Args)), submitted.Balance, submitted.Fund));
            return DialogStatus.Waiting;
        }
        ctx.Send(new Reply([
            new TextBlock(ctx.T("mdf.plan.submitted", plan.Title, new Money(plan.RequestedAmount, program.Value.Currency)), TextStyle.Success),
            new FactsBlock([new(ctx.T("mdf.plan.reference"), plan.Id)]),
        ]) { Visibility = Visibility.Asker });
        return DialogStatus.Done;
    }

    private Reply Form(TurnContext ctx, IReadOnlyDictionary<string, string> values, Dictionary<string, string>? errors, MdfBalance balance, MdfFund fund)
    {
        var rules = program.Value.Mdf;
        var currency = program.Value.Currency;
        string? V(string id) => values.GetValueOrDefault(id) is { Length: > 0 } s ? s : null;
        string? E(string id) => errors?.GetValueOrDefault(id);
        var earliest = MdfScope.Today(ctx).AddDays(rules.MinLeadTimeDays);
        var fields = new List<FormField>
        {
            new("activityType", ctx.T("mdf.plan.type"), FieldKind.Choice)
            {
                Required = true, Value = V("activityType"), Error = E("activityType"),
                Choices = rules.ActivityTypes.Distinct().Select(t => new Choice(t, MdfScope.ActivityName(localizer, ctx.Language, t))).ToList(),
            },
            new("title", ctx.T("mdf.plan.title"), FieldKind.Text) { Required = true, Value = V("title"), Error = E("title"), MaxLength = MdfRulesCheck.MaxTitle },
            new("startDate", ctx.T("mdf.plan.start"), FieldKind.Date)
            {
                Required = true, Value = V("startDate"), Error = E("startDate"),
                Hint = ctx.T("mdf.plan.start.hint", rules.MinLeadTimeDays, earliest),
            },
            new("endDate", ctx.T("mdf.plan.end"), FieldKind.Date) { Required = true, Value = V("endDate"), Error = E("endDate") },
            new("requestedAmount", ctx.T("mdf.plan.requested-in", currency), FieldKind.Number)
            {
                Required = true, Value = V("requestedAmount"), Error = E("requestedAmount"), Min = 0, Max = balance.Left,
                Hint = ctx.T("mdf.plan.left", new Money(balance.Left, currency)),
            },
            new("expectedLeads", ctx.T("mdf.plan.leads"), FieldKind.Number) { Required = true, Value = V("expectedLeads"), Error = E("expectedLeads"), Min = 0 },
            new("expectedPipeline", ctx.T("mdf.plan.pipeline-in", currency), FieldKind.Number)
            {
                Required = true, Value = V("expectedPipeline"), Error = E("expectedPipeline"), Min = 0,
            },
            new("description", ctx.T("mdf.plan.description"), FieldKind.LongText)
            {
                Value = V("description"), Error = E("description"), MaxLength = MdfRulesCheck.MaxDescription,
            },
        };
        return new Reply([new FormBlock(ctx.T("mdf.plan.form-title"), fields, ctx.DialogSubmit())
        {
            Intro = ctx.T("mdf.plan.intro", new Money(balance.Left, currency), fund.PeriodEnd.AddDays(-1)),
            SubmitLabel = ctx.T("form.submit"),
            Cancel = ctx.DialogCancel(),
            CancelLabel = ctx.T("form.cancel"),
            Error = errors is { Count: > 0 } ? ctx.T("form.fix-errors") : null,
        }])
        { Visibility = Visibility.Asker, Summary = ctx.T("mdf.plan.form-title") };
    }
}

internal static class MdfFormat
{
    public static string Number(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);
}
