using System.Text.Json.Nodes;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

/// <summary>
/// The host's garbage collector is a measured choice (issue 19, "Memory under load" in the benchmarks' README):
/// Workstation GC, written into the host's runtimeconfig.json by its project, and the operations guide says how an
/// administrator turns Server GC back.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void TheHost_RunsWorkstationGc()
    {
        var config = Path.ChangeExtension(typeof(Program).Assembly.Location, ".runtimeconfig.json");
        Assert.True(File.Exists(config), $"{config} is not beside the host's assembly.");
        var properties = JsonNode.Parse(File.ReadAllText(config))!["runtimeOptions"]!["configProperties"]!;

        Assert.False(properties["System.GC.Server"]!.GetValue<bool>());
    }

    [Fact]
    public void TheOperationsGuide_SaysHowToTurnServerGcBack()
    {
        var guide = File.ReadAllText(Path.Combine(Peers.RepositoryRoot, "docs", "operations.md"));

        Assert.Contains("DOTNET_gcServer=1", guide);
    }
}
