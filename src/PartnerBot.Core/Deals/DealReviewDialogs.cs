using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Conversations;
using PartnerBot.People;

namespace PartnerBot.Deals;

/// <summary>The rep's buttons: approve, reject (asks for a reason), and the same for extension requests.</summary>
public sealed class DealActionHandler : IActionHandler
{
    public string Prefix => DealActions.Prefix;

    public async Task HandleAsync(TurnContext ctx, ActionInvocation action, CancellationToken ct)
    {
        var id = action.Value("deal") ?? "";
        var deal = await ctx.Db.DealRegistrations.Include(d => d.PartnerOrganisation).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (deal is null || !ctx.Actor.IsVendorStaff || !OrganisationAccess.MayDecideFor(ctx.Actor, deal.PartnerOrganisation!))
        {
            ctx.Send(ctx.T("deal.review.not-yours"), Visibility.Asker);
            return;
        }
        var service = ctx.Services.GetRequiredService<DealService>();
        string? refusal;
        switch (action.Name)
        {
            case DealActions.Approve:
                refusal = await service.ApproveAsync(ctx, deal, ct);
                Answer(ctx, refusal, "deal.review.approved-done", deal);
                break;
            case DealActions.Reject:
                if (deal.Status != DealStatus.InReview) Answer(ctx, "deal.review.already-decided", "", deal);
                else await ctx.BeginDialogAsync(RejectDealDialog.DialogName, deal.Id, ct);
                break;
            case DealActions.ExtensionApprove or DealActions.ExtensionReject:
                var approve = action.Name == DealActions.ExtensionApprove;
                refusal = await service.DecideExtensionAsync(ctx, deal, approve, ct);
                Answer(ctx, refusal, approve ? "deal.extension.approved-done" : "deal.extension.rejected-done", deal);
                break;
            default:
                ctx.Send(ctx.T("action.unknown"), Visibility.Asker);
                break;
        }
    }

    private static void Answer(TurnContext ctx, string? refusal, string doneKey, DealRegistration deal) =>
        ctx.Send(refusal is null
            ? ctx.T(doneKey, deal.CompanyName, deal.Id)
            : ctx.T(refusal, deal.CompanyName, deal.Id, ctx.T($"deal.status.{deal.Status}")), Visibility.Asker);
}

/// <summary>A one-field form for a reason: the reject and extend dialogs share it.</summary>
internal static class ReasonForm
{
    public const string Field = "reason";
    public const int MaxLength = 1000;

    public static Reply Build(TurnContext ctx, string titleKey, string introKey, object?[] args, string? value, string? error) =>
        new([new FormBlock(ctx.T(titleKey, args), [new FormField(Field, ctx.T("deal.form.reason"), FieldKind.LongText)
        {
            Required = true, Value = value, Error = error, MaxLength = MaxLength,
        }], ctx.DialogSubmit())
        {
            Intro = ctx.T(introKey, args),
            SubmitLabel = ctx.T("form.submit"),
            Cancel = ctx.DialogCancel(),
            CancelLabel = ctx.T("form.cancel"),
            Error = error is null ? null : ctx.T("form.fix-errors"),
        }])
        { Visibility = Visibility.Asker, Summary = ctx.T(titleKey, args) };

    /// <summary>The submitted reason, or the error to show on the field.</summary>
    public static (string? Reason, string? Error) Read(TurnContext ctx)
    {
        var reason = ctx.Turn.Action?.Value(Field)?.Trim() ?? "";
        if (reason.Length == 0) return (null, ctx.T("deal.error.reason-required"));
        if (reason.Length > MaxLength) return (null, ctx.T("deal.error.too-long", MaxLength));
        if (DealRules.ContainsMarkup(reason)) return (null, ctx.T("deal.error.markup"));
        return (reason, null);
    }
}

public sealed class ReasonState
{
    public string DealId { get; set; } = "";
}

/// <summary>Reject a registration in review: the rep gives a reason, the partner is told privately.</summary>
public sealed class RejectDealDialog : Dialog<ReasonState>
{
    public const string DialogName = "deal.reject";
    public override string Name => DialogName;

    protected override async Task<DialogStatus> OnStartAsync(TurnContext ctx, ReasonState state, string arguments, CancellationToken ct)
    {
        state.DealId = arguments;
        var deal = await ctx.Db.DealRegistrations.AsNoTracking().FirstAsync(d => d.Id == arguments, ct);
        ctx.Send(ReasonForm.Build(ctx, "deal.reject.title", "deal.reject.intro", [deal.CompanyName, deal.Id], null, null));
        return DialogStatus.Waiting;
    }

    protected override async Task<DialogStatus> OnContinueAsync(TurnContext ctx, ReasonState state, CancellationToken ct)
    {
        var deal = await DealScope.FindVisibleAsync(ctx.Db, ctx.Actor, state.DealId, ct);
        if (deal is null || !OrganisationAccess.MayDecideFor(ctx.Actor, deal.PartnerOrganisation!))
        {
            ctx.Send(ctx.T("deal.review.not-yours"), Visibility.Asker);
            return DialogStatus.Done;
        }
        if (ctx.Turn.Action is not { Name: ActionNames.DialogSubmit })
        {
            ctx.Send(ReasonForm.Build(ctx, "deal.reject.title", "deal.reject.intro", [deal.CompanyName, deal.Id], null, null));
            return DialogStatus.Waiting;
        }
        var (reason, error) = ReasonForm.Read(ctx);
        if (reason is null)
        {
            ctx.Send(ReasonForm.Build(ctx, "deal.reject.title", "deal.reject.intro", [deal.CompanyName, deal.Id], ctx.Turn.Action.Value(ReasonForm.Field), error));
            return DialogStatus.Waiting;
        }
        var refusal = await ctx.Services.GetRequiredService<DealService>().RejectAsync(ctx, deal, reason, ct);
        ctx.Send(refusal is null
            ? ctx.T("deal.review.rejected-done", deal.CompanyName, deal.Id)
            : ctx.T(refusal, deal.CompanyName, deal.Id, ctx.T($"deal.status.{deal.Status}")), Visibility.Asker);
        return DialogStatus.Done;
    }
}

/// <summary>"extend DR-…" or "extend Acme Corp": one extension of an approved registration, with a reason.</summary>
public sealed class ExtendDealCommand : ICommand
{
    public CommandInfo Info { get; } = new("deal.extend", CommandInfo.Partners)
    {
        HelpKey = "help.deal.extend",
        Order = 13,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var key = arguments.Trim();
        var normalized = key.Length == 0 ? "" : CompanyNames.Normalize(key);
        var reference = key.ToUpperInvariant();
        var own = ctx.Db.DealRegistrations.AsNoTracking().VisibleTo(ctx.Actor);
        var matches = key.Length == 0 ? [] : await own
            .Where(d => d.Id == reference || d.NormalizedName == normalized)
            .OrderByDescending(d => d.Status == DealStatus.Approved).ThenByDescending(d => d.RegisteredAt)
            .Take(2).ToListAsync(ct);
        if (matches.Count == 0)
        {
            var approved = await own.Where(d => d.Status == DealStatus.Approved).OrderBy(d => d.ProtectedUntil).Take(5).ToListAsync(ct);
            var blocks = new List<Block> { new TextBlock(ctx.T(key.Length == 0 ? "deal.extend.which" : "deal.extend.not-found", key)) };
            if (approved.Count > 0)
                blocks.Add(new ActionsBlock(approved.Select(d => new ActionButton($"{d.CompanyName} ({d.Id})", ActionRef.Command(ctx.Say("deal.extend", d.Id)))).ToList()));
            ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker });
            return;
        }
        var deal = matches[0];
        var today = DealService.Today(ctx.Actor.TimeZone, ctx.Now);
        var options = ctx.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PartnerProgram.ProgramOptions>>().Value;
        if (DealRules.ExtensionRefusal(deal, today, options) is { } refusal)
        {
            ctx.Send(ctx.T(refusal, deal.CompanyName, deal.Id, ctx.T($"deal.status.{deal.Status}")), Visibility.Asker);
            return;
        }
        await ctx.BeginDialogAsync(ExtendDealDialog.DialogName, deal.Id, ct);
    }
}

public sealed class ExtendDealDialog(Microsoft.Extensions.Options.IOptions<PartnerProgram.ProgramOptions> options) : Dialog<ReasonState>
{
    public const string DialogName = "deal.extend";
    public override string Name => DialogName;

    private object?[] Args(DealRegistration d) => [d.CompanyName, d.Id, options.Value.DealRegistration.ExtensionDays];

    protected override async Task<DialogStatus> OnStartAsync(TurnContext ctx, ReasonState state, string arguments, CancellationToken ct)
    {
        state.DealId = arguments;
        var deal = await ctx.Db.DealRegistrations.AsNoTracking().FirstAsync(d => d.Id == arguments, ct);
        ctx.Send(ReasonForm.Build(ctx, "deal.extend.title", "deal.extend.intro", Args(deal), null, null));
        return DialogStatus.Waiting;
    }

    protected override async Task<DialogStatus> OnContinueAsync(TurnContext ctx, ReasonState state, CancellationToken ct)
    {
        var deal = await DealScope.FindVisibleAsync(ctx.Db, ctx.Actor, state.DealId, ct);
        if (deal is null || !ctx.Actor.IsPartner) return DialogStatus.Done;
        if (ctx.Turn.Action is not { Name: ActionNames.DialogSubmit })
        {
            ctx.Send(ReasonForm.Build(ctx, "deal.extend.title", "deal.extend.intro", Args(deal), null, null));
            return DialogStatus.Waiting;
        }
        var (reason, error) = ReasonForm.Read(ctx);
        if (reason is null)
        {
            ctx.Send(ReasonForm.Build(ctx, "deal.extend.title", "deal.extend.intro", Args(deal), ctx.Turn.Action.Value(ReasonForm.Field), error));
            return DialogStatus.Waiting;
        }
        var refusal = await ctx.Services.GetRequiredService<DealService>().RequestExtensionAsync(ctx, deal, reason, ct);
        ctx.Send(ctx.T(refusal ?? "deal.extend.requested", deal.CompanyName, deal.Id, ctx.T($"deal.status.{deal.Status}")), Visibility.Asker);
        return DialogStatus.Done;
    }
}
