using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Knowledge;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Deals;

/// <summary>The assistant's "my deals": the organisation's registrations by status and the active ones.</summary>
public sealed class DealStatusFacts : IDealFacts
{
    public async Task<PersonalFacts> GetAsync(Actor actor, PartnerBotDb db, CancellationToken ct)
    {
        if (OrganisationAccess.OwnOrganisationId(actor) is not { } orgId) return PersonalFacts.NotAvailable("Deals");
        var org = await db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return PersonalFacts.NotAvailable("Deals");
        var deals = await db.DealRegistrations.AsNoTracking().Where(d => d.PartnerOrganisationId == orgId).ToListAsync(ct);
        var facts = new List<Fact> { new("Organisation", org.Name) };
        facts.AddRange(deals.GroupBy(d => d.Status).OrderBy(g => g.Key).Select(g => new Fact($"{g.Key} registrations", LocaleFormat.For(Languages.English).Number(g.Count()))));
        facts.AddRange(deals.Where(d => d.IsActive).OrderBy(d => d.ProtectedUntil).Take(10).Select(d =>
            new Fact($"{d.Id} {d.CompanyName}", $"{d.Status}, protected until {(d.ProtectedUntil is { } until ? LocaleFormat.For(Languages.English).Date(until) : "—")}")));
        return new PersonalFacts("Deals", true, facts);
    }
}
