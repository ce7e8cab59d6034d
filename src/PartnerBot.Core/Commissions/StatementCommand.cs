using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.People;

namespace PartnerBot.Commissions;

/// <summary>
/// "commission [period]": the organisation's statement (totals by state, each deal's line, the next payout).
/// "commission DR-…": one line explained step by step. Staff name the partner: "commission acme [period]".
/// Always private; a deal or partner outside the asker's scope is simply not found.
/// </summary>
public sealed class StatementCommand(IOptions<ProgramOptions> program, CommissionService service) : ICommand
{
    public CommandInfo Info { get; } = new("commission", CommandInfo.Everyone)
    {
        HelpKey = "help.commission",
        Order = 40,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var args = arguments.Trim();
        if (args.StartsWith("DR-", StringComparison.OrdinalIgnoreCase))
        {
            await ExplainAsync(ctx, service, args, ct);
            return;
        }

        if (await NamedPartner.ResolveAsync(ctx, args, "commission.staff-name-partner", "commission.error.partner-not-found", null, ct) is not (var org, var rest)) return;
        args = rest;

        var today = DateOnly.FromDateTime(ctx.Now.UtcDateTime);
        var period = Period.Parse(args, today);
        if (period is null)
        {
            ctx.Send(ctx.T("commission.error.period", args), Visibility.Asker);
            return;
        }
        var lines = await service.LinesAsync(org.Id, period, ct);
        var lang = ctx.Language;
        var blocks = new List<Block> { new TextBlock(ctx.T("commission.statement.title", org.Name, period.Label), TextStyle.Heading) };
        if (lines.Count == 0)
        {
            // A period with no deals is a clear zero, not an error.
            blocks.Add(new TextBlock(ctx.T("commission.statement.none", period.Label)));
            ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker });
            return;
        }
        // Money is totalled per currency and never added across currencies (a converted figure says it is one).
        var format = LocaleFormat.For(lang);
        var currencies = MoneyTotals.Of(lines, l => l.Amount, l => l.Currency).Items(program.Value.Currency).Select(m => m.Currency).ToList();
        string Totals(IEnumerable<CommissionLine> of)
        {
            var totals = MoneyTotals.Of(of, l => l.Amount, l => l.Currency);
            return format.Money(currencies.Select(c => new Money(totals[c], c)));
        }
        var totals = Enum.GetValues<CommissionState>()
            .Select(s => new Fact(ctx.T($"commission.state.{s}"), Totals(lines.Where(l => l.State == s))))
            .ToList();
        blocks.Add(new FactsBlock(totals) { Title = ctx.T("commission.statement.totals") });
        if (currencies.Count > 1 && MoneyTotals.Of(lines.Where(l => l.State != CommissionState.ClawedBack), l => l.Amount, l => l.Currency)
                .Converted(program.Value) is { } converted)
        {
            var rates = string.Join(", ", currencies.Where(c => c != program.Value.Currency)
                .Select(c => format.Rate(c, program.Value.DealRegistration.CurrencyRates[c], program.Value.Currency)));
            blocks.Add(new TextBlock(ctx.T("commission.statement.converted", converted.Currency, rates, converted), TextStyle.Note));
        }
        var deals = lines.Where(l => l.Kind == CommissionLineKind.Commission).ToList();
        if (deals.Count > 0)
            blocks.Add(new FactsBlock(deals.Select(l => new Fact($"{l.DealId} · {l.CompanyName}",
                $"{format.Money(l.Amount, l.Currency)} · {ctx.T($"commission.state.{l.State}")} · {When(ctx, l)}")).ToList())
            { Title = ctx.T("commission.statement.lines") });
        var incentives = lines.Where(l => l.Kind != CommissionLineKind.Commission).ToList();
        if (incentives.Count > 0)
        {
            // Each incentive with why it is this number: the rule, the event, the figures.
            var ids = incentives.Select(l => l.PersonId).OfType<string>().Distinct().ToList();
            var names = await ctx.Db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
            blocks.Add(new FactsBlock(incentives.Select(l => new Fact(IncentiveTitle(ctx, l, names),
                $"{ExplainIncentive(ctx, l)} · {ctx.T($"commission.state.{l.State}")} · {When(ctx, l)}")).ToList())
            { Title = ctx.T("commission.statement.incentives") });
        }

        var nextLines = lines.Where(l => l.State is CommissionState.Pending or CommissionState.Payable).ToList();
        if (nextLines.Count > 0)
        {
            var payableNow = nextLines.Where(l => l.State == CommissionState.Payable).ToList();
            var next = payableNow.Count > 0 ? service.NextPayoutDay(today) : service.NextPayoutDay(nextLines.Min(l => l.PayableFrom));
            var paidNext = payableNow.Count > 0 ? payableNow : nextLines.Where(l => service.NextPayoutDay(l.PayableFrom) == next);
            blocks.Add(new TextBlock(ctx.T("commission.statement.next-payout", next,
                format.Money(MoneyTotals.Of(paidNext, l => l.Amount, l => l.Currency).Items(program.Value.Currency)))));
        }
        blocks.Add(new TextBlock(ctx.T("commission.statement.explain-hint"), TextStyle.Note));
        ctx.Send(new Reply(blocks) { Visibility = Visibility.Asker, Summary = ctx.T("commission.statement.title", org.Name, period.Label) });
    }

    /// <summary>Dates are passed as values: the localizer writes them in the reader's locale.</summary>
    private static string When(TurnContext ctx, CommissionLine l) => l.State switch
    {
        CommissionState.Pending => ctx.T("commission.when.payable-from", l.PayableFrom),
        CommissionState.Paid => ctx.T("commission.when.paid", l.PaidOn!.Value, l.PayoutReference),
        CommissionState.ClawedBack => ctx.T("commission.when.clawed-back", l.ClawedBackOn!.Value),
        _ => ctx.T("commission.when.won", l.WonOn),
    };

    private static async Task ExplainAsync(TurnContext ctx, CommissionService service, string dealId, CancellationToken ct)
    {
        var id = dealId.ToUpperInvariant();
        var orgs = service.Scope(ctx.Actor).Select(o => o.Id);
        var line = await ctx.Db.CommissionLines.AsNoTracking().FirstOrDefaultAsync(l => l.Kind == CommissionLineKind.Commission && l.DealId == id && orgs.Contains(l.PartnerOrganisationId), ct);
        if (line is null)
        {
            ctx.Send(ctx.T("commission.error.line-not-found", dealId), Visibility.Asker);
            return;
        }
        ctx.Send(new Reply([
            new TextBlock(ctx.T("commission.explain.title", line.CompanyName, line.DealId), TextStyle.Heading),
            new TextBlock(Explain(ctx, line)),
            new FactsBlock([
                new Fact(ctx.T("commission.explain.state"), ctx.T($"commission.state.{line.State}")),
                new Fact(ctx.T("commission.explain.won-on"), LocaleFormat.For(ctx.Language).Date(line.WonOn)),
                new Fact(ctx.T("commission.explain.clawback-until"), LocaleFormat.For(ctx.Language).Date(line.ClawbackUntil)),
            ]),
            new TextBlock(ctx.T("commission.explain.rounding"), TextStyle.Note),
        ]) { Visibility = Visibility.Asker });
    }

    /// <summary>What an incentive line is for: the rule and the event (the deal, the course, the quarter) and whom it names.</summary>
    private static string IncentiveTitle(TurnContext ctx, CommissionLine l, Dictionary<string, string> names)
    {
        var person = l.PersonId is { } id && names.TryGetValue(id, out var name) ? name : ctx.T("commission.incentive.someone");
        return l.Kind switch
        {
            CommissionLineKind.Spif => ctx.T("commission.incentive.Spif", l.IncentiveName, l.DealId, l.CompanyName, person),
            CommissionLineKind.Registration => ctx.T("commission.incentive.Registration", l.DealId, l.CompanyName, person),
            CommissionLineKind.Certification => ctx.T("commission.incentive.Certification", l.IncentiveName, person),
            CommissionLineKind.Points => ctx.T("commission.incentive.Points", l.IncentiveName, person),
            _ => ctx.T("commission.incentive.Rebate", l.IncentiveName),
        };
    }

    /// <summary>
    /// "a win of 12,000.00 USD on 23 Nov 2026, at least 10,000.00 USD → 500.00 USD"; points: "done on 23 Nov 2026 → 10 points ×
    /// 2.00 USD a point = 20.00 USD"; a rebate: "partner-sourced revenue
    /// 260,000.00 USD reached 250,000.00 USD → 260,000.00 USD × 2% = 5,200.00 USD, less 1,000.00 USD already credited = 4,200.00 USD".
    /// </summary>
    public static string ExplainIncentive(TurnContext ctx, CommissionLine l)
    {
        Money M(decimal x) => new(x, l.Currency);
        return l.Kind switch
        {
            CommissionLineKind.Spif => ctx.T("commission.explain.spif", M(l.Base), l.WonOn, M(l.Threshold ?? 0m), M(l.Amount)),
            CommissionLineKind.Registration => ctx.T("commission.explain.registration", l.WonOn, M(l.Amount)),
            CommissionLineKind.Certification => ctx.T("commission.explain.certification", l.WonOn, M(l.Amount)),
            CommissionLineKind.Points => ctx.T("commission.explain.points", l.WonOn, LocaleFormat.For(ctx.Language).Number(l.Points ?? 0), M(l.Base), M(l.Amount)),
            _ when l.Credited is > 0m => ctx.T("commission.explain.rebate-top-up", M(l.Base), M(l.Threshold ?? 0m),
                LocaleFormat.For(ctx.Language).Percent(l.RatePercent), M(l.Amount + l.Credited.Value), M(l.Credited.Value), M(l.Amount)),
            _ => ctx.T("commission.explain.rebate", M(l.Base), M(l.Threshold ?? 0m), LocaleFormat.For(ctx.Language).Percent(l.RatePercent), M(l.Amount)),
        };
    }

    /// <summary>"contract 48,000 USD × Gold reseller rate 25% × partner-sourced share 70% = 8,400 USD, payable from 15 Feb 2027".</summary>
    public static string Explain(TurnContext ctx, CommissionLine l)
    {
        var lang = ctx.Language;
        string M(decimal x) => LocaleFormat.For(lang).Money(x, l.Currency);
        string P(decimal x) => LocaleFormat.For(lang).Percent(x);
        var basis = l.Months is { } months && l.MonthlyRecurringRevenue is { } mrr
            ? ctx.T("commission.explain.mrr", M(mrr), months, M(l.Base))
            : ctx.T("commission.explain.contract", M(l.Base));
        var type = ctx.T($"commission.type.{l.PartnerType}");
        var rate = l.BonusPercent > 0
            ? ctx.T("commission.explain.rate-bonus", l.Tier, type, P(l.RatePercent), P(l.BonusPercent), l.BonusName)
            : ctx.T("commission.explain.rate", l.Tier, type, P(l.RatePercent));
        var share = ctx.T($"commission.explain.share.{l.Source}", P(l.SharePercent));
        var tail = l.State == CommissionState.Pending || l.State == CommissionState.Payable
            ? ctx.T("commission.explain.payable-from", l.PayableFrom) : "";
        return $"{basis} × {rate} × {share} = {M(l.Amount)}{tail}";
    }
}
