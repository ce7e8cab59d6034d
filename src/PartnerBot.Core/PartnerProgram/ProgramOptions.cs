using PartnerBot.People;

namespace PartnerBot.PartnerProgram;

/// <summary>
/// The partner program's rules (section "Program"). Every number the product applies comes from here;
/// the demo values are in samples/demo-program/program.json. Validated at start by <see cref="ProgramOptionsValidator"/>.
/// </summary>
public sealed class ProgramOptions
{
    public const string Section = "Program";

    public string Name { get; set; } = "";
    /// <summary>ISO 4217 code the program reports money in.</summary>
    public string Currency { get; set; } = "USD";
    public Dictionary<PartnerType, PartnerTypeRules> PartnerTypes { get; set; } = [];
    /// <summary>Tiers from lowest to highest.</summary>
    public List<TierRules> Tiers { get; set; } = [];
    public DealRegistrationRules DealRegistration { get; set; } = new();
    public CoSellRules CoSell { get; set; } = new();
    public MdfRules Mdf { get; set; } = new();
    public ReviewRules Review { get; set; } = new();

    public TierRules? FindTier(string name) =>
        Tiers.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public TierRules? NextTier(string name)
    {
        var i = Tiers.FindIndex(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
        return i >= 0 && i + 1 < Tiers.Count ? Tiers[i + 1] : null;
    }
}

public enum CommissionBasis
{
    /// <summary>A share of the first year's contract value (referral partners).</summary>
    FirstYearContractValue,
    /// <summary>The reseller's margin on the contract value.</summary>
    ResellerMargin,
    /// <summary>A share of monthly recurring revenue for a number of months (MSPs, embedding partners).</summary>
    MonthlyRecurringRevenue,
}

public sealed class PartnerTypeRules
{
    public decimal MinCommissionPercent { get; set; }
    public decimal MaxCommissionPercent { get; set; }
    public CommissionBasis Basis { get; set; }
    /// <summary>For revenue share: how many months of recurring revenue earn commission.</summary>
    public int RevenueShareMonths { get; set; }
}

public sealed class TierRules
{
    public string Name { get; set; } = "";
    public decimal MinAnnualRevenue { get; set; }
    public int MinClosedDeals { get; set; }
    public int MinSalesCertifiedReps { get; set; }
    public int MinTechnicalCertifications { get; set; }
    public int MinCustomerReferences { get; set; }
    public bool RequiresDedicatedPractice { get; set; }
    public bool RequiresExecutiveSponsor { get; set; }
    /// <summary>Commission rate per partner type, in percent of the type's basis.</summary>
    public Dictionary<PartnerType, decimal> CommissionPercent { get; set; } = [];
    /// <summary>MDF as a percentage of the previous period's partner-sourced revenue.</summary>
    public decimal MdfPercent { get; set; }
    /// <summary>How long an approved registration is protected; 0 means the program default.</summary>
    public int RegistrationWindowDays { get; set; }
}

public sealed class DealRegistrationRules
{
    public int WindowDays { get; set; } = 90;
    public int ExtensionDays { get; set; } = 60;
    public int MaxExtensions { get; set; } = 1;
    /// <summary>Registrations at or above this amount go to the owning rep even without a conflict.</summary>
    public decimal ReviewAmountThreshold { get; set; } = 250_000m;
    /// <summary>Amounts above this are refused as a typo.</summary>
    public decimal MaxAmount { get; set; } = 50_000_000m;
    /// <summary>Company names at or above this similarity (0–100) count as the same account.</summary>
    public int NameSimilarityPercent { get; set; } = 90;
    public List<int> ReminderDaysBefore { get; set; } = [14, 3];
    public int MaxCloseDateYears { get; set; } = 2;
    /// <summary>
    /// Currencies a partner may register in besides Program:Currency, each with its value in Program:Currency
    /// (EUR 1.08 means 1 EUR = 1.08 USD); the review threshold and the maximum compare converted amounts.
    /// </summary>
    public Dictionary<string, decimal> CurrencyRates { get; set; } = [];
}

public sealed class CoSellRules
{
    /// <summary>The partner's share when the partner sourced the deal.</summary>
    public decimal PartnerSourcedPartnerPercent { get; set; } = 70;
    /// <summary>The partner's share when direct sales sourced the deal.</summary>
    public decimal DirectSourcedPartnerPercent { get; set; } = 30;
}

public sealed class MdfRules
{
    public int PeriodMonths { get; set; } = 3;
    public int MinDaysToUse { get; set; } = 30;
    public int MinLeadTimeDays { get; set; } = 14;
    public int ClaimWindowDays { get; set; } = 30;
    public List<string> ActivityTypes { get; set; } = ["event", "webinar", "campaign", "content", "booth", "other"];
}

public sealed class ReviewRules
{
    public int SlaHours { get; set; } = 48;
}
