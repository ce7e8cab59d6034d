using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;
using PartnerBot.Tiers;

namespace PartnerBot.Commissions;

/// <summary>What happened when a rep tried to close, pay or cancel: a message key and its arguments, or success.</summary>
public sealed record CommissionOutcome(bool Ok, string Key, params object?[] Args)
{
    public static CommissionOutcome Fail(string key, params object?[] args) => new(false, key, args);
}

/// <summary>
/// Closing deals and paying commission. Every change goes through the turn's (or job's) DbContext and is saved with it;
/// partner users hear about their money privately, through the outbox.
/// </summary>
public sealed class CommissionService(
    PartnerBotDb db,
    CommissionCalculator calculator,
    TierService tiers,
    PartnerSourcedRevenue revenues,
    Notifier notifier,
    Localizer localizer,
    IOptions<ProgramOptions> program)
{
    private ProgramOptions Program => program.Value;

    /// <summary>The partner organisations this person may see money for: their own, the ones they own, or all.</summary>
    public IQueryable<PartnerOrganisation> Scope(Actor actor) => db.PartnerOrganisations.VisibleTo(actor);

    /// <summary>A deal the actor may close (vendor staff, owning rep or manager), or null: never a hint that it exists.</summary>
    public async Task<DealRegistration?> FindDealAsync(Actor actor, string dealId, CancellationToken ct)
    {
        var id = dealId.Trim().ToUpperInvariant();
        var orgs = Scope(actor).Select(o => o.Id);
        return await db.DealRegistrations.Include(d => d.PartnerOrganisation)
            .FirstOrDefaultAsync(d => d.Id == id && orgs.Contains(d.PartnerOrganisationId), ct);
    }

    public async Task<CommissionOutcome> CloseWonAsync(Actor rep, DealRegistration deal, decimal contractValue, decimal? mrr,
        DealSource source, DateTimeOffset now, CancellationToken ct)
    {
        if (deal.Status is DealStatus.ClosedWon or DealStatus.ClosedLost) return CommissionOutcome.Fail("commission.error.already-closed", deal.Id);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (deal.Status != DealStatus.Approved || deal.ProtectedUntil < today)
            return CommissionOutcome.Fail("commission.error.not-protected", deal.Id);
        if (contractValue <= 0) return CommissionOutcome.Fail("commission.error.contract-value");
        if (contractValue > Program.DealRegistration.MaxAmount) return CommissionOutcome.Fail("commission.error.contract-too-large", new Money(Program.DealRegistration.MaxAmount, Program.Currency));
        if (mrr is < 0) return CommissionOutcome.Fail("commission.error.mrr");

        var org = deal.PartnerOrganisation!;
        var result = calculator.Calculate(new CommissionInput(org.Type, org.Tier, source, contractValue, mrr, deal.Currency, today));
        deal.Status = DealStatus.ClosedWon;
        deal.ClosedAt = now;
        deal.ContractValue = contractValue;
        deal.MonthlyRecurringRevenue = mrr;
        deal.Source = source;
        deal.UpdatedAt = now;
        var line = CommissionLine.From(deal.Id, org.Id, deal.CompanyName, today, contractValue, result);
        db.CommissionLines.Add(line);

        await NotifyPartnerAsync(org.Id, $"commission-won:{deal.Id}", lang => Reply.Text(localizer.Get(lang, "commission.notify.won",
            deal.CompanyName, deal.Id, new Money(line.Amount, line.Currency), line.PayableFrom)), ct);
        // A win changes revenue and closed deals: the tier may change now, not tomorrow.
        await tiers.ReviewAsync(org, extraWon: (revenues.Of(deal), 1), now, ct);
        return new CommissionOutcome(true, "commission.closed-won", deal.CompanyName, new Money(line.Amount, line.Currency), line.PayableFrom);
    }

    public Task<CommissionOutcome> CloseLostAsync(DealRegistration deal, DateTimeOffset now)
    {
        if (deal.Status is DealStatus.ClosedWon or DealStatus.ClosedLost)
            return Task.FromResult(CommissionOutcome.Fail("commission.error.already-closed", deal.Id));
        deal.Status = DealStatus.ClosedLost;
        deal.ClosedAt = now;
        deal.UpdatedAt = now;
        return Task.FromResult(new CommissionOutcome(true, "commission.closed-lost", deal.CompanyName));
    }

    /// <summary>
    /// The customer cancelled: within the clawback window the commission is taken back, and with it the incentives the
    /// deal earned (its SPIF and its registration incentive), the same way: each line keeps its amount and event and
    /// becomes clawed back, so no total goes negative and the commission job, finding the event's line, never pays it again.
    /// </summary>
    public async Task<CommissionOutcome> CancelAsync(DealRegistration deal, DateTimeOffset now, CancellationToken ct)
    {
        var lines = await db.CommissionLines.Where(l => l.DealId == deal.Id).ToListAsync(ct);
        var line = lines.FirstOrDefault(l => l.Kind == CommissionLineKind.Commission);
        if (line is null || line.State == CommissionState.ClawedBack) return CommissionOutcome.Fail("commission.error.nothing-to-claw-back", deal.Id);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (today > line.ClawbackUntil) return CommissionOutcome.Fail("commission.error.clawback-window", line.ClawbackUntil);
        var incentives = lines.Where(l => l.Kind is CommissionLineKind.Spif or CommissionLineKind.Registration && l.State != CommissionState.ClawedBack).ToList();
        foreach (var l in incentives.Prepend(line))
        {
            l.State = CommissionState.ClawedBack;
            l.ClawedBackOn = today;
        }
        var money = new Money(line.Amount, line.Currency);
        if (incentives.Count == 0)
        {
            await NotifyPartnerAsync(line.PartnerOrganisationId, $"commission-clawback:{deal.Id}", lang => Reply.Text(localizer.Get(lang,
                "commission.notify.clawback", line.CompanyName, line.DealId, money)), ct);
            return new CommissionOutcome(true, "commission.clawed-back", line.CompanyName, money);
        }
        var taken = MoneyTotals.Of(incentives, l => l.Amount, l => l.Currency).Items(Program.Currency);
        await NotifyPartnerAsync(line.PartnerOrganisationId, $"commission-clawback:{deal.Id}", lang => Reply.Text(localizer.Get(lang,
            "commission.notify.clawback-incentives", line.CompanyName, line.DealId, money, taken)), ct);
        return new CommissionOutcome(true, "commission.clawed-back-incentives", line.CompanyName, money, taken);
    }

    /// <summary>Pending lines whose hold has passed become payable. Returns how many changed.</summary>
    public async Task<int> AdvanceAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var due = await db.CommissionLines.Where(l => l.State == CommissionState.Pending && l.PayableFrom <= today).ToListAsync(ct);
        foreach (var l in due) l.State = CommissionState.Payable;
        return due.Count;
    }

    public async Task<List<CommissionLine>> LinesAsync(string orgId, Period period, CancellationToken ct) =>
        await db.CommissionLines.AsNoTracking()
            .Where(l => l.PartnerOrganisationId == orgId && l.WonOn >= period.Start && l.WonOn <= period.End)
            .OrderBy(l => l.WonOn).ThenBy(l => l.Id).ToListAsync(ct);

    /// <summary>The period's payable lines, in every currency.</summary>
    public async Task<List<CommissionLine>> PayableAsync(string orgId, Period period, CancellationToken ct) =>
        await db.CommissionLines
            .Where(l => l.PartnerOrganisationId == orgId && l.State == CommissionState.Payable && l.WonOn >= period.Start && l.WonOn <= period.End)
            .OrderBy(l => l.WonOn).ThenBy(l => l.Id).ToListAsync(ct);

    /// <summary>
    /// Records a payout, in one currency, of every payable line of the period in that currency; the amount must be
    /// exactly what is payable in it. Lines in other currencies stay payable: each currency is paid on its own.
    /// </summary>
    public async Task<CommissionOutcome> PayoutAsync(PartnerOrganisation org, Period period, string currency, decimal amount, string reference,
        DateTimeOffset now, CancellationToken ct)
    {
        var all = await PayableAsync(org.Id, period, ct);
        if (all.Count == 0) return CommissionOutcome.Fail("commission.error.nothing-payable", org.Name, period.Label);
        var code = currency.Trim().ToUpperInvariant();
        var payable = all.Where(l => l.Currency == code).ToList();
        if (payable.Count == 0)
            return CommissionOutcome.Fail("commission.error.payout-currency", string.Join(", ", all.Select(l => l.Currency).Distinct().Order(StringComparer.Ordinal)));
        var total = payable.Sum(l => l.Amount);
        if (amount > total) return CommissionOutcome.Fail("commission.error.payout-too-large", new Money(amount, code), new Money(total, code));
        if (amount != total) return CommissionOutcome.Fail("commission.error.payout-partial", new Money(total, code));

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var l in payable)
        {
            l.State = CommissionState.Paid;
            l.PaidOn = today;
            l.PayoutReference = reference;
        }
        // Deals are counted as deals; incentive lines (SPIFs, rebates, …) are named as incentives, never as deals.
        var deals = payable.Count(l => l.Kind == CommissionLineKind.Commission);
        var incentives = payable.Count - deals;
        var withIncentives = incentives > 0 ? "-incentives" : "";
        await NotifyPartnerAsync(org.Id, $"commission-paid:{org.Id}:{code}:{reference}", lang => Reply.Text(localizer.Get(lang, "commission.notify.paid" + withIncentives,
            new Money(total, code), period.Label, reference, deals, incentives)), ct);
        var left = MoneyTotals.Of(all.Except(payable), l => l.Amount, l => l.Currency);
        return left.IsEmpty
            ? new CommissionOutcome(true, "commission.paid" + withIncentives, new Money(total, code), org.Name, deals, null, incentives)
            : new CommissionOutcome(true, "commission.paid-still-payable" + withIncentives, new Money(total, code), org.Name, deals,
                left.Items(Program.Currency), incentives);
    }

    /// <summary>The next payout day on or after <paramref name="from"/>.</summary>
    public DateOnly NextPayoutDay(DateOnly from)
    {
        var day = Program.Commission.PayoutDayOfMonth;
        var candidate = new DateOnly(from.Year, from.Month, day);
        return candidate >= from ? candidate : candidate.AddMonths(1);
    }

    private async Task NotifyPartnerAsync(string orgId, string key, Func<string, Reply> reply, CancellationToken ct)
    {
        var people = await db.People.AsNoTracking().Where(p => p.PartnerOrganisationId == orgId && p.Role == Role.PartnerUser).ToListAsync(ct);
        foreach (var p in people) await notifier.QueueOnceAsync(p.Id, reply(p.Preferences.Language).AsPrivate(), $"{key}:{p.Id}", ct);
    }
}

/// <summary>A statement period: a quarter (the default), or a year.</summary>
public sealed record Period(DateOnly Start, DateOnly End, string Label)
{
    public static Period Quarter(DateOnly day)
    {
        var q = (day.Month - 1) / 3;
        var start = new DateOnly(day.Year, q * 3 + 1, 1);
        return new Period(start, start.AddMonths(3).AddDays(-1), $"Q{q + 1} {day.Year}");
    }

    /// <summary>"", "this quarter", "last quarter", "2026-Q4", "Q4 2026", "2026"; null when it is none of those.</summary>
    public static Period? Parse(string text, DateOnly today)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t is "" or "this quarter") return Quarter(today);
        if (t == "last quarter") return Quarter(Quarter(today).Start.AddDays(-1));
        var m = System.Text.RegularExpressions.Regex.Match(t, @"^(?:(\d{4})\s*-?\s*q([1-4])|q([1-4])\s*-?\s*(\d{4}))$");
        if (m.Success)
        {
            var year = int.Parse(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[4].Value, CultureInfo.InvariantCulture);
            var q = int.Parse(m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value, CultureInfo.InvariantCulture);
            return year is < 2000 or > 2100 ? null : Quarter(new DateOnly(year, (q - 1) * 3 + 1, 1));
        }
        if (System.Text.RegularExpressions.Regex.IsMatch(t, @"^\d{4}$"))
        {
            var year = int.Parse(t, CultureInfo.InvariantCulture);
            return year is < 2000 or > 2100 ? null : new Period(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), t);
        }
        return null;
    }
}
