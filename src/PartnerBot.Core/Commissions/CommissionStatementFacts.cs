using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Knowledge;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;
using PartnerBot.Tiers;

namespace PartnerBot.Commissions;

/// <summary>The assistant's "my commission": this quarter's totals by state, from the commission lines (incentives included).</summary>
public sealed class CommissionStatementFacts(TimeProvider clock) : ICommissionFacts
{
    public async Task<PersonalFacts> GetAsync(Actor actor, PartnerBotDb db, CancellationToken ct)
    {
        if (OrganisationAccess.OwnOrganisationId(actor) is not { } orgId) return PersonalFacts.NotAvailable("Commission");
        var org = await db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return PersonalFacts.NotAvailable("Commission");
        var period = Period.Quarter(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var lines = await db.CommissionLines.AsNoTracking()
            .Where(l => l.PartnerOrganisationId == orgId && l.WonOn >= period.Start && l.WonOn <= period.End).ToListAsync(ct);
        var facts = new List<Fact> { new("Organisation", org.Name), new("Period", period.Label), new("Deals won with commission", LocaleFormat.For(Languages.English).Number(lines.Count(l => l.Kind == CommissionLineKind.Commission))) };
        foreach (var g in lines.GroupBy(l => (l.State, l.Currency)))
            facts.Add(new($"{g.Key.State}", LocaleFormat.For(Languages.English).Money(g.Sum(l => l.Amount), g.Key.Currency)));
        return new PersonalFacts("Commission", true, facts);
    }
}
