using System.ComponentModel;
using System.Text;
using Microsoft.SemanticKernel;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Knowledge;

/// <summary>
/// What one answer rests on: the passages and personal facts the model was given or fetched. Citations are drawn
/// from it, and every number in the model's answer must appear in it (<see cref="NumberGuard"/>).
/// </summary>
public sealed class AssistantEvidence
{
    private readonly List<Passage> _passages = [];
    private readonly List<PersonalFacts> _facts = [];

    public IReadOnlyList<Passage> Passages => _passages;
    public IReadOnlyList<PersonalFacts> Facts => _facts;

    /// <summary>Adds passages not seen yet and returns the numbers [n] they are cited by.</summary>
    public IReadOnlyList<(int Number, Passage Passage)> Add(IEnumerable<Passage> passages)
    {
        var numbered = new List<(int, Passage)>();
        foreach (var p in passages)
        {
            var i = _passages.FindIndex(x => x.ChunkId == p.ChunkId);
            if (i < 0)
            {
                _passages.Add(p);
                i = _passages.Count - 1;
            }
            numbered.Add((i + 1, p));
        }
        return numbered;
    }

    public void Add(PersonalFacts facts) => _facts.Add(facts);

    public string AllText() =>
        string.Join('\n', _passages.Select(p => p.HeadingPath + "\n" + p.Text).Concat(_facts.Select(f => f.ToText())));

    public static string Format(IEnumerable<(int Number, Passage Passage)> numbered)
    {
        var sb = new StringBuilder();
        foreach (var (n, p) in numbered)
            sb.Append('[').Append(n).Append("] ").AppendLine(p.HeadingPath).AppendLine(p.Text).AppendLine();
        return sb.ToString();
    }
}

/// <summary>Lets the model search the knowledge base again with its own words; results join the answer's evidence.</summary>
public sealed class KnowledgeSearchPlugin(KnowledgeRetriever retriever, string language, AssistantEvidence evidence)
{
    [KernelFunction("search")]
    [Description("Searches the partner program's documents (tiers, commission, deal registration, MDF, enablement, onboarding). Returns numbered passages to cite as [n].")]
    public async Task<string> SearchAsync([Description("What to look for, in a few words")] string query, CancellationToken cancellationToken = default)
    {
        var result = await retriever.SearchAsync(query ?? "", language, ct: cancellationToken);
        return result.Found ? AssistantEvidence.Format(evidence.Add(result.Passages)) : "No passage matches.";
    }
}

/// <summary>
/// One of the asker's own facts (tier, deals, commission, MDF) as a kernel function with no parameters: the actor is
/// bound here, on the server, when the kernel is built for the turn, so nothing the model sends can point it at
/// another organisation.
/// </summary>
public sealed class PersonalFactsPlugin(Actor actor, PartnerBotDb db, IPersonalFactsSource source, AssistantEvidence evidence)
{
    public async Task<string> GetAsync(CancellationToken cancellationToken = default)
    {
        if (OrganisationAccess.OwnOrganisationId(actor) is null)
            return "The asker is vendor staff, not a partner: there are no personal partner facts for them.";
        var facts = await source.GetAsync(actor, db, cancellationToken);
        evidence.Add(facts);
        return facts.ToText();
    }

    public static readonly IReadOnlyList<(string Name, Type Source, string Description)> All =
    [
        ("my_tier", typeof(ITierFacts), "The asker's own organisation: current tier, the facts tier criteria read, and what the next tier still needs."),
        ("my_deals", typeof(IDealFacts), "The asker's own organisation's deal registrations and their status."),
        ("my_commission", typeof(ICommissionFacts), "The asker's own organisation's commission: earned, pending, paid."),
        ("my_mdf", typeof(IMdfFacts), "The asker's own organisation's market development funds: allocation, spent, left."),
    ];

    /// <summary>The asker's own facts that go with a document's topic: "how do I reach Gold?" is answered from the
    /// tiers document and the organisation's own tier standing.</summary>
    public static Type? ForTopic(string slug) => slug switch
    {
        "tiers" or "incentives" => typeof(ITierFacts),
        "deal-registration" => typeof(IDealFacts),
        "commission" or "co-selling" => typeof(ICommissionFacts),
        "mdf" or "mdf-claims" => typeof(IMdfFacts),
        _ => null,
    };

    /// <summary>A plugin named <paramref name="name"/> with one function, "get", bound to this actor.</summary>
    public static KernelPlugin Create(string name, string description, Actor actor, PartnerBotDb db, IPersonalFactsSource source, AssistantEvidence evidence)
    {
        var plugin = new PersonalFactsPlugin(actor, db, source, evidence);
        var function = KernelFunctionFactory.CreateFromMethod(plugin.GetAsync, "get", description);
        return KernelPluginFactory.CreateFromFunctions(name, description, [function]);
    }
}
