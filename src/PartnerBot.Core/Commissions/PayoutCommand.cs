using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Conversations;

namespace PartnerBot.Commissions;

/// <summary>"payout acme [period]": a rep or manager records a payout of what is payable; the partner is told.</summary>
public sealed class PayoutCommand : ICommand
{
    public CommandInfo Info { get; } = new("payout", CommandInfo.Staff)
    {
        HelpKey = "help.payout",
        Order = 140,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var parts = arguments.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            ctx.Send(ctx.T("commission.payout.name-partner"), Visibility.Asker);
            return;
        }
        var service = ctx.Services.GetRequiredService<CommissionService>();
        var key = parts[0].ToLowerInvariant();
        var org = await service.Scope(ctx.Actor).AsNoTracking().FirstOrDefaultAsync(o => o.Id == key, ct);
        if (org is null)
        {
            ctx.Send(ctx.T("commission.error.partner-not-found", parts[0]), Visibility.Asker);
            return;
        }
        var period = Period.Parse(parts.Length > 1 ? parts[1] : "", DateOnly.FromDateTime(ctx.Now.UtcDateTime));
        if (period is null)
        {
            ctx.Send(ctx.T("commission.error.period", parts[1]), Visibility.Asker);
            return;
        }
        await ctx.BeginDialogAsync(PayoutDialog.DialogName, $"{org.Id}|{period.Start:yyyy-MM-dd}|{period.End:yyyy-MM-dd}|{period.Label}", ct);
    }
}

public sealed class PayoutDialog : Dialog<PayoutDialog.State>
{
    public const string DialogName = "payout";
    public override string Name => DialogName;

    public sealed class State
    {
        public string OrgId { get; set; } = "";
        public DateOnly Start { get; set; }
        public DateOnly End { get; set; }
        public string Label { get; set; } = "";
    }

    protected override async Task<DialogStatus> OnStartAsync(TurnContext ctx, State state, string arguments, CancellationToken ct)
    {
        var p = arguments.Split('|');
        (state.OrgId, state.Start, state.End, state.Label) = (p[0], DateOnly.Parse(p[1], CultureInfo.InvariantCulture), DateOnly.Parse(p[2], CultureInfo.InvariantCulture), p[3]);
        return await ShowAsync(ctx, state, new(), null, ct) ? DialogStatus.Waiting : DialogStatus.Done;
    }

    protected override async Task<DialogStatus> OnContinueAsync(TurnContext ctx, State state, CancellationToken ct)
    {
        var service = ctx.Services.GetRequiredService<CommissionService>();
        var org = await service.Scope(ctx.Actor).FirstOrDefaultAsync(o => o.Id == state.OrgId, ct);
        if (org is null || ctx.Turn.Action is not { Name: ActionNames.DialogSubmit } action)
        {
            if (org is not null) await ShowAsync(ctx, state, new(), null, ct);
            return org is null ? DialogStatus.Done : DialogStatus.Waiting;
        }
        var v = action.Values.ToDictionary(kv => kv.Key, kv => kv.Value.Trim());
        var errors = new Dictionary<string, string>();
        var amountText = v.GetValueOrDefault("amount", "").Replace(",", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (!decimal.TryParse(amountText, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            errors["amount"] = ctx.T("commission.error.payout-amount");
        var reference = v.GetValueOrDefault("reference", "");
        if (reference.Length is < 2 or > 60 || reference.Any(c => c is '<' or '>' or '@'))
            errors["reference"] = ctx.T("commission.error.payout-reference");
        if (errors.Count == 0)
        {
            var result = await service.PayoutAsync(org, new Period(state.Start, state.End, state.Label), amount, reference, ctx.Now, ct);
            if (result.Ok)
            {
                ctx.Send(ctx.T(result.Key, result.Args), Visibility.Asker);
                return DialogStatus.Done;
            }
            errors["amount"] = ctx.T(result.Key, result.Args);
        }
        await ShowAsync(ctx, state, v, errors, ct);
        return DialogStatus.Waiting;
    }

    private static async Task<bool> ShowAsync(TurnContext ctx, State state, Dictionary<string, string> v, Dictionary<string, string>? errors, CancellationToken ct)
    {
        var org = await ctx.Db.PartnerOrganisations.AsNoTracking().FirstAsync(o => o.Id == state.OrgId, ct);
        var payable = await ctx.Db.CommissionLines.AsNoTracking()
            .Where(l => l.PartnerOrganisationId == state.OrgId && l.State == CommissionState.Payable && l.WonOn >= state.Start && l.WonOn <= state.End)
            .ToListAsync(ct);
        if (payable.Count == 0)
        {
            ctx.Send(ctx.T("commission.error.nothing-payable", org.Name, state.Label), Visibility.Asker);
            return false;
        }
        var total = CommissionService.Money(payable.Sum(l => l.Amount), payable[0].Currency, ctx.Language);
        ctx.Send(new Reply([new FormBlock(ctx.T("commission.payout.title", org.Name, state.Label), [
            new FormField("amount", ctx.T("commission.payout.amount", payable[0].Currency), FieldKind.Number)
            { Required = true, Value = v.GetValueOrDefault("amount"), Error = errors?.GetValueOrDefault("amount"), Min = 0 },
            new FormField("reference", ctx.T("commission.payout.reference"), FieldKind.Text)
            { Required = true, Value = v.GetValueOrDefault("reference"), Error = errors?.GetValueOrDefault("reference"), MaxLength = 60 },
        ], ctx.DialogSubmit())
        {
            Intro = ctx.T("commission.payout.intro", payable.Count, total),
            SubmitLabel = ctx.T("form.save"), Cancel = ctx.DialogCancel(), CancelLabel = ctx.T("form.cancel"),
            Error = errors is { Count: > 0 } ? ctx.T("form.fix-errors") : null,
        }]) { Visibility = Visibility.Asker });
        return true;
    }
}
