using Microsoft.Extensions.Options;

namespace PartnerBot.PartnerProgram;

/// <summary>
/// Refuses a program that cannot be applied. Each failure names the setting to fix, so the host stops at start
/// with a message an administrator can act on.
/// </summary>
public sealed class ProgramOptionsValidator : IValidateOptions<ProgramOptions>
{
    public ValidateOptionsResult Validate(string? name, ProgramOptions o)
    {
        var errors = new List<string>();
        const string p = ProgramOptions.Section;

        if (string.IsNullOrWhiteSpace(o.Name)) errors.Add($"{p}:Name is empty: give the program a name.");
        if (o.Currency.Length != 3 || !o.Currency.All(char.IsAsciiLetterUpper))
            errors.Add($"{p}:Currency '{o.Currency}' is not a three-letter ISO 4217 code such as USD.");

        if (o.PartnerTypes.Count == 0) errors.Add($"{p}:PartnerTypes is empty: configure at least one partner type.");
        foreach (var (type, rules) in o.PartnerTypes)
        {
            var key = $"{p}:PartnerTypes:{type}";
            CheckPercent(errors, $"{key}:MinCommissionPercent", rules.MinCommissionPercent);
            CheckPercent(errors, $"{key}:MaxCommissionPercent", rules.MaxCommissionPercent);
            if (rules.MinCommissionPercent > rules.MaxCommissionPercent)
                errors.Add($"{key}:MinCommissionPercent ({rules.MinCommissionPercent}) is above MaxCommissionPercent ({rules.MaxCommissionPercent}).");
            if (rules.Basis == CommissionBasis.MonthlyRecurringRevenue && rules.RevenueShareMonths <= 0)
                errors.Add($"{key}:RevenueShareMonths must be at least 1 for a revenue-share type.");
        }

        if (o.Tiers.Count == 0) errors.Add($"{p}:Tiers is empty: configure at least one tier.");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < o.Tiers.Count; i++)
        {
            var t = o.Tiers[i];
            var key = $"{p}:Tiers:{i}";
            if (string.IsNullOrWhiteSpace(t.Name)) errors.Add($"{key}:Name is empty.");
            else if (!names.Add(t.Name)) errors.Add($"{key}:Name '{t.Name}' is used by two tiers.");
            if (t.MinAnnualRevenue < 0) errors.Add($"{key}:MinAnnualRevenue must not be negative.");
            CheckPercent(errors, $"{key}:MdfPercent", t.MdfPercent);
            if (t.RegistrationWindowDays < 0) errors.Add($"{key}:RegistrationWindowDays must not be negative (0 uses {p}:DealRegistration:WindowDays).");
            foreach (var (type, rate) in t.CommissionPercent)
            {
                CheckPercent(errors, $"{key}:CommissionPercent:{type}", rate);
                if (o.PartnerTypes.TryGetValue(type, out var range) &&
                    (rate < range.MinCommissionPercent || rate > range.MaxCommissionPercent))
                    errors.Add($"{key}:CommissionPercent:{type} is {rate}%, outside {p}:PartnerTypes:{type}'s range {range.MinCommissionPercent}–{range.MaxCommissionPercent}%.");
            }
            foreach (var type in o.PartnerTypes.Keys.Where(k => !t.CommissionPercent.ContainsKey(k)))
                errors.Add($"{key}:CommissionPercent:{type} is missing: every tier needs a rate for every partner type.");

            if (i == 0) continue;
            var prev = o.Tiers[i - 1];
            if (t.MinAnnualRevenue <= prev.MinAnnualRevenue)
                errors.Add($"{key}:MinAnnualRevenue ({t.MinAnnualRevenue}) must be above {p}:Tiers:{i - 1}:MinAnnualRevenue ({prev.MinAnnualRevenue}): tiers go from lowest to highest.");
            foreach (var (type, rate) in t.CommissionPercent)
                if (prev.CommissionPercent.TryGetValue(type, out var prevRate) && rate < prevRate)
                    errors.Add($"{key}:CommissionPercent:{type} ({rate}%) is below the lower tier's {prevRate}%: a higher tier must not pay less.");
        }

        var d = o.DealRegistration;
        var dk = $"{p}:DealRegistration";
        if (d.WindowDays <= 0) errors.Add($"{dk}:WindowDays must be at least 1 day (DOMAIN: typically 30–90).");
        if (d.ExtensionDays <= 0) errors.Add($"{dk}:ExtensionDays must be at least 1 day.");
        if (d.MaxExtensions < 0) errors.Add($"{dk}:MaxExtensions must not be negative.");
        if (d.ReviewAmountThreshold <= 0) errors.Add($"{dk}:ReviewAmountThreshold must be above 0.");
        if (d.MaxAmount <= d.ReviewAmountThreshold) errors.Add($"{dk}:MaxAmount must be above ReviewAmountThreshold.");
        if (d.NameSimilarityPercent is < 50 or > 100) errors.Add($"{dk}:NameSimilarityPercent must be between 50 and 100.");
        if (d.WonAccountProtectionDays is < 0 or > 3650)
            errors.Add($"{dk}:WonAccountProtectionDays must be between 0 (a won account is open at the close) and 3650 days.");
        if (d.ReminderDaysBefore.Any(x => x <= 0)) errors.Add($"{dk}:ReminderDaysBefore must list positive numbers of days.");
        if (d.MaxCloseDateYears <= 0) errors.Add($"{dk}:MaxCloseDateYears must be at least 1.");
        foreach (var (code, rate) in d.CurrencyRates)
        {
            if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
                errors.Add($"{dk}:CurrencyRates:{code} is not a three-letter ISO 4217 code such as EUR.");
            if (rate <= 0) errors.Add($"{dk}:CurrencyRates:{code} must be above 0 (the value of 1 {code} in {o.Currency}).");
        }

        CheckPercent(errors, $"{p}:CoSell:PartnerSourcedPartnerPercent", o.CoSell.PartnerSourcedPartnerPercent);
        CheckPercent(errors, $"{p}:CoSell:DirectSourcedPartnerPercent", o.CoSell.DirectSourcedPartnerPercent);

        if (o.Invitations.ValidDays is < 1 or > 365) errors.Add($"{p}:Invitations:ValidDays must be from 1 to 365.");

        var m = o.Mdf;
        if (m.PeriodMonths is not (1 or 2 or 3 or 4 or 6 or 12)) errors.Add($"{p}:Mdf:PeriodMonths must divide a year (1, 2, 3, 4, 6 or 12).");
        if (m.MinDaysToUse < 0) errors.Add($"{p}:Mdf:MinDaysToUse must not be negative.");
        if (m.ClaimWindowDays <= 0) errors.Add($"{p}:Mdf:ClaimWindowDays must be at least 1.");
        if (m.ActivityTypes.Count == 0) errors.Add($"{p}:Mdf:ActivityTypes is empty.");
        if (m.ActivityTypes.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 40))
            errors.Add($"{p}:Mdf:ActivityTypes must list short names (1–40 characters).");
        if (m.MinLeadTimeDays < 0) errors.Add($"{p}:Mdf:MinLeadTimeDays must not be negative.");
        if (m.UnspentReminderDaysBefore.Any(x => x <= 0)) errors.Add($"{p}:Mdf:UnspentReminderDaysBefore must list positive numbers of days.");
        if (m.ClaimReminderDaysBefore <= 0 || m.ClaimReminderDaysBefore > m.ClaimWindowDays)
            errors.Add($"{p}:Mdf:ClaimReminderDaysBefore must be between 1 and {p}:Mdf:ClaimWindowDays ({m.ClaimWindowDays}).");
        if (m.MaxAmount <= 0) errors.Add($"{p}:Mdf:MaxAmount must be above 0.");
        var e = o.Enablement;
        if (e.MaxQueryLength is < 20 or > 2000) errors.Add($"{p}:Enablement:MaxQueryLength must be between 20 and 2000 characters.");
        if (e.MaxResults is < 1 or > 20) errors.Add($"{p}:Enablement:MaxResults must be between 1 and 20.");
        if (e.OwnLanguageBoost < 1) errors.Add($"{p}:Enablement:OwnLanguageBoost must be at least 1 (1 means no preference).");
        if (e.CertificationValidityMonths <= 0) errors.Add($"{p}:Enablement:CertificationValidityMonths must be at least 1.");
        if (e.WhatsNewFirstLookDays <= 0) errors.Add($"{p}:Enablement:WhatsNewFirstLookDays must be at least 1.");
        if (o.Review.SlaHours <= 0) errors.Add($"{p}:Review:SlaHours must be at least 1.");

        var c = o.Commission;
        if (c.PayableAfterDays < 0) errors.Add($"{p}:Commission:PayableAfterDays must not be negative.");
        if (c.ClawbackDays < 0) errors.Add($"{p}:Commission:ClawbackDays must not be negative.");
        if (c.PayoutDayOfMonth is < 1 or > 28) errors.Add($"{p}:Commission:PayoutDayOfMonth must be between 1 and 28 (every month has it).");
        for (var i = 0; i < c.Bonuses.Count; i++)
        {
            var b = c.Bonuses[i];
            var key = $"{p}:Commission:Bonuses:{i}";
            if (o.FindTier(b.MinTier) is null) errors.Add($"{key}:MinTier '{b.MinTier}' is not one of {p}:Tiers.");
            if (b.BonusPercent is <= 0 or > 100) errors.Add($"{key}:BonusPercent must be above 0 and at most 100 percentage points.");
            if (b.To < b.From) errors.Add($"{key}:To ({b.To:yyyy-MM-dd}) is before From ({b.From:yyyy-MM-dd}).");
        }
        if (o.TierReview.GraceDays < 0) errors.Add($"{p}:TierReview:GraceDays must not be negative.");
        if (o.TierReview.RecertifyEveryMonths <= 0) errors.Add($"{p}:TierReview:RecertifyEveryMonths must be at least 1.");

        CheckOnboarding(errors, o.Onboarding);
        CheckIncentives(errors, o);
        errors.AddRange(PartnerVoice.PartnerVoiceRules.Problems(o.PartnerVoice, ProgramOptions.Section));
        CheckLeads(errors, o);
        CheckAccountMapping(errors, o.AccountMapping);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckAccountMapping(List<string> errors, AccountMappingRules r)
    {
        var k = $"{ProgramOptions.Section}:AccountMapping";
        if (r.MaxAccountsPerPartner is < 1 or > 1_000_000) errors.Add($"{k}:MaxAccountsPerPartner must be between 1 and 1000000.");
        if (r.MaxListed is < 1 or > 100) errors.Add($"{k}:MaxListed must be between 1 and 100 (a chat message holds no more).");
        if (r.MaxCoSellButtons is < 0 or > 5) errors.Add($"{k}:MaxCoSellButtons must be between 0 and 5 (a card holds no more buttons).");
    }

    private static void CheckOnboarding(List<string> errors, OnboardingRules r)
    {
        var k = $"{ProgramOptions.Section}:Onboarding";
        var seen = new HashSet<OnboardingStep>();
        for (var i = 0; i < r.Steps.Count; i++)
        {
            // Names only: Enum.TryParse would also take "3" or "1,2".
            if (!Enum.GetNames<OnboardingStep>().Contains(r.Steps[i], StringComparer.OrdinalIgnoreCase))
                errors.Add($"{k}:Steps:{i} '{r.Steps[i]}' is not an onboarding step: use {string.Join(", ", Enum.GetNames<OnboardingStep>())}.");
            else if (!seen.Add(Enum.Parse<OnboardingStep>(r.Steps[i], ignoreCase: true)))
                errors.Add($"{k}:Steps:{i} '{r.Steps[i]}' is listed twice.");
        }
        for (var i = 0; i < r.NudgeDays.Count; i++)
            if (r.NudgeDays[i] is < 1 or > 3650)
                errors.Add($"{k}:NudgeDays:{i} is {r.NudgeDays[i]}: a nudge comes 1 to 3650 days after joining (day 0 is the day the partner joins).");
        if (r.NudgeDays.Count != r.NudgeDays.Distinct().Count()) errors.Add($"{k}:NudgeDays lists a day twice.");
        if (r.NudgeWithinDays is < 1 or > 365) errors.Add($"{k}:NudgeWithinDays must be between 1 and 365.");
        if (r.FirstDealTargetDays is < 1 or > 3650) errors.Add($"{k}:FirstDealTargetDays must be between 1 and 3650.");
    }

    private static void CheckIncentives(List<string> errors, ProgramOptions o)
    {
        var r = o.Incentives;
        var k = $"{ProgramOptions.Section}:Incentives";
        if (r.Any && r.From == default) errors.Add($"{k}:From is missing: give the first day events earn incentives (yyyy-MM-dd), so switching them on does not pay the program's history.");
        foreach (var (amount, key) in new[] { (r.RegistrationAmount, "RegistrationAmount"), (r.CertificationAmount, "CertificationAmount") })
            if (amount < 0 || amount != Money.Round(amount, o.Currency))
                errors.Add($"{k}:{key} is {amount}: an amount of {o.Currency} of 0 (none) or more, in whole minor units.");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < r.Spifs.Count; i++)
        {
            var s = r.Spifs[i];
            var key = $"{k}:Spifs:{i}";
            if (string.IsNullOrWhiteSpace(s.Name) || s.Name.Length > 100) errors.Add($"{key}:Name must be 1 to 100 characters: statements name the SPIF.");
            else if (!names.Add(s.Name)) errors.Add($"{key}:Name '{s.Name}' is used by two SPIFs.");
            if (s.Amount <= 0 || s.Amount != Money.Round(s.Amount, o.Currency))
                errors.Add($"{key}:Amount is {s.Amount}: an amount of {o.Currency} above 0, in whole minor units.");
            if (s.MinContractValue < 0) errors.Add($"{key}:MinContractValue must not be negative.");
            if (s.From == default || s.To < s.From) errors.Add($"{key}:From and To must be days (yyyy-MM-dd) with To on or after From.");
        }
        for (var i = 0; i < r.Rebates.Count; i++)
        {
            var t = r.Rebates[i];
            var key = $"{k}:Rebates:{i}";
            if (t.MinRevenue <= 0) errors.Add($"{key}:MinRevenue must be above 0.");
            if (t.Percent is <= 0 or > 100) errors.Add($"{key}:Percent is {t.Percent}%: a rebate is above 0 and at most 100%.");
            if (i == 0) continue;
            var prev = r.Rebates[i - 1];
            if (t.MinRevenue <= prev.MinRevenue) errors.Add($"{key}:MinRevenue ({t.MinRevenue}) must be above {k}:Rebates:{i - 1}:MinRevenue ({prev.MinRevenue}): thresholds go from lowest to highest.");
            if (t.Percent < prev.Percent) errors.Add($"{key}:Percent ({t.Percent}%) is below the lower threshold's {prev.Percent}%: more revenue must not earn less.");
        }
        var points = r.Points;
        foreach (var (kind, count) in points.Activities)
        {
            if (kind.Length is < 2 or > 40 || !kind.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
                errors.Add($"{k}:Points:Activities:{kind}: an activity kind is 2 to 40 lower-case letters, digits or hyphens (people type it: webinar, demo).");
            if (count is < 1 or > 100_000) errors.Add($"{k}:Points:Activities:{kind} is {count}: an activity earns 1 to 100000 points.");
        }
        if (points.Any && (points.ValuePerPoint <= 0 || points.ValuePerPoint > 10_000 || points.ValuePerPoint != Money.Round(points.ValuePerPoint, o.Currency)))
            errors.Add($"{k}:Points:ValuePerPoint is {points.ValuePerPoint}: what one point is worth in {o.Currency}, above 0 and at most 10000, in whole minor units.");
    }

    private static void CheckLeads(List<string> errors, ProgramOptions o)
    {
        var k = $"{ProgramOptions.Section}:Leads";
        var r = o.Leads;
        if (r.OfferHours is < 1 or > 720) errors.Add($"{k}:OfferHours is {r.OfferHours}: a partner has 1 to 720 hours to answer an offer.");
        if (r.MaxOffers is < 1 or > 100) errors.Add($"{k}:MaxOffers is {r.MaxOffers}: offer a lead to 1 to 100 partners.");
        if (r.CloseWithinDays is < 1 or > 730) errors.Add($"{k}:CloseWithinDays must be between 1 and 730.");
        if (r.MinTier.Length > 0 && o.TierRank(r.MinTier) < 0)
            errors.Add($"{k}:MinTier '{r.MinTier}' is not a tier of Program:Tiers ({string.Join(", ", o.Tiers.Select(t => t.Name))}).");
        for (var i = 0; i < r.PartnerTypes.Count; i++)
            if (!Enum.GetNames<People.PartnerType>().Contains(r.PartnerTypes[i], StringComparer.OrdinalIgnoreCase))
                errors.Add($"{k}:PartnerTypes:{i} '{r.PartnerTypes[i]}' is not a partner type: use {string.Join(", ", Enum.GetNames<People.PartnerType>())}.");
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (territory, countries) in r.Territories)
            foreach (var country in countries)
                if (country.Length != 2 || !country.All(char.IsAsciiLetter))
                    errors.Add($"{k}:Territories:{territory} lists '{country}', which is not a two-letter country code (ISO 3166, such as GB).");
                else if (!seen.TryAdd(country, territory) && seen[country] != territory)
                    errors.Add($"{k}:Territories: {country.ToUpperInvariant()} is in both {seen[country]} and {territory}.");
        var w = r.Weights;
        foreach (var (name, value) in new[] { ("Territory", w.Territory), ("Capability", w.Capability), ("PartnerType", w.PartnerType), ("Tier", w.Tier), ("History", w.History) })
            if (value is < 0 or > 100) errors.Add($"{k}:Weights:{name} is {value}: a weight is from 0 to 100.");
        if (w.Total <= 0) errors.Add($"{k}:Weights are all 0: give at least one weight, or no partner could be chosen over another.");
    }

    private static void CheckPercent(List<string> errors, string key, decimal value)
    {
        if (value is < 0 or > 100) errors.Add($"{key} is {value}%: a percentage must be between 0 and 100.");
    }
}
