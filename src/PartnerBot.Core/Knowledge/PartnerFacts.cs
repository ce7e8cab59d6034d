using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Knowledge;

/// <summary>
/// A few facts about the asker's own organisation, as the capability that owns them computed them. The assistant
/// passes them to the model verbatim: every number in an answer about "my …" comes from here, never from the model.
/// </summary>
public sealed record PersonalFacts(string Topic, bool Available, IReadOnlyList<Fact> Facts)
{
    public static PersonalFacts NotAvailable(string topic) => new(topic, false, []);

    public string ToText() => Available
        ? $"{Topic}:\n" + string.Join('\n', Facts.Select(f => $"- {f.Label}: {f.Value}"))
        : $"{Topic}: not available yet.";
}

/// <summary>
/// One source of personal facts. Each capability (tiers, deals, commissions, MDF) registers its own implementation
/// with <c>services.AddSingleton&lt;ITierFacts, …&gt;()</c> (or scoped); the defaults here stand in until they land.
/// Implementations receive the resolved <see cref="Actor"/> and must scope by it: the organisation is
/// <see cref="Actor.PartnerOrganisationId"/>, never anything a model or a person typed.
/// </summary>
public interface IPersonalFactsSource
{
    Task<PersonalFacts> GetAsync(Actor actor, PartnerBotDb db, CancellationToken ct);
}

/// <summary>The organisation's tier and its progress toward the next one.</summary>
public interface ITierFacts : IPersonalFactsSource;

/// <summary>The organisation's deal registrations.</summary>
public interface IDealFacts : IPersonalFactsSource;

/// <summary>The organisation's commission earned, pending and paid.</summary>
public interface ICommissionFacts : IPersonalFactsSource;

/// <summary>The organisation's MDF allocation and what is left of it.</summary>
public interface IMdfFacts : IPersonalFactsSource;

/// <summary>
/// Until the tiers capability lands: the stored tier and the stored facts its criteria read, against the next
/// tier's thresholds from the program rules.
/// </summary>
public sealed class StoredTierFacts(IOptions<ProgramOptions> program) : ITierFacts
{
    public async Task<PersonalFacts> GetAsync(Actor actor, PartnerBotDb db, CancellationToken ct)
    {
        if (actor.PartnerOrganisationId is not { } orgId) return PersonalFacts.NotAvailable("Tier");
        var org = await db.PartnerOrganisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return PersonalFacts.NotAvailable("Tier");
        var rules = program.Value;
        var facts = new List<Fact>
        {
            new("Organisation", org.Name),
            new("Current tier", org.Tier),
            new("Annual revenue", $"{org.AnnualRevenue:N0} {rules.Currency}"),
            new("Sales-certified reps", org.SalesCertifiedReps.ToString()),
            new("Technical certifications", org.TechnicalCertifications.ToString()),
            new("Customer references", org.CustomerReferences.ToString()),
        };
        if (rules.FindTier(org.Tier) is { } current)
            facts.Add(new("Commission rate at current tier", $"{current.CommissionPercent.GetValueOrDefault(org.Type)}%"));
        if (rules.NextTier(org.Tier) is { } next)
        {
            facts.Add(new("Next tier", next.Name));
            facts.Add(new("Next tier needs annual revenue", $"{next.MinAnnualRevenue:N0} {rules.Currency} (short by {Math.Max(0, next.MinAnnualRevenue - org.AnnualRevenue):N0})"));
            facts.Add(new("Next tier needs sales-certified reps", $"{next.MinSalesCertifiedReps} (short by {Math.Max(0, next.MinSalesCertifiedReps - org.SalesCertifiedReps)})"));
            if (next.MinTechnicalCertifications > 0)
                facts.Add(new("Next tier needs technical certifications", $"{next.MinTechnicalCertifications} (short by {Math.Max(0, next.MinTechnicalCertifications - org.TechnicalCertifications)})"));
            if (next.MinCustomerReferences > 0)
                facts.Add(new("Next tier needs customer references", $"{next.MinCustomerReferences} (short by {Math.Max(0, next.MinCustomerReferences - org.CustomerReferences)})"));
            if (next.RequiresDedicatedPractice) facts.Add(new("Next tier needs a dedicated practice", org.DedicatedPractice ? "met" : "not met"));
            if (next.RequiresExecutiveSponsor) facts.Add(new("Next tier needs an executive sponsor", org.ExecutiveSponsor ? "met" : "not met"));
        }
        else
        {
            facts.Add(new("Next tier", "none: this is the highest tier"));
        }
        return new PersonalFacts("Tier", true, facts);
    }
}

/// <summary>Stand-in until the deals capability registers its own <see cref="IDealFacts"/>.</summary>
public sealed class NoDealFacts : IDealFacts
{
    public Task<PersonalFacts> GetAsync(Actor actor, PartnerBotDb db, CancellationToken ct) =>
        Task.FromResult(PersonalFacts.NotAvailable("Deals"));
}

/// <summary>Stand-in until the commissions capability registers its own <see cref="ICommissionFacts"/>.</summary>
public sealed class NoCommissionFacts : ICommissionFacts
{
    public Task<PersonalFacts> GetAsync(Actor actor, PartnerBotDb db, CancellationToken ct) =>
        Task.FromResult(PersonalFacts.NotAvailable("Commission"));
}

/// <summary>Stand-in until the MDF capability registers its own <see cref="IMdfFacts"/>.</summary>
public sealed class NoMdfFacts : IMdfFacts
{
    public Task<PersonalFacts> GetAsync(Actor actor, PartnerBotDb db, CancellationToken ct) =>
        Task.FromResult(PersonalFacts.NotAvailable("MDF"));
}
