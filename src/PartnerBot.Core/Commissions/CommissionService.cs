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
    Notifier notifier,
    Localizer localizer,
    IOptions<ProgramOptions> program)
{
    private ProgramOptions Program => program.Value;

    /// <summary>The partner organisations this person may see money for: their own, the ones they own, or all.</summary>
    public IQueryable<PartnerOrganisation> Scope(Actor actor) => actor.Role switch
    {
        Role.PartnerUser => db.PartnerOrganisations.Where(o => o.Id == actor.PartnerOrganisationId),
        Role.Rep => db.PartnerOrganisations.Where(o => o.OwnerRepId == actor.PersonId),
        _ => db.PartnerOrganisations,
    };

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
        if (contractValue > Program.DealRegistration.MaxAmount) return CommissionOutcome.Fail("commission.error.contract-too-large", Program.DealRegistration.MaxAmount);
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
            deal.CompanyName, deal.Id, Money(line.Amount, line.Currency, lang), Day(line.PayableFrom, lang))), ct);
        // A win changes revenue and closed deals: the tier may change now, not tomorrow.
        await tiers.ReviewAsync(org, extraWon: (source == DealSource.PartnerSourced ? ToProgramCurrency(contractValue, deal.Currency) : 0m, 1), now, ct);
        return new CommissionOutcome(true, "commission.closed-won", deal.CompanyName, Money(line.Amount, line.Currency, rep.Language), Day(line.PayableFrom, rep.Language));
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

    /// <summary>The customer cancelled: within the clawback window the commission is taken back.</summary>
    public async Task<CommissionOutcome> CancelAsync(DealRegistration deal, DateTimeOffset now, CancellationToken ct)
    {
        var line = await db.CommissionLines.FirstOrDefaultAsync(l => l.DealId == deal.Id, ct);
        if (line is null || line.State == CommissionState.ClawedBack) return CommissionOutcome.Fail("commission.error.nothing-to-claw-back", deal.Id);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (today > line.ClawbackUntil) return CommissionOutcome.Fail("commission.error.clawback-window", Day(line.ClawbackUntil, Languages.English));
        line.State = CommissionState.ClawedBack;
        line.ClawedBackOn = today;
        await NotifyPartnerAsync(line.PartnerOrganisationId, $"commission-clawback:{deal.Id}", lang => Reply.Text(localizer.Get(lang,
            "commission.notify.clawback", line.CompanyName, line.DealId, Money(line.Amount, line.Currency, lang))), ct);
        return new CommissionOutcome(true, "commission.clawed-back", line.CompanyName, Money(line.Amount, line.Currency, Languages.English));
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

    /// <summary>Records a payout of every payable line of the period; the amount must be exactly what is payable.</summary>
    public async Task<CommissionOutcome> PayoutAsync(PartnerOrganisation org, Period period, decimal amount, string reference, DateTimeOffset now, CancellationToken ct)
    {
        var payable = await db.CommissionLines
            .Where(l => l.PartnerOrganisationId == org.Id && l.State == CommissionState.Payable && l.WonOn >= period.Start && l.WonOn <= period.End)
            .ToListAsync(ct);
        var currencies = payable.Select(l => l.Currency).Distinct().ToList();
        var total = payable.Sum(l => l.Amount);
        var currency = currencies.FirstOrDefault() ?? Program.Currency;
        if (payable.Count == 0) return CommissionOutcome.Fail("commission.error.nothing-payable", org.Name, period.Label);
        if (currencies.Count > 1) return CommissionOutcome.Fail("commission.error.mixed-currencies");
        if (amount > total) return CommissionOutcome.Fail("commission.error.payout-too-large", Money(amount, currency, Languages.English), Money(total, currency, Languages.English));
        if (amount != total) return CommissionOutcome.Fail("commission.error.payout-partial", Money(total, currency, Languages.English));

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var l in payable)
        {
            l.State = CommissionState.Paid;
            l.PaidOn = today;
            l.PayoutReference = reference;
        }
        await NotifyPartnerAsync(org.Id, $"commission-paid:{org.Id}:{reference}", lang => Reply.Text(localizer.Get(lang, "commission.notify.paid",
            Money(total, currency, lang), period.Label, reference, payable.Count)), ct);
        return new CommissionOutcome(true, "commission.paid", Money(total, currency, Languages.English), org.Name, payable.Count);
    }

    /// <summary>The next payout day on or after <paramref name="from"/>.</summary>
    public DateOnly NextPayoutDay(DateOnly from)
    {
        var day = Program.Commission.PayoutDayOfMonth;
        var candidate = new DateOnly(from.Year, from.Month, day);
        return candidate >= from ? candidate : candidate.AddMonths(1);
    }

    private decimal ToProgramCurrency(decimal amount, string currency) =>
        DealRules.ToProgramCurrency(amount, currency, Program) ?? amount;

    private async Task NotifyPartnerAsync(string orgId, string key, Func<string, Reply> reply, CancellationToken ct)
    {
        var people = await db.People.AsNoTracking().Where(p => p.PartnerOrganisationId == orgId && p.Role == Role.PartnerUser).ToListAsync(ct);
        foreach (var p in people) await notifier.QueueOnceAsync(p.Id, reply(p.Preferences.Language).AsPrivate(), $"{key}:{p.Id}", ct);
    }

    public static string Money(decimal amount, string currency, string language) =>
        amount.ToString("N" + CommissionCalculator.MinorUnits(currency), Localizer.Culture(language)) + " " + currency;

    public static string Day(DateOnly d, string language) => d.ToString("d MMM yyyy", Localizer.Culture(language));
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
