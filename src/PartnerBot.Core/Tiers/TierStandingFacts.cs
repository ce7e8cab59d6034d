using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Knowledge;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Tiers;

/// <summary>The assistant's "my tier": the tier service's own standing, so the assistant states exactly what "tier" shows.</summary>
public sealed class TierStandingFacts(TierService tiers, TimeProvider clock, IOptions<ProgramOptions> program) : ITierFacts
{
    public async Task<PersonalFacts> GetAsync(Actor actor, PartnerBotDb db, CancellationToken ct)
    {
        if (OrganisationAccess.OwnOrganisationId(actor) is not { } orgId) return PersonalFacts.NotAvailable("Tier");
        var org = await db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return PersonalFacts.NotAvailable("Tier");
        var s = await tiers.StandingAsync(org, clock.GetUtcNow(), ct);
        var facts = new List<Fact> { new("Organisation", org.Name), new("Current tier", s.Current.Name) };
        var en = LocaleFormat.For(Languages.English);
        facts.Add(new("Partner-sourced revenue, last 12 months (imported history included)", en.Money(s.Facts.TrailingTwelveMonthRevenue, program.Value.Currency)));
        if (s.Recertification is { } r) facts.Add(new("Recertification", en.Date(r)));
        if (org.TierGraceUntil is { } g) facts.Add(new("Below the current tier's criteria; keeps the tier until", en.Date(g, TimeZoneInfo.Utc)));
        facts.Add(s.Next is null ? new("Next tier", "none: this is the highest tier") : new("Next tier", s.Next.Name));
        if (s.Next is not null)
        {
            foreach (var c in s.NextChecks)
                facts.Add(c.Criterion switch
                {
                    Criterion.AnnualRevenue => new("Next tier needs annual revenue",
                        $"{en.Money(c.Threshold, program.Value.Currency)} (short by {en.Money(c.Missing, program.Value.Currency)})"),
                    Criterion.DedicatedPractice => new("Next tier needs a dedicated practice", c.Met ? "met" : "not met"),
                    Criterion.ExecutiveSponsor => new("Next tier needs an executive sponsor", c.Met ? "met" : "not met"),
                    _ => new($"Next tier needs {c.Criterion}", $"{en.Number(c.Threshold)} (short by {en.Number(c.Missing)})"),
                });
            var missing = tiers.Missing(s.NextChecks, Languages.English);
            facts.Add(new("Still needed for the next tier", missing.Length == 0 ? "nothing: every criterion is met" : missing));
        }
        return new PersonalFacts("Tier", true, facts);
    }
}
