using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;

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
        if (await NamedPartner.ResolveAsync(ctx, arguments, "commission.payout.name-partner", "commission.error.partner-not-found", null, ct) is not (var org, var rest)) return;
        var period = Period.Parse(rest, DateOnly.FromDateTime(ctx.Now.UtcDateTime));
        if (period is null)
        {
            ctx.Send(ctx.T("commission.error.period", rest), Visibility.Asker);
            return;
        }
        await ctx.BeginDialogAsync(PayoutDialog.DialogName, $"{org.Id}|{period.Start:yyyy-MM-dd}|{period.End:yyyy-MM-dd}|{period.Label}", ct);
    }
}

public sealed class PayoutDialog(CommissionService service, IOptions<ProgramOptions> options) : Dialog<PayoutDialog.State>
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
        var org = await service.Scope(ctx.Actor).FirstOrDefaultAsync(o => o.Id == state.OrgId, ct);
        if (org is null || ctx.Turn.Action is not { Name: ActionNames.DialogSubmit } action)
        {
            if (org is not null) await ShowAsync(ctx, state, new(), null, ct);
            return org is null ? DialogStatus.Done : DialogStatus.Waiting;
        }
        var v = action.Values.ToDictionary(kv => kv.Key, kv => kv.Value.Trim());
        var errors = new Dictionary<string, string>();
        var period = new Period(state.Start, state.End, state.Label);
        var currencies = (await service.PayableAsync(org.Id, period, ct)).Select(l => l.Currency).Distinct().ToList();
        // Each currency is paid on its own; with one payable currency the form needs no choice.
        var currency = v.GetValueOrDefault("currency", "").ToUpperInvariant();
        if (currency.Length == 0 && currencies.Count == 1) currency = currencies[0];
        if (currencies.Count > 0 && !currencies.Contains(currency))
            errors["currency"] = ctx.T("commission.error.payout-currency", string.Join(", ", currencies.Order(StringComparer.Ordinal)));
        var amountText = v.GetValueOrDefault("amount", "").Replace(",", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (!decimal.TryParse(amountText, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            errors["amount"] = ctx.T("commission.error.payout-amount");
        var reference = v.GetValueOrDefault("reference", "");
        if (reference.Length is < 2 or > 60 || reference.Any(c => c is '<' or '>' or '@'))
            errors["reference"] = ctx.T("commission.error.payout-reference");
        if (errors.Count == 0)
        {
            var result = await service.PayoutAsync(org, period, currency, amount, reference, ctx.Now, ct);
            if (result.Ok)
            {
                ctx.Send(ctx.T(result.Key, result.Args), Visibility.Asker);
                return DialogStatus.Done;
            }
            errors[result.Key == "commission.error.payout-currency" ? "currency" : "amount"] = ctx.T(result.Key, result.Args);
        }
        return await ShowAsync(ctx, state, v, errors, ct) ? DialogStatus.Waiting : DialogStatus.Done;
    }

    private async Task<bool> ShowAsync(TurnContext ctx, State state, Dictionary<string, string> v, Dictionary<string, string>? errors, CancellationToken ct)
    {
        var org = await ctx.Db.PartnerOrganisations.AsNoTracking().FirstAsync(o => o.Id == state.OrgId, ct);
        var program = options.Value;
        var payable = await service.PayableAsync(state.OrgId, new Period(state.Start, state.End, state.Label), ct);
        if (payable.Count == 0)
        {
            ctx.Send(ctx.T("commission.error.nothing-payable", org.Name, state.Label), Visibility.Asker);
            return false;
        }
        var totals = MoneyTotals.Of(payable, l => l.Amount, l => l.Currency).Items(program.Currency);
        var currencies = totals.Select(t => t.Currency).ToList();
        var format = LocaleFormat.For(ctx.Language);
        ctx.Send(new Reply([new FormBlock(ctx.T("commission.payout.title", org.Name, state.Label), [
            new FormField("currency", ctx.T("commission.payout.currency"), FieldKind.Choice)
            {
                Required = true, Value = v.GetValueOrDefault("currency", currencies[0]), Error = errors?.GetValueOrDefault("currency"),
                Choices = totals.Select(t => new Choice(t.Currency, $"{t.Currency} · {format.Money(t)}")).ToList(),
            },
            new FormField("amount", ctx.T("commission.payout.amount", string.Join("/", currencies)), FieldKind.Number)
            { Required = true, Value = v.GetValueOrDefault("amount"), Error = errors?.GetValueOrDefault("amount"), Min = 0 },
            new FormField("reference", ctx.T("commission.payout.reference"), FieldKind.Text)
            { Required = true, Value = v.GetValueOrDefault("reference"), Error = errors?.GetValueOrDefault("reference"), MaxLength = 60 },
        ], ctx.DialogSubmit())
        {
            Intro = ctx.T("commission.payout.intro", payable.Count, totals),
            SubmitLabel = ctx.T("form.save"), Cancel = ctx.DialogCancel(), CancelLabel = ctx.T("form.cancel"),
            Error = errors is { Count: > 0 } ? ctx.T("form.fix-errors") : null,
        }]) { Visibility = Visibility.Asker });
        return true;
    }
}
