using System.Globalization;
using System.Text.RegularExpressions;
using PartnerBot.People;
using PartnerBot.PartnerProgram;

namespace PartnerBot.Core.Tests.Knowledge;

/// <summary>
/// Every rule of the demo program a partner could ask about is written in the knowledge documents, with the value
/// program.json holds today: in the English document on its topic, and (for the topics the other languages summarise)
/// its numbers in the Malay, Chinese and Polish summaries. A rule added to program.json without a sentence fails here.
/// </summary>
public sealed class ProgramRulesInDocumentsTests
{
    /// <summary>A rule: its setting, the English document that states it, the English words, and whether the
    /// summaries in the other languages state its numbers too.</summary>
    public sealed record Rule(string Setting, string Slug, string English, bool InSummaries);

    private static string N(decimal d) => d.ToString("#,0.####", CultureInfo.InvariantCulture);

    public static IEnumerable<Rule> Rules(ProgramOptions p)
    {
        foreach (var t in p.Tiers)
        {
            var tier = $"Tiers:{t.Name}";
            if (t.MinAnnualRevenue > 0) yield return new($"{tier}:MinAnnualRevenue", "tiers", $"{N(t.MinAnnualRevenue)} {p.Currency}", true);
            yield return new($"{tier}:MinClosedDeals", "tiers", $"{t.MinClosedDeals} closed deal", true);
            yield return new($"{tier}:MinSalesCertifiedReps", "tiers", $"{t.MinSalesCertifiedReps} sales-certified rep", true);
            if (t.MinTechnicalCertifications > 0) yield return new($"{tier}:MinTechnicalCertifications", "tiers", $"{t.MinTechnicalCertifications} technical certification", true);
            if (t.MinCustomerReferences > 0) yield return new($"{tier}:MinCustomerReferences", "tiers", $"{t.MinCustomerReferences} customer references", true);
            if (t.RequiresDedicatedPractice) yield return new($"{tier}:RequiresDedicatedPractice", "tiers", "dedicated Northwind practice", false);
            if (t.RequiresExecutiveSponsor) yield return new($"{tier}:RequiresExecutiveSponsor", "tiers", "executive sponsor", false);
            yield return new($"{tier}:MdfPercent", "mdf", $"{N(t.MdfPercent)}% at {t.Name}", true);
            foreach (var (type, rate) in t.CommissionPercent)
                yield return new($"{tier}:CommissionPercent:{type}", "commission", $"| {N(rate)}%", true);
            yield return new($"{tier}:RegistrationWindowDays", "deal-registration", $"protected for {t.RegistrationWindowDays} days", true);
        }
        foreach (var (type, rules) in p.PartnerTypes)
        {
            yield return new($"PartnerTypes:{type}:Commission", "partner-types", $"{N(rules.MinCommissionPercent)}% ", false);
            yield return new($"PartnerTypes:{type}:Commission", "partner-types", $"{N(rules.MaxCommissionPercent)}% ", false);
            if (rules.RevenueShareMonths > 0) yield return new($"PartnerTypes:{type}:RevenueShareMonths", "partner-types", $"{rules.RevenueShareMonths} months", true);
        }
        var d = p.DealRegistration;
        yield return new("DealRegistration:WindowDays", "deal-registration", $"protected for {d.WindowDays} days", true);
        yield return new("DealRegistration:ExtensionDays", "deal-registration", $"by {d.ExtensionDays} days", true);
        yield return new("DealRegistration:MaxExtensions", "deal-registration", d.MaxExtensions == 1 ? "extend it once" : $"{d.MaxExtensions} times", false);
        yield return new("DealRegistration:ReviewAmountThreshold", "deal-registration", $"{N(d.ReviewAmountThreshold)} {p.Currency} or more", true);
        yield return new("DealRegistration:MaxAmount", "deal-registration", $"{N(d.MaxAmount)} {p.Currency}", false);
        yield return new("DealRegistration:NameSimilarityPercent", "deal-registration", $"{d.NameSimilarityPercent}% or more alike", true);
        yield return new("DealRegistration:ReminderDaysBefore", "deal-registration", string.Join(" days and ", d.ReminderDaysBefore) + " days before", true);
        yield return new("DealRegistration:MaxCloseDateYears", "deal-registration", $"within {d.MaxCloseDateYears} years", true);
        foreach (var (currency, rate) in d.CurrencyRates)
            yield return new($"DealRegistration:CurrencyRates:{currency}", "deal-registration", $"1 {currency} = {N(rate)} {p.Currency}", true);
        yield return new("CoSell:PartnerSourcedPartnerPercent", "co-selling", $"keep {N(p.CoSell.PartnerSourcedPartnerPercent)}%", false);
        yield return new("CoSell:DirectSourcedPartnerPercent", "co-selling", $"receive {N(p.CoSell.DirectSourcedPartnerPercent)}%", false);
        var m = p.Mdf;
        yield return new("Mdf:PeriodMonths", "mdf", $"every {m.PeriodMonths} months", true);
        yield return new("Mdf:MinDaysToUse", "mdf", $"at least {m.MinDaysToUse} days to use", true);
        yield return new("Mdf:MinLeadTimeDays", "mdf", $"at least {m.MinLeadTimeDays} days before", true);
        yield return new("Mdf:ClaimWindowDays", "mdf-claims", $"within {m.ClaimWindowDays} days", true);
        foreach (var activity in m.ActivityTypes.Where(a => a != "other"))
            yield return new($"Mdf:ActivityTypes:{activity}", "mdf", activity, false);
        yield return new("Mdf:UnspentReminderDaysBefore", "mdf", string.Join(" days and ", m.UnspentReminderDaysBefore) + " days before they expire", true);
        yield return new("Mdf:ClaimReminderDaysBefore", "mdf-claims", $"{m.ClaimReminderDaysBefore} days before that window closes", true);
        yield return new("Mdf:MaxAmount", "mdf", $"at most {N(m.MaxAmount)} {p.Currency}", true);
        yield return new("Enablement:CertificationValidityMonths", "enablement", $"valid for {p.Enablement.CertificationValidityMonths} months", true);
        yield return new("Review:SlaHours", "support", $"within {p.Review.SlaHours} hours", true);
        var c = p.Commission;
        yield return new("Commission:PayableAfterDays", "commission", $"payable {c.PayableAfterDays} days after", true);
        yield return new("Commission:ClawbackDays", "commission", $"within {c.ClawbackDays} days of the win", true);
        yield return new("Commission:PayoutDayOfMonth", "commission", $"on the {Ordinal(c.PayoutDayOfMonth)} of each month", true);
        foreach (var b in c.Bonuses)
        {
            yield return new($"Commission:Bonuses:{b.Name}", "commission", $"\"{b.Name}\": partners at {b.MinTier} or above earn {N(b.BonusPercent)} extra percentage points", true);
            yield return new($"Commission:Bonuses:{b.Name}:From", "commission", b.From.ToString("d MMMM yyyy", CultureInfo.InvariantCulture), true);
            yield return new($"Commission:Bonuses:{b.Name}:To", "commission", b.To.ToString("d MMMM yyyy", CultureInfo.InvariantCulture), true);
        }
        yield return new("TierReview:GraceDays", "tiers", $"{p.TierReview.GraceDays} days of grace", true);
        yield return new("TierReview:RecertifyEveryMonths", "tiers", $"every {p.TierReview.RecertifyEveryMonths} months", true);
    }

    private static string Ordinal(int day) => day + (day % 100 is 11 or 12 or 13 ? "th" : (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    private static string Read(string language, string slug) =>
        File.ReadAllText(Path.Combine(DemoProgram.Folder, "knowledge", language, slug + ".md"));

    private static string OneLine(string s) => Regex.Replace(s, @"\s+", " ");

    [Fact]
    public void EveryRuleAPartnerCanAskAbout_IsInTheEnglishDocumentOnItsTopic()
    {
        var rules = Rules(DemoProgram.Load()).ToList();
        Assert.True(rules.Count > 60, $"{rules.Count} rules");
        var missing = rules.Where(r => !OneLine(Read(Languages.English, r.Slug)).Contains(r.English, StringComparison.OrdinalIgnoreCase))
            .Select(r => $"{r.Setting}: \"{r.English}\" not in en/{r.Slug}.md").ToList();
        Assert.True(missing.Count == 0, string.Join('\n', missing));
    }

    [Fact]
    public void TheSummaryRules_HaveTheirNumbers_InTheMalayChineseAndPolishSummaries()
    {
        var summaries = Directory.GetFiles(Path.Combine(DemoProgram.Folder, "knowledge", Languages.Malay), "*.md").Select(Path.GetFileNameWithoutExtension).ToList();
        var missing = new List<string>();
        foreach (var language in Languages.All.Where(l => l != Languages.English))
        {
            // A summary states the number in its own way ("50 000 USD", "50,000 美元"): compare digits only, over the
            // language's summary documents.
            var text = Digits(string.Concat(summaries.Select(s => Read(language, s!))));
            foreach (var rule in Rules(DemoProgram.Load()).Where(r => r.InSummaries && summaries.Contains(r.Slug) ||
                         r.InSummaries && r.Slug is "enablement" or "mdf-claims"))
                foreach (Match number in Regex.Matches(rule.English.Replace(",", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal), @"\d+"))
                    if (!text.Contains(" " + number.Value + " ", StringComparison.Ordinal))
                        missing.Add($"{language}: {rule.Setting} ({number.Value})");
        }
        Assert.True(missing.Count == 0, string.Join('\n', missing.Distinct()));
    }

    // Numbers as plain digit runs between spaces: "50,000 USD" and "50 000 USD" are both " 50000 ", "22,5%" is " 225 ".
    private static string Digits(string text)
    {
        var joined = Regex.Replace(text, @"(?<=\d)[ ,.](?=\d)", "");
        return " " + Regex.Replace(joined, @"\D+", " ") + " ";
    }
}
