using System.Globalization;
using System.Text.RegularExpressions;
using PartnerBot.People;
using PartnerBot.PartnerProgram;

namespace PartnerBot.Core.Tests.Knowledge;

/// <summary>
/// Every rule of the demo program a partner could ask about is written in the knowledge documents, with the value
/// program.json holds today: in the English document on its topic, and its numbers in the same document in Malay,
/// Chinese and Polish (every article is translated). A rule added to program.json without a sentence fails here.
/// </summary>
public sealed class ProgramRulesInDocumentsTests
{
    /// <summary>A rule: its setting, the document that states it, and the English words.</summary>
    public sealed record Rule(string Setting, string Slug, string English);

    private static string N(decimal d) => d.ToString("#,0.####", CultureInfo.InvariantCulture);

    public static IEnumerable<Rule> Rules(ProgramOptions p)
    {
        foreach (var t in p.Tiers)
        {
            var tier = $"Tiers:{t.Name}";
            if (t.MinAnnualRevenue > 0) yield return new($"{tier}:MinAnnualRevenue", "tiers", $"{N(t.MinAnnualRevenue)} {p.Currency}");
            yield return new($"{tier}:MinClosedDeals", "tiers", $"{t.MinClosedDeals} closed deal");
            yield return new($"{tier}:MinSalesCertifiedReps", "tiers", $"{t.MinSalesCertifiedReps} sales-certified rep");
            if (t.MinTechnicalCertifications > 0) yield return new($"{tier}:MinTechnicalCertifications", "tiers", $"{t.MinTechnicalCertifications} technical certification");
            if (t.MinCustomerReferences > 0) yield return new($"{tier}:MinCustomerReferences", "tiers", $"{t.MinCustomerReferences} customer references");
            if (t.RequiresDedicatedPractice) yield return new($"{tier}:RequiresDedicatedPractice", "tiers", "dedicated Northwind practice");
            if (t.RequiresExecutiveSponsor) yield return new($"{tier}:RequiresExecutiveSponsor", "tiers", "executive sponsor");
            yield return new($"{tier}:MdfPercent", "mdf", $"{N(t.MdfPercent)}% at {t.Name}");
            foreach (var (type, rate) in t.CommissionPercent)
                yield return new($"{tier}:CommissionPercent:{type}", "commission", $"| {N(rate)}%");
            yield return new($"{tier}:RegistrationWindowDays", "deal-registration", $"protected for {t.RegistrationWindowDays} days");
        }
        foreach (var (type, rules) in p.PartnerTypes)
        {
            yield return new($"PartnerTypes:{type}:Commission", "partner-types", $"{N(rules.MinCommissionPercent)}% ");
            yield return new($"PartnerTypes:{type}:Commission", "partner-types", $"{N(rules.MaxCommissionPercent)}% ");
            if (rules.RevenueShareMonths > 0) yield return new($"PartnerTypes:{type}:RevenueShareMonths", "partner-types", $"{rules.RevenueShareMonths} months");
        }
        var d = p.DealRegistration;
        yield return new("DealRegistration:WindowDays", "deal-registration", $"protected for {d.WindowDays} days");
        yield return new("DealRegistration:ExtensionDays", "deal-registration", $"by {d.ExtensionDays} days");
        yield return new("DealRegistration:MaxExtensions", "deal-registration", d.MaxExtensions == 1 ? "extend it once" : $"{d.MaxExtensions} times");
        yield return new("DealRegistration:ReviewAmountThreshold", "deal-registration", $"{N(d.ReviewAmountThreshold)} {p.Currency} or more");
        yield return new("DealRegistration:MaxAmount", "deal-registration", $"{N(d.MaxAmount)} {p.Currency}");
        yield return new("DealRegistration:NameSimilarityPercent", "deal-registration", $"{d.NameSimilarityPercent}% or more alike");
        yield return new("DealRegistration:ReminderDaysBefore", "deal-registration", string.Join(" days and ", d.ReminderDaysBefore) + " days before");
        yield return new("DealRegistration:MaxCloseDateYears", "deal-registration", $"within {d.MaxCloseDateYears} years");
        foreach (var (currency, rate) in d.CurrencyRates)
            yield return new($"DealRegistration:CurrencyRates:{currency}", "deal-registration", $"1 {currency} = {N(rate)} {p.Currency}");
        yield return new("CoSell:PartnerSourcedPartnerPercent", "co-selling", $"keep {N(p.CoSell.PartnerSourcedPartnerPercent)}%");
        yield return new("CoSell:DirectSourcedPartnerPercent", "co-selling", $"receive {N(p.CoSell.DirectSourcedPartnerPercent)}%");
        var m = p.Mdf;
        yield return new("Mdf:PeriodMonths", "mdf", $"every {m.PeriodMonths} months");
        yield return new("Mdf:MinDaysToUse", "mdf", $"at least {m.MinDaysToUse} days to use");
        yield return new("Mdf:MinLeadTimeDays", "mdf", $"at least {m.MinLeadTimeDays} days before");
        yield return new("Mdf:ClaimWindowDays", "mdf-claims", $"within {m.ClaimWindowDays} days");
        foreach (var activity in m.ActivityTypes.Where(a => a != "other"))
            yield return new($"Mdf:ActivityTypes:{activity}", "mdf", activity);
        yield return new("Mdf:UnspentReminderDaysBefore", "mdf", string.Join(" days and ", m.UnspentReminderDaysBefore) + " days before they expire");
        yield return new("Mdf:ClaimReminderDaysBefore", "mdf-claims", $"{m.ClaimReminderDaysBefore} days before that window closes");
        yield return new("Mdf:MaxAmount", "mdf", $"at most {N(m.MaxAmount)} {p.Currency}");
        yield return new("Enablement:CertificationValidityMonths", "enablement", $"valid for {p.Enablement.CertificationValidityMonths} months");
        yield return new("Review:SlaHours", "support", $"within {p.Review.SlaHours} hours");
        var c = p.Commission;
        yield return new("Commission:PayableAfterDays", "commission", $"payable {c.PayableAfterDays} days after");
        yield return new("Commission:ClawbackDays", "commission", $"within {c.ClawbackDays} days of the win");
        yield return new("Commission:PayoutDayOfMonth", "commission", $"on the {Ordinal(c.PayoutDayOfMonth)} of each month");
        foreach (var b in c.Bonuses)
        {
            yield return new($"Commission:Bonuses:{b.Name}", "commission", $"\"{b.Name}\": partners at {b.MinTier} or above earn {N(b.BonusPercent)} extra percentage points");
            yield return new($"Commission:Bonuses:{b.Name}:From", "commission", b.From.ToString("d MMMM yyyy", CultureInfo.InvariantCulture));
            yield return new($"Commission:Bonuses:{b.Name}:To", "commission", b.To.ToString("d MMMM yyyy", CultureInfo.InvariantCulture));
        }
        yield return new("TierReview:GraceDays", "tiers", $"{p.TierReview.GraceDays} days of grace");
        yield return new("TierReview:RecertifyEveryMonths", "tiers", $"every {p.TierReview.RecertifyEveryMonths} months");
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
    public void EveryRulesNumbers_AreInTheSameDocument_InMalayChineseAndPolish()
    {
        var missing = new List<string>();
        foreach (var language in Languages.All.Where(l => l != Languages.English))
            foreach (var rule in Rules(DemoProgram.Load()))
            {
                // A translation states the number in its own way ("50 000 USD", "50,000 美元"): digits only are compared.
                var text = Digits(Read(language, rule.Slug));
                foreach (Match number in Regex.Matches(rule.English.Replace(",", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal), @"\d+"))
                    if (!text.Contains(" " + number.Value + " ", StringComparison.Ordinal))
                        missing.Add($"{language}/{rule.Slug}.md: {rule.Setting} ({number.Value})");
            }
        Assert.True(missing.Count == 0, string.Join('\n', missing.Distinct()));
    }

    [Fact]
    public void EveryLanguage_HasEveryEnglishArticle()
    {
        var folder = Path.Combine(DemoProgram.Folder, "knowledge");
        static IEnumerable<string> Articles(string dir) => Directory.GetFiles(dir, "*.md").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;
        foreach (var language in Languages.All.Where(l => l != Languages.English))
            Assert.Equal(Articles(Path.Combine(folder, Languages.English)), Articles(Path.Combine(folder, language)));
    }

    // Numbers as plain digit runs between spaces: "50,000 USD" and "50 000 USD" are both " 50000 ", "22,5%" is " 225 ".
    private static string Digits(string text)
    {
        var joined = Regex.Replace(text, @"(?<=\d)[ ,.](?=\d)", "");
        return " " + Regex.Replace(joined, @"\D+", " ") + " ";
    }
}
