using PartnerBot.Conversations;
using PartnerBot.Knowledge;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Host.Tests.Knowledge;

/// <summary>
/// Stands in for the deals, commission and MDF capabilities: holds facts for every organisation and returns the ones
/// of the organisation it is asked for. If a plugin ever passed another organisation, the other's facts would show.
/// </summary>
public sealed class OrgFacts(string topic) : IDealFacts, ICommissionFacts, IMdfFacts
{
    public static readonly IReadOnlyDictionary<string, string> Marker = new Dictionary<string, string>
    {
        ["acme"] = "12,345 USD for Acme Integrations Ltd",
        ["borealis"] = "99,999 USD for Borealis Resale GmbH",
        ["kedai"] = "77,777 USD for Kedai Awan Sdn Bhd",
    };

    public Task<PersonalFacts> GetAsync(Actor actor, PartnerBotDb db, CancellationToken ct) =>
        Task.FromResult(actor.PartnerOrganisationId is { } org && Marker.TryGetValue(org, out var value)
            ? new PersonalFacts(topic, true, [new Fact(topic, value)])
            : PersonalFacts.NotAvailable(topic));
}
