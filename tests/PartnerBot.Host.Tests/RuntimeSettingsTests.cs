using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerBot.Host.Tests.Knowledge;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

/// <summary>
/// The host's garbage collector is a measured choice (issue 19, "Memory under load" in the benchmarks' README):
/// Workstation GC, written into the host's runtimeconfig.json by its project, and the operations guide says how an
/// administrator turns Server GC back. The settings the runtime reads from the environment only are in runtime.env
/// beside the host, the same in launchSettings.json for `dotnet run`, and the host says at start when it was started
/// without them.
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

    private static string RuntimeEnvBesideTheHost => Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location)!, HostRuntime.FileName);

    [Fact]
    public void TheRuntimeEnv_IsBesideTheHost_AndDotnetRunSetsTheSame()
    {
        Assert.True(File.Exists(RuntimeEnvBesideTheHost), $"{RuntimeEnvBesideTheHost} is not beside the host's assembly.");
        var file = HostRuntime.Read(RuntimeEnvBesideTheHost).ToDictionary(kv => kv.Key, kv => kv.Value);
        var launch = JsonNode.Parse(File.ReadAllText(Path.Combine(Peers.RepositoryRoot, "src", "PartnerBot.Host", "Properties", "launchSettings.json")))!;
        var dotnetRun = launch["profiles"]!.AsObject().Select(p => p.Value!["environmentVariables"]!.AsObject())
            .SelectMany(e => e.Where(v => !v.Key.StartsWith("ASPNETCORE_", StringComparison.Ordinal)))
            .ToDictionary(v => v.Key, v => v.Value!.GetValue<string>());

        Assert.NotEmpty(file);
        Assert.Equal(file.OrderBy(kv => kv.Key), dotnetRun.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void TheRuntimeEnv_GivesTheYoungGenerationABudgetInHexadecimalBytes()
    {
        var budget = HostRuntime.Read(RuntimeEnvBesideTheHost).Single(kv => kv.Key == "DOTNET_GCgen0size").Value;

        // The runtime reads the value as hexadecimal; a decimal "16777216" would be a budget of 360 MiB.
        Assert.StartsWith("0x", budget, StringComparison.Ordinal);
        var bytes = Convert.ToInt64(budget[2..], 16);
        Assert.InRange(bytes, 1L << 20, 64L << 20);
    }

    [Fact]
    public void TheRuntimeEnv_KeepsTheCLibrarysArenasFew()
    {
        var arenas = HostRuntime.Read(RuntimeEnvBesideTheHost).Single(kv => kv.Key == "MALLOC_ARENA_MAX").Value;

        // glibc's default is eight arenas per core; a value it cannot read as a positive number is ignored.
        Assert.InRange(int.Parse(arenas, System.Globalization.CultureInfo.InvariantCulture), 1, Environment.ProcessorCount * 2);
    }

    [Fact]
    public void NotLoaded_NamesTheSettingsTheProcessWasStartedWithout()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "# a comment\n\nDOTNET_GCgen0size=0x1000000\n  DOTNET_TieredPGO = 0 \n");

            Assert.Equal(["DOTNET_GCgen0size=0x1000000", "DOTNET_TieredPGO=0"], HostRuntime.NotLoaded(path, _ => null));
            Assert.Equal(["DOTNET_TieredPGO=0"], HostRuntime.NotLoaded(path, n => n == "DOTNET_GCgen0size" ? "0x1000000" : null));
            // Another value is the administrator's choice, not a file left unloaded.
            Assert.Empty(HostRuntime.NotLoaded(path, n => n == "DOTNET_GCgen0size" ? "0x400000" : "1"));
            Assert.Empty(HostRuntime.NotLoaded(path + ".none", _ => null));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_ALineThatIsNoSetting_IsRefusedWithItsLineNumber()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "DOTNET_GCgen0size=0x1000000\nexport GC\n");

            var error = Assert.Throws<InvalidDataException>(() => HostRuntime.Read(path));
            Assert.Contains("line 2", error.Message);
            Assert.Contains("export GC", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AFileInError_IsAWarningNamingItsLine_NotAFailedStart()
    {
        var path = Path.GetTempFileName();
        var logs = new CapturedLogs();
        try
        {
            File.WriteAllText(path, "DOTNET_GCgen0size=0x1000000\nexport GC\n");

            HostRuntime.Warn(logs.CreateLogger("PartnerBot"), path, _ => null);

            var warning = Assert.Single(logs.Lines);
            Assert.StartsWith("Warning PartnerBot[9003]", warning, StringComparison.Ordinal);
            Assert.Contains("line 2", warning);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task TheHost_SaysAtStartWhenItWasStartedWithoutTheRuntimeEnv()
    {
        var logs = new CapturedLogs();
        using var host = new TestHost(services: s => s.AddSingleton<ILoggerProvider>(logs));
        using var client = host.CreateClient();
        (await client.GetAsync("/healthz")).EnsureSuccessStatusCode();

        // This test process was started by the test runner, with or without the file's settings: the host says so exactly then.
        var missing = HostRuntime.NotLoaded(RuntimeEnvBesideTheHost, Environment.GetEnvironmentVariable);
        var warnings = logs.Lines.Where(l => l.Contains("[9002]", StringComparison.Ordinal)).ToList();
        if (missing.Count == 0)
        {
            Assert.Empty(warnings);
            return;
        }
        var warning = Assert.Single(warnings);
        Assert.StartsWith("Warning", warning, StringComparison.Ordinal);
        Assert.All(missing, m => Assert.Contains(m, warning));
        Assert.Contains("EnvironmentFile=", warning);
    }

    [Fact]
    public void TheOperationsGuide_SaysHowToLoadTheRuntimeEnv()
    {
        var guide = File.ReadAllText(Path.Combine(Peers.RepositoryRoot, "docs", "operations.md"));

        Assert.Contains("runtime.env", guide);
        Assert.Contains("EnvironmentFile=", guide);
        Assert.Contains("--env-file", guide);
    }
}
