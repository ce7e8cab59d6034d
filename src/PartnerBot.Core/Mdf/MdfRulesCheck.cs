using System.Globalization;
using PartnerBot.PartnerProgram;

namespace PartnerBot.Mdf;

/// <summary>A refusal: a string key and its arguments, so rules are tested without sentences and shown in any language.</summary>
public sealed record Problem(string Key, params object[] Args);

/// <summary>Allocated, requested (waiting for the rep), approved, claimed, reimbursed, and what is left to plan with.</summary>
public sealed record MdfBalance(decimal Allocated, decimal Requested, decimal Approved, decimal Claimed, decimal Reimbursed, decimal Left)
{
    /// <summary>Money is summed here, in memory: SQLite cannot SUM decimals.</summary>
    public static MdfBalance Of(MdfFund fund, IEnumerable<MdfPlan> plans)
    {
        decimal requested = 0, approved = 0, claimed = 0, reimbursed = 0, committed = 0;
        foreach (var p in plans.Where(p => p.FundId == fund.Id))
        {
            switch (p.Status)
            {
                case MdfPlanStatus.Submitted:
                    requested += p.RequestedAmount;
                    break;
                case MdfPlanStatus.Approved or MdfPlanStatus.Claimed:
                    approved += p.ApprovedAmount ?? 0;
                    committed += p.ApprovedAmount ?? 0;
                    claimed += p.ClaimedAmount ?? 0;
                    break;
                case MdfPlanStatus.Reimbursed:
                    approved += p.ApprovedAmount ?? 0;
                    claimed += p.ClaimedAmount ?? 0;
                    reimbursed += p.ReimbursedAmount ?? 0;
                    // What the rep did not reimburse goes back to the fund.
                    committed += p.ReimbursedAmount ?? 0;
                    break;
            }
        }
        return new(fund.Allocated, requested, approved, claimed, reimbursed, fund.Allocated - requested - committed);
    }
}

public sealed record PlanInput(string ActivityType, string Title, string StartDate, string EndDate, string RequestedAmount,
    string ExpectedLeads, string ExpectedPipeline, string Description);

public sealed record ParsedPlan(string ActivityType, string Title, DateOnly StartDate, DateOnly EndDate, decimal RequestedAmount,
    int ExpectedLeads, decimal ExpectedPipeline, string Description);

public sealed record ClaimInput(string ActualCost, string LeadsGenerated, string ProofLinks);

public sealed record ParsedClaim(decimal ActualCost, int LeadsGenerated, IReadOnlyList<string> ProofLinks);

/// <summary>The MDF rules, as pure functions of the program's settings, today's date and the stored rows.</summary>
public static class MdfRulesCheck
{
    public const int MaxTitle = 200;
    public const int MaxDescription = 2000;
    public const int MaxProofLinks = 20;

    /// <summary>The period that contains <paramref name="day"/>: periods split the calendar year into equal parts. End is exclusive.</summary>
    public static (DateOnly Start, DateOnly End) PeriodOf(DateOnly day, int periodMonths)
    {
        var index = (day.Month - 1) / periodMonths;
        var start = new DateOnly(day.Year, index * periodMonths + 1, 1);
        return (start, start.AddMonths(periodMonths));
    }

    /// <summary>Days left to use a fund, counting today.</summary>
    public static int DaysLeft(MdfFund fund, DateOnly today) => Math.Max(0, fund.PeriodEnd.DayNumber - Math.Max(today.DayNumber, fund.PeriodStart.DayNumber));

    /// <summary>The tier's percentage of the previous period's partner-sourced revenue, to the cent.</summary>
    public static decimal FundAmount(ProgramOptions program, string tier, decimal previousPeriodRevenue)
    {
        var percent = program.FindTier(tier)?.MdfPercent ?? 0;
        return Math.Round(previousPeriodRevenue * percent / 100m, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>True when a fund starting on <paramref name="today"/> would have fewer than Program:Mdf:MinDaysToUse days: it rolls into the next period.</summary>
    public static bool RollsIntoNext(MdfRules rules, DateOnly today, DateOnly periodEnd) => periodEnd.DayNumber - today.DayNumber < rules.MinDaysToUse;

    public static Dictionary<string, Problem> ValidatePlan(PlanInput input, MdfRules rules, DateOnly today, MdfFund fund, MdfBalance balance,
        string currency, out ParsedPlan? plan)
    {
        var errors = new Dictionary<string, Problem>();
        plan = null;
        var type = input.ActivityType.Trim();
        if (!rules.ActivityTypes.Contains(type, StringComparer.Ordinal))
            errors["activityType"] = new("mdf.error.type", string.Join(", ", rules.ActivityTypes.Distinct()));
        var title = input.Title.Trim();
        if (title.Length == 0) errors["title"] = new("mdf.error.title");
        else if (title.Length > MaxTitle) errors["title"] = new("mdf.error.too-long", MaxTitle);

        var hasStart = TryDate(input.StartDate, out var start);
        var hasEnd = TryDate(input.EndDate, out var end);
        if (!hasStart) errors["startDate"] = new("mdf.error.date");
        else if (start < today) errors["startDate"] = new("mdf.error.past", start);
        else if (start.DayNumber - today.DayNumber < rules.MinLeadTimeDays)
            errors["startDate"] = new("mdf.error.lead-time", rules.MinLeadTimeDays, today.AddDays(rules.MinLeadTimeDays));
        else if (start >= fund.PeriodEnd) errors["startDate"] = new("mdf.error.after-period", fund.PeriodEnd.AddDays(-1));
        if (!hasEnd) errors["endDate"] = new("mdf.error.date");
        else if (hasStart && end < start) errors["endDate"] = new("mdf.error.reversed", start);

        if (!TryMoney(input.RequestedAmount, out var amount) || amount <= 0) errors["requestedAmount"] = new("mdf.error.amount");
        else if (amount > balance.Left) errors["requestedAmount"] = new("mdf.error.over-balance", new Money(balance.Left, currency));

        if (!int.TryParse(Blank(input.ExpectedLeads), NumberStyles.Integer, CultureInfo.InvariantCulture, out var leads) || leads < 0)
            errors["expectedLeads"] = new("mdf.error.whole-number");
        if (!TryMoney(Blank(input.ExpectedPipeline), out var pipeline) || pipeline < 0) errors["expectedPipeline"] = new("mdf.error.money");
        var description = input.Description.Trim();
        if (description.Length > MaxDescription) errors["description"] = new("mdf.error.too-long", MaxDescription);

        if (errors.Count == 0) plan = new ParsedPlan(type, title, start, end, amount, leads, pipeline, description);
        return errors;
    }

    /// <summary>Whether a claim may be made for this plan today: approved, activity over, window open.</summary>
    public static Problem? CheckClaimable(MdfPlan plan, MdfRules rules, DateOnly today)
    {
        if (plan.Status is MdfPlanStatus.Claimed or MdfPlanStatus.Reimbursed) return new("mdf.claim.already", plan.Title);
        if (plan.Status != MdfPlanStatus.Approved) return new("mdf.claim.not-approved", plan.Title);
        if (today < plan.EndDate) return new("mdf.claim.too-early", plan.Title, plan.EndDate);
        var closes = ClaimDeadline(plan, rules);
        if (today > closes) return new("mdf.claim.window-closed", plan.Title, closes, rules.ClaimWindowDays);
        return null;
    }

    /// <summary>The last day a claim is accepted: Program:Mdf:ClaimWindowDays after the activity ends.</summary>
    public static DateOnly ClaimDeadline(MdfPlan plan, MdfRules rules) => plan.EndDate.AddDays(rules.ClaimWindowDays);

    public static Dictionary<string, Problem> ValidateClaim(ClaimInput input, MdfPlan plan, string currency, out ParsedClaim? claim)
    {
        var errors = new Dictionary<string, Problem>();
        claim = null;
        var approved = plan.ApprovedAmount ?? 0;
        if (!TryMoney(input.ActualCost, out var cost) || cost <= 0) errors["actualCost"] = new("mdf.error.amount");
        else if (cost > approved) errors["actualCost"] = new("mdf.claim.above-approved", new Money(approved, currency));
        if (!int.TryParse(Blank(input.LeadsGenerated), NumberStyles.Integer, CultureInfo.InvariantCulture, out var leads) || leads < 0)
            errors["leadsGenerated"] = new("mdf.error.whole-number");
        var links = input.ProofLinks.Split(['\n', '\r', ' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var bad = links.FirstOrDefault(l => !IsHttpLink(l));
        if (links.Length == 0) errors["proofLinks"] = new("mdf.claim.proof-needed");
        else if (bad is not null) errors["proofLinks"] = new("mdf.claim.proof-not-http", bad.Length > 80 ? bad[..80] + "…" : bad);
        else if (links.Length > MaxProofLinks) errors["proofLinks"] = new("mdf.claim.proof-too-many", MaxProofLinks);
        if (errors.Count == 0) claim = new ParsedClaim(cost, leads, links);
        return errors;
    }

    /// <summary>The rep's reimbursement: more than zero, at most the approved amount and at most what was claimed.</summary>
    public static Problem? CheckReimbursement(MdfPlan plan, decimal amount, string currency)
    {
        if (plan.Status == MdfPlanStatus.Reimbursed) return new("mdf.reimburse.already", plan.Title);
        if (plan.Status != MdfPlanStatus.Claimed) return new("mdf.reimburse.no-claim", plan.Title);
        if (amount <= 0) return new("mdf.error.amount");
        if (amount > (plan.ApprovedAmount ?? 0)) return new("mdf.reimburse.above-approved", new Money(plan.ApprovedAmount ?? 0, currency));
        if (amount > (plan.ClaimedAmount ?? 0)) return new("mdf.reimburse.above-claimed", new Money(plan.ClaimedAmount ?? 0, currency));
        return null;
    }

    public static bool IsHttpLink(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) && u.Host.Length > 0;

    public static bool TryMoney(string? s, out decimal value) =>
        decimal.TryParse((s ?? "").Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out value) && value == Math.Round(value, 2) && value < 1_000_000_000m;

    public static bool TryDate(string? s, out DateOnly value) => Localization.LocaleFormat.TryParseIsoDate(s, out value);

    public static string Iso(DateOnly d) => Localization.LocaleFormat.IsoDate(d);

    private static string Blank(string s) => string.IsNullOrWhiteSpace(s) ? "0" : s;
}
