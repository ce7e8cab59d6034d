using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.People;

namespace PartnerBot.Commissions;

/// <summary>"close DR-…": a rep marks a registered deal won (with its contract value and source) or lost.</summary>
public sealed class CloseDealCommand(CommissionService service) : ICommand
{
    public CommandInfo Info { get; } = new("close", CommandInfo.Staff)
    {
        HelpKey = "help.close",
        Order = 130,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        if (arguments.Length > 0)
        {
            var deal = await service.FindDealAsync(ctx.Actor, arguments, ct);
            if (deal is null)
            {
                ctx.Send(ctx.T("commission.error.deal-not-found", arguments.Trim()), Visibility.Asker);
                return;
            }
            await ctx.BeginDialogAsync(CloseDealDialog.DialogName, deal.Id, ct);
            return;
        }
        var orgs = service.Scope(ctx.Actor).Select(o => o.Id);
        var open = await ctx.Db.DealRegistrations.AsNoTracking()
            .Where(d => d.Status == DealStatus.Approved && orgs.Contains(d.PartnerOrganisationId))
            .OrderBy(d => d.CloseDate).Take(10).ToListAsync(ct);
        if (open.Count == 0)
        {
            ctx.Send(ctx.T("commission.close.none-open"), Visibility.Asker);
            return;
        }
        ctx.Send(new Reply([
            new TextBlock(ctx.T("commission.close.which")),
            new ActionsBlock(open.Select(d => new ActionButton($"{d.Id} · {d.CompanyName}", ActionRef.Command(ctx.Say("close", d.Id)))).ToList()),
        ]) { Visibility = Visibility.Asker });
    }
}

public sealed class CloseDealDialog(CommissionService service) : Dialog<CloseDealDialog.State>
{
    public const string DialogName = "close-deal";
    public override string Name => DialogName;

    public sealed class State
    {
        public string DealId { get; set; } = "";
    }

    protected override async Task<DialogStatus> OnStartAsync(TurnContext ctx, State state, string arguments, CancellationToken ct)
    {
        state.DealId = arguments;
        var deal = await service.FindDealAsync(ctx.Actor, arguments, ct);
        if (deal is null) return DialogStatus.Done;
        ctx.Send(Form(ctx, deal, new Dictionary<string, string> { ["outcome"] = "won", ["source"] = DealRules.ReviewedSource(deal).ToString() }, null));
        return DialogStatus.Waiting;
    }

    protected override async Task<DialogStatus> OnContinueAsync(TurnContext ctx, State state, CancellationToken ct)
    {
        var deal = await service.FindDealAsync(ctx.Actor, state.DealId, ct);
        if (deal is null)
        {
            ctx.Send(ctx.T("commission.error.deal-not-found", state.DealId), Visibility.Asker);
            return DialogStatus.Done;
        }
        if (ctx.Turn.Action is not { Name: ActionNames.DialogSubmit } action)
        {
            ctx.Send(Form(ctx, deal, new Dictionary<string, string>(), null));
            return DialogStatus.Waiting;
        }
        var v = action.Values.ToDictionary(kv => kv.Key, kv => kv.Value.Trim());
        var errors = new Dictionary<string, string>();
        var outcome = v.GetValueOrDefault("outcome", "");
        if (outcome is not ("won" or "lost")) errors["outcome"] = ctx.T("commission.error.outcome");

        CommissionOutcome result;
        if (outcome == "lost" && errors.Count == 0)
        {
            result = await service.CloseLostAsync(deal, ctx.Now);
        }
        else
        {
            var value = ParseAmount(v.GetValueOrDefault("contractValue"));
            if (outcome == "won" && value is null or <= 0) errors["contractValue"] = ctx.T("commission.error.contract-value");
            var mrrText = v.GetValueOrDefault("mrr", "");
            var mrr = mrrText.Length == 0 ? null : ParseAmount(mrrText);
            if (mrrText.Length > 0 && mrr is null or < 0) errors["mrr"] = ctx.T("commission.error.mrr");
            if (!Enum.TryParse<DealSource>(v.GetValueOrDefault("source"), out var source) || !Enum.IsDefined(source))
                errors["source"] = ctx.T("commission.error.source");
            if (errors.Count > 0)
            {
                ctx.Send(Form(ctx, deal, v, errors));
                return DialogStatus.Waiting;
            }
            result = await service.CloseWonAsync(ctx.Actor, deal, value!.Value, mrr, source, ctx.Now, ct);
        }
        if (errors.Count > 0)
        {
            ctx.Send(Form(ctx, deal, v, errors));
            return DialogStatus.Waiting;
        }
        if (!result.Ok && result.Key is "commission.error.contract-value" or "commission.error.contract-too-large" or "commission.error.mrr")
        {
            ctx.Send(Form(ctx, deal, v, new() { [result.Key == "commission.error.mrr" ? "mrr" : "contractValue"] = ctx.T(result.Key, result.Args) }));
            return DialogStatus.Waiting;
        }
        ctx.Send(Reply.Text(ctx.T(result.Key, result.Args), Visibility.Asker));
        return DialogStatus.Done;
    }

    private static decimal? ParseAmount(string? s) =>
        decimal.TryParse((s ?? "").Replace(" ", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal),
            NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static Reply Form(TurnContext ctx, DealRegistration deal, Dictionary<string, string> v, Dictionary<string, string>? errors) =>
        new([new FormBlock(ctx.T("commission.close.title", deal.CompanyName, deal.Id), [
            new FormField("outcome", ctx.T("commission.close.outcome"), FieldKind.Choice)
            {
                Required = true, Value = v.GetValueOrDefault("outcome", "won"), Error = errors?.GetValueOrDefault("outcome"),
                Choices = [new("won", ctx.T("commission.close.won")), new("lost", ctx.T("commission.close.lost"))],
            },
            new FormField("contractValue", ctx.T("commission.close.contract-value", deal.Currency), FieldKind.Number)
            {
                Value = v.GetValueOrDefault("contractValue"), Error = errors?.GetValueOrDefault("contractValue"), Min = 0,
                Hint = ctx.T("commission.close.contract-value.hint"),
            },
            new FormField("mrr", ctx.T("commission.close.mrr", deal.Currency), FieldKind.Number)
            {
                Value = v.GetValueOrDefault("mrr"), Error = errors?.GetValueOrDefault("mrr"), Min = 0, Hint = ctx.T("commission.close.mrr.hint"),
            },
            new FormField("source", ctx.T("commission.close.source"), FieldKind.Choice)
            {
                Required = true, Value = v.GetValueOrDefault("source", DealRules.ReviewedSource(deal).ToString()), Error = errors?.GetValueOrDefault("source"),
                Choices = [new(nameof(DealSource.PartnerSourced), ctx.T("commission.source.PartnerSourced")), new(nameof(DealSource.DirectSourced), ctx.T("commission.source.DirectSourced"))],
            },
        ], ctx.DialogSubmit())
        {
            SubmitLabel = ctx.T("form.save"), Cancel = ctx.DialogCancel(), CancelLabel = ctx.T("form.cancel"),
            Error = errors is { Count: > 0 } ? ctx.T("form.fix-errors") : null,
        }]) { Visibility = Visibility.Asker };
}
