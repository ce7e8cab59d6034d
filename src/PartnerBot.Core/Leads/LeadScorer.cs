using PartnerBot.PartnerProgram;
using PartnerBot.People;

namespace PartnerBot.Leads;

/// <summary>
/// What the scorer knows of one eligible partner: the organisation, whether it has sold the lead's product (a
/// registration of it approved, expired or won), its answered and accepted offers, and its won and lost registrations.
/// </summary>
public sealed record LeadCandidate(PartnerOrganisation Organisation, bool Capable, int OffersAnswered, int OffersAccepted, int DealsWon, int DealsLost);

/// <summary>A partner's score for a lead: each factor from 0 to 1, and the total (each weight times its factor).</summary>
public sealed record LeadScore(LeadCandidate Candidate, decimal Territory, decimal Capability, decimal Type, decimal Tier, decimal History, decimal Total);

/// <summary>
/// The one rule that chooses a partner for a lead (Program:Leads:Weights): deterministic, so the same lead and the
/// same partners always give the same choice; a tie goes to the organisation whose id sorts first.
/// </summary>
public static class LeadScorer
{
    public static LeadScore Score(Lead lead, LeadCandidate c, ProgramOptions program)
    {
        var rules = program.Leads;
        var w = rules.Weights;
        var org = c.Organisation;
        var territory = lead.Country is null || org.Country is null ? 0m
            : string.Equals(lead.Country, org.Country, StringComparison.OrdinalIgnoreCase) ? 1m
            : rules.TerritoryOf(lead.Country) is { } t && t == rules.TerritoryOf(org.Country) ? 0.5m
            : 0m;
        var capability = c.Capable ? 1m : 0m;
        var type = lead.PartnerType is { } wanted && wanted == org.Type ? 1m : 0m;
        var rank = program.TierRank(org.Tier);
        var tier = program.Tiers.Count <= 1 ? 1m : Math.Max(0, rank) / (decimal)(program.Tiers.Count - 1);
        var history = (Smoothed(c.OffersAccepted, c.OffersAnswered) + Smoothed(c.DealsWon, c.DealsWon + c.DealsLost)) / 2m;
        var total = w.Territory * territory + w.Capability * capability + w.PartnerType * type + w.Tier * tier + w.History * history;
        return new LeadScore(c, territory, capability, type, tier, history, Math.Round(total, 4, MidpointRounding.AwayFromZero));
    }

    /// <summary>A rate that says one half with no history: (part + 1) / (whole + 2).</summary>
    public static decimal Smoothed(int part, int whole) => (part + 1m) / (whole + 2m);

    /// <summary>The candidates, best first.</summary>
    public static List<LeadScore> Rank(Lead lead, IEnumerable<LeadCandidate> candidates, ProgramOptions program) =>
        candidates.Select(c => Score(lead, c, program))
            .OrderByDescending(s => s.Total).ThenBy(s => s.Candidate.Organisation.Id, StringComparer.Ordinal).ToList();
}
