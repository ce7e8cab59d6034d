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
    public EnablementRules Enablement { get; set; } = new();
    public ReviewRules Review { get; set; } = new();
    public CommissionRules Commission { get; set; } = new();
    public TierReviewRules TierReview { get; set; } = new();
    public OnboardingRules Onboarding { get; set; } = new();
    public InvitationRules Invitations { get; set; } = new();
    public IncentiveRules Incentives { get; set; } = new();
    public PartnerVoice.PartnerVoiceRules PartnerVoice { get; set; } = new();
    public LeadRules Leads { get; set; } = new();
    public AccountMappingRules AccountMapping { get; set; } = new();

    /// <summary>The tier's position, lowest 0; -1 for a name the program doesn't have.</summary>
    public int TierRank(string name) =>
        Tiers.FindIndex(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Defaults for list settings, applied after binding. (A list initialised with defaults would have configuration's
    /// items appended to them, not replace them: [14, 3] configured as [14, 3] would become [14, 3, 14, 3].)
    /// </summary>
    public void ApplyListDefaults()
    {
        if (DealRegistration.ReminderDaysBefore.Count == 0) DealRegistration.ReminderDaysBefore = [14, 3];
        if (Mdf.ActivityTypes.Count == 0) Mdf.ActivityTypes = ["event", "webinar", "campaign", "content", "booth", "other"];
        if (Mdf.UnspentReminderDaysBefore.Count == 0) Mdf.UnspentReminderDaysBefore = [30, 7];
        if (Onboarding.Steps.Count == 0) Onboarding.Steps = [.. Enum.GetNames<OnboardingStep>()];
        if (Onboarding.NudgeDays.Count == 0) Onboarding.NudgeDays = [7, 30, 60, 90];
        if (Leads.PartnerTypes.Count == 0) Leads.PartnerTypes = [.. Enum.GetNames<PartnerType>()];
    }

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
    /// <summary>
    /// Rules of engagement for a customer a partner has won: for this many days after the close, another partner's
    /// registration of it goes to review instead of being approved (the winner's own new deals there are not held).
    /// 0 opens a won account to everyone at the close.
    /// </summary>
    public int WonAccountProtectionDays { get; set; } = 365;
    /// <summary>Empty until bound; <see cref="ProgramOptions.ApplyListDefaults"/> fills it when configuration gave none.</summary>
    public List<int> ReminderDaysBefore { get; set; } = [];
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
    /// <summary>Empty until bound; <see cref="ProgramOptions.ApplyListDefaults"/> fills it when configuration gave none.</summary>
    public List<string> ActivityTypes { get; set; } = [];
    /// <summary>Partner users hear about unspent funds this many days before the period ends (each once). Empty until bound.</summary>
    public List<int> UnspentReminderDaysBefore { get; set; } = [];
    /// <summary>Partners hear about a claim this many days before its window closes.</summary>
    public int ClaimReminderDaysBefore { get; set; } = 7;
    /// <summary>Amounts (plans, allocations) above this are refused as a typo.</summary>
    public decimal MaxAmount { get; set; } = 1_000_000m;
}

public sealed class EnablementRules
{
    /// <summary>Longest content query read, in characters; longer ones are refused with a message.</summary>
    public int MaxQueryLength { get; set; } = 300;
    /// <summary>How many matches a content search shows.</summary>
    public int MaxResults { get; set; } = 5;
    /// <summary>How much an item in the person's own language outranks one in another (a multiplier on the score).</summary>
    public decimal OwnLanguageBoost { get; set; } = 1.5m;
    /// <summary>How long a certification stays valid after it is earned.</summary>
    public int CertificationValidityMonths { get; set; } = 24;
    /// <summary>"what's new" for someone who never looked: items added in this many days.</summary>
    public int WhatsNewFirstLookDays { get; set; } = 30;
}

public sealed class ReviewRules
{
    public int SlaHours { get; set; } = 48;
}

public sealed class CommissionRules
{
    /// <summary>A won deal's commission becomes payable this many days after the win.</summary>
    public int PayableAfterDays { get; set; } = 30;
    /// <summary>A deal cancelled within this many days of the win claws its commission back.</summary>
    public int ClawbackDays { get; set; } = 90;
    /// <summary>Payouts are made on this day of the month, for what was payable by then.</summary>
    public int PayoutDayOfMonth { get; set; } = 15;
    /// <summary>Tier-progression bonuses: extra percentage points for deals won in a window by partners at a tier.</summary>
    public List<CommissionBonus> Bonuses { get; set; } = [];
}

/// <summary>"Reach Gold by year end: +5 points on next quarter's deals."</summary>
public sealed class CommissionBonus
{
    public string Name { get; set; } = "";
    /// <summary>The lowest tier that earns it.</summary>
    public string MinTier { get; set; } = "";
    /// <summary>Percentage points added to the rate.</summary>
    public decimal BonusPercent { get; set; }
    /// <summary>First and last day (inclusive) a deal may be won on to earn it.</summary>
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
}

/// <summary>
/// Incentives beyond commission (DOMAIN: SPIFs, volume rebates, deal-registration and training incentives), all in
/// Program:Currency and worked out by the commission calculator. Every amount 0 and no list means none is run.
/// </summary>
public sealed class IncentiveRules
{
    /// <summary>Events from this day on earn incentives: switching them on does not pay the program's history.</summary>
    public DateOnly From { get; set; }
    /// <summary>Bonuses for qualifying wins, paid to the partner salesperson who registered the deal.</summary>
    public List<SpifRule> Spifs { get; set; } = [];
    /// <summary>Paid once for every registration that is approved.</summary>
    public decimal RegistrationAmount { get; set; }
    /// <summary>Paid once for every person and certification course they earn (a renewal earns nothing more).</summary>
    public decimal CertificationAmount { get; set; }
    /// <summary>Quarterly volume rebates on partner-sourced revenue, by threshold from lowest to highest.</summary>
    public List<RebateThreshold> Rebates { get; set; } = [];
    /// <summary>Points for activities (webinars attended, demos given, …), each worth a fixed amount of money.</summary>
    public PointsRules Points { get; set; } = new();

    public bool Any => Spifs.Count > 0 || RegistrationAmount > 0 || CertificationAmount > 0 || Rebates.Count > 0 || Points.Any;
}

/// <summary>
/// "A webinar attended is 10 points, a demo given 25; a point is worth 2 USD." Every activity vendor staff record for a
/// partner's person earns its kind's points, paid as money (points × <see cref="ValuePerPoint"/>, in Program:Currency)
/// on the organisation's statement, like every other incentive.
/// </summary>
public sealed class PointsRules
{
    /// <summary>Points per activity kind: the kind is a short id people type ("webinar", "demo", "workshop").</summary>
    public Dictionary<string, int> Activities { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>What one point is worth, in Program:Currency.</summary>
    public decimal ValuePerPoint { get; set; }

    public bool Any => Activities.Count > 0;

    /// <summary>The configured kind <paramref name="kind"/> names (any case), or null.</summary>
    public string? Kind(string? kind) =>
        string.IsNullOrWhiteSpace(kind) ? null : Activities.Keys.FirstOrDefault(k => string.Equals(k, kind.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>"500 USD to whoever registered a won Analytics deal of 10,000 USD or more in Q4."</summary>
public sealed class SpifRule
{
    public string Name { get; set; } = "";
    /// <summary>The product the deal must be registered for; empty for any product.</summary>
    public string? Product { get; set; }
    /// <summary>First and last day (inclusive) the deal may be won on.</summary>
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    /// <summary>The lowest contract value that qualifies, in Program:Currency (other currencies converted at the configured rates).</summary>
    public decimal MinContractValue { get; set; }
    public decimal Amount { get; set; }
}

/// <summary>"Partner-sourced revenue of 100,000 in a quarter earns a 2% rebate on the quarter's revenue."</summary>
public sealed class RebateThreshold
{
    public decimal MinRevenue { get; set; }
    public decimal Percent { get; set; }
}

public sealed class TierReviewRules
{
    /// <summary>Days a partner below its tier's criteria keeps the tier after the warning, before the downgrade.</summary>
    public int GraceDays { get; set; } = 90;
    /// <summary>Tiers are recertified this many months after they were granted or last recertified.</summary>
    public int RecertifyEveryMonths { get; set; } = 12;
}

/// <summary>The steps a new partner organisation takes to a first deal; each is done when its owning capability's data says so.</summary>
public enum OnboardingStep
{
    /// <summary>The organisation's profile: its country and its domain are recorded (People).</summary>
    Profile,
    /// <summary>Someone in the organisation earned a sales certification (Enablement).</summary>
    SalesCertification,
    /// <summary>Someone in the organisation opened an item of the content library (Enablement).</summary>
    FirstContentOpened,
    /// <summary>The organisation registered a deal (Deals).</summary>
    FirstRegistration,
    /// <summary>A registration of the organisation closed won (Deals).</summary>
    FirstDeal,
}

/// <summary>The onboarding journey (DOMAIN: "time to first deal is the metric that matters most").</summary>
public sealed class OnboardingRules
{
    /// <summary>
    /// The journey's steps in order, by <see cref="OnboardingStep"/> name (names, so that a misspelt one is refused
    /// naming the setting). Empty until bound; <see cref="ProgramOptions.ApplyListDefaults"/> fills in all five.
    /// </summary>
    public List<string> Steps { get; set; } = [];
    /// <summary>Days after joining on which the partner and its rep are nudged when a step is missing. Empty until bound.</summary>
    public List<int> NudgeDays { get; set; } = [];
    /// <summary>
    /// A nudge is sent on its day or within this many days after (a host that was down still sends it); a partner
    /// imported later than that never gets a stale one.
    /// </summary>
    public int NudgeWithinDays { get; set; } = 7;
    /// <summary>A first deal within this many days of joining counts as on time in the digest (DOMAIN: 90).</summary>
    public int FirstDealTargetDays { get; set; } = 90;

    /// <summary>The configured steps, in order (the validator has refused a name that is not a step).</summary>
    public IReadOnlyList<OnboardingStep> Journey =>
        Steps.Select(s => Enum.TryParse<OnboardingStep>(s, ignoreCase: true, out var step) ? step : (OnboardingStep?)null)
            .OfType<OnboardingStep>().Distinct().ToList();
}

/// <summary>A partner admin's invitations of colleagues ("invite anna@acme.example"): how long one stays open.</summary>
public sealed class InvitationRules
{
    public int ValidDays { get; set; } = 14;
}

/// <summary>
/// How the vendor's leads are handed to partners (issue 17, point 2): each eligible partner scores the sum of each
/// weight times its factor (each factor from 0 to 1, see Leads.LeadScorer); the best is offered the lead for
/// <see cref="OfferHours"/>, then the next, up to <see cref="MaxOffers"/> partners.
/// </summary>
public sealed class LeadRules
{
    /// <summary>Hours a partner has to accept or decline an offer before it goes to the next partner.</summary>
    public int OfferHours { get; set; } = 48;
    /// <summary>At most this many partners are offered one lead; after that (or when none is left) its rep is told.</summary>
    public int MaxOffers { get; set; } = 5;
    /// <summary>An accepted lead's registration closes (expected) this many days after acceptance.</summary>
    public int CloseWithinDays { get; set; } = 90;
    /// <summary>The lowest tier offered leads, by name; empty: every tier.</summary>
    public string MinTier { get; set; } = "";
    /// <summary>The partner types offered leads, by name. Empty until bound; <see cref="ProgramOptions.ApplyListDefaults"/> fills in every type.</summary>
    public List<string> PartnerTypes { get; set; } = [];
    /// <summary>Named groups of two-letter country codes: a partner in the lead's group scores half the territory factor.</summary>
    public Dictionary<string, List<string>> Territories { get; set; } = [];
    public LeadWeights Weights { get; set; } = new();

    /// <summary>The configured partner types (the validator has refused a name that is not a type).</summary>
    public IReadOnlySet<PartnerType> EligibleTypes =>
        PartnerTypes.Select(t => Enum.TryParse<PartnerType>(t, ignoreCase: true, out var type) ? type : (PartnerType?)null).OfType<PartnerType>().ToHashSet();

    /// <summary>The territory a country is in, or null.</summary>
    public string? TerritoryOf(string? country) => country is null ? null
        : Territories.FirstOrDefault(t => t.Value.Contains(country, StringComparer.OrdinalIgnoreCase)).Key;
}

/// <summary>What counts in choosing the partner for a lead, each from 0 to 100 (0 leaves a factor out).</summary>
public sealed class LeadWeights
{
    /// <summary>The partner is in the lead's country (1), or in the same territory (0.5).</summary>
    public decimal Territory { get; set; } = 40;
    /// <summary>The partner has a registration of the lead's product that was approved or won.</summary>
    public decimal Capability { get; set; } = 25;
    /// <summary>The partner is of the type the lead asks for.</summary>
    public decimal PartnerType { get; set; } = 10;
    /// <summary>The partner's tier, lowest 0 to highest 1.</summary>
    public decimal Tier { get; set; } = 10;
    /// <summary>The partner's history: the mean of its lead acceptance rate and its deal win rate (each smoothed as (n+1)/(d+2)).</summary>
    public decimal History { get; set; } = 15;

    public decimal Total => Territory + Capability + PartnerType + Tier + History;
}

/// <summary>Account mapping: partners' shared customer and prospect lists, matched against the vendor's accounts.</summary>
public sealed class AccountMappingRules
{
    /// <summary>The most accounts one partner's shared list may hold; a row beyond it is refused with this number.</summary>
    public int MaxAccountsPerPartner { get; set; } = 5000;
    /// <summary>Overlaps named in one alert or answer (each with a co-sell button up to <see cref="MaxCoSellButtons"/>); the rest are counted.</summary>
    public int MaxListed { get; set; } = 20;
    public int MaxCoSellButtons { get; set; } = 5;
}
