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
        : $"{Topic}: none; the asker has no partner organisation.";
}

/// <summary>
/// One source of personal facts. Each capability (tiers, deals, commissions, MDF) registers its own implementation
/// with <c>services.AddScoped&lt;ITierFacts, …&gt;()</c>.
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
