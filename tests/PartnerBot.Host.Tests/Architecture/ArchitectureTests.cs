using System.Reflection;
using NetArchTest.Rules;

namespace PartnerBot.Host.Tests.Architecture;

/// <summary>
/// The layout the README describes, kept by the compiler's output: capability folders depend on each other in one
/// direction only, the product has no HTTP server and no channel format, and channels know nothing of capabilities.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Core = typeof(PartnerBot.PartnerBotCore).Assembly;
    private static readonly Assembly Slack = typeof(PartnerBot.Slack.SlackOptions).Assembly;
    private static readonly Assembly Teams = typeof(PartnerBot.Teams.TeamsOptions).Assembly;

    /// <summary>The capability folders of the product (each its own namespace).</summary>
    private static readonly string[] Capabilities =
    [
        "PartnerBot.Deals", "PartnerBot.Commissions", "PartnerBot.Tiers", "PartnerBot.Enablement",
        "PartnerBot.Mdf", "PartnerBot.Knowledge", "PartnerBot.Digests", "PartnerBot.Onboarding", "PartnerBot.PartnerVoice", "PartnerBot.Leads",
    ];

    /// <summary>Which capability uses which, with the types that make each edge (to name them when a cycle appears).</summary>
    private static Dictionary<string, Dictionary<string, List<string>>> CapabilityGraph()
    {
        var graph = Capabilities.ToDictionary(c => c, _ => new Dictionary<string, List<string>>());
        foreach (var from in Capabilities)
            foreach (var to in Capabilities.Where(c => c != from))
            {
                var users = Types.InAssembly(Core).That().ResideInNamespace(from).And().HaveDependencyOn(to)
                    .GetTypes().Select(t => t.FullName!).ToList();
                if (users.Count > 0) graph[from][to] = users;
            }
        return graph;
    }

    [Fact]
    public void CapabilityNamespaces_HaveNoCycles()
    {
        var graph = CapabilityGraph();
        Assert.True(graph.Values.Sum(e => e.Count) > 0, "The scan found no dependency at all between capabilities: it is not reading the product.");

        var cycles = new List<string>();
        foreach (var start in Capabilities)
        {
            // Depth-first from each capability: reaching it again is a cycle.
            var stack = new Stack<List<string>>();
            stack.Push([start]);
            var seen = new HashSet<string>();
            while (stack.Count > 0)
            {
                var path = stack.Pop();
                foreach (var next in graph[path[^1]].Keys)
                {
                    if (next == start)
                    {
                        cycles.Add(string.Join(" → ", path.Append(start)) + "\n    " + string.Join("\n    ",
                            path.Zip(path.Skip(1).Append(start)).Select(e => $"{e.First} → {e.Second}: {string.Join(", ", graph[e.First][e.Second].Take(4))}")));
                        continue;
                    }
                    if (seen.Add(next)) stack.Push([.. path, next]);
                }
            }
        }
        Assert.True(cycles.Count == 0, "Capabilities that depend on each other:\n" + string.Join('\n', cycles.Distinct()));
    }

    /// <summary>
    /// The digest reads every capability, so it must know none: each capability brings its own sections and parts
    /// (and Knowledge, whose facts every capability feeds, likewise). Were either to use a capability, that capability
    /// could no longer register its digest section or its facts without a cycle. Knowledge may use the digest's frame,
    /// as every capability may, for its own section (answer quality): the digest knows no capability, so no cycle.
    /// </summary>
    [Theory]
    [InlineData("PartnerBot.Digests")]
    [InlineData("PartnerBot.Knowledge")]
    public void GatheringCapabilities_KnowNoOtherCapability(string gatherer)
    {
        var used = CapabilityGraph()[gatherer].Where(e => !(gatherer == "PartnerBot.Knowledge" && e.Key == "PartnerBot.Digests")).ToList();
        Assert.True(used.Count == 0, $"{gatherer} uses " + string.Join("; ", used.Select(e => $"{e.Key} (by {string.Join(", ", e.Value)})")));
    }

    /// <summary>The REST API's reads and writes use the capabilities; were a capability to use them, the API would be a second owner of its rules.</summary>
    [Fact]
    public void NoCapability_UsesTheIntegrations()
    {
        var result = Types.InAssembly(Core).That().ResideInNamespace("PartnerBot.Integrations").GetTypes();
        Assert.NotEmpty(result);
        var users = Capabilities.SelectMany(c => Types.InAssembly(Core).That().ResideInNamespace(c).And().HaveDependencyOn("PartnerBot.Integrations")
            .GetTypes().Select(t => t.FullName!)).ToList();
        Assert.True(users.Count == 0, "Capability types that use PartnerBot.Integrations: " + string.Join(", ", users));
    }

    /// <summary>The rules of text every capability reads with (<see cref="PartnerBot.Text.Scripts"/>) know nothing of the
    /// product, so any capability, the router and the program's words may use them without a cycle.</summary>
    [Fact]
    public void TextRules_KnowNothingOfTheProduct()
    {
        Assert.NotEmpty(Types.InAssembly(Core).That().ResideInNamespace("PartnerBot.Text").GetTypes());
        var product = Core.GetTypes().Select(t => t.Namespace).OfType<string>()
            .Where(n => n.StartsWith("PartnerBot.", StringComparison.Ordinal) && n != "PartnerBot.Text").Distinct().ToArray();
        var result = Types.InAssembly(Core).That().ResideInNamespace("PartnerBot.Text").Should().NotHaveDependencyOnAny(product).GetResult();
        Assert.True(result.IsSuccessful, "Text types that use the product: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Core_HasNoHttpServerAndNoChannelFormat()
    {
        var result = Types.InAssembly(Core).Should()
            .NotHaveDependencyOnAny("Microsoft.AspNetCore", "PartnerBot.Slack", "PartnerBot.Teams", "PartnerBot.Host")
            .GetResult();
        Assert.True(result.IsSuccessful, "Core types that reach HTTP serving or a channel: " + string.Join(", ", result.FailingTypeNames ?? []));
        Assert.DoesNotContain(Core.GetReferencedAssemblies(), a => a.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Slack")]
    [InlineData("Teams")]
    public void Channels_KnowNoCapability(string channel)
    {
        var assembly = channel == "Slack" ? Slack : Teams;
        Assert.NotEmpty(Types.InAssembly(assembly).GetTypes());
        var result = Types.InAssembly(assembly).Should().NotHaveDependencyOnAny(Capabilities).GetResult();
        Assert.True(result.IsSuccessful, $"{channel} types that use a capability: " + string.Join(", ", result.FailingTypeNames ?? []));
    }
}
