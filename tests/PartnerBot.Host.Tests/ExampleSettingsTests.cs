using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PartnerBot.Jobs;
using PartnerBot.PartnerProgram;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

/// <summary>An administrator installs from appsettings.example.json alone: it must name every setting there is.</summary>
public sealed class ExampleSettingsTests
{
    private static IConfigurationRoot Example() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(Peers.RepositoryRoot, "appsettings.example.json"))
        .Build();

    /// <summary>Every options class of ours that binds a section (a public const Section), in every PartnerBot assembly.</summary>
    public static TheoryData<string> OptionsTypes()
    {
        var data = new TheoryData<string>();
        foreach (var asm in ProductAssemblies())
            foreach (var t in asm.GetTypes().Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) && t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is not null))
                if (t != typeof(ProgramOptions)) // the program's rules are documented by samples/demo-program/program.json
                    data.Add(t.AssemblyQualifiedName!);
        return data;
    }

    /// <summary>The host and every PartnerBot assembly it references, loaded (they load lazily otherwise).</summary>
    private static IEnumerable<Assembly> ProductAssemblies()
    {
        var host = typeof(Program).Assembly;
        return host.GetReferencedAssemblies()
            .Where(n => n.Name!.StartsWith("PartnerBot.", StringComparison.Ordinal))
            .Select(Assembly.Load)
            .Append(host);
    }

    [Theory]
    [MemberData(nameof(OptionsTypes))]
    public void EverySetting_IsInTheExample(string typeName)
    {
        var type = Type.GetType(typeName)!;
        var section = (string)type.GetField("Section")!.GetValue(null)!;
        var example = Example().GetSection(section);
        Assert.True(example.Exists(), $"appsettings.example.json has no section '{section}'.");
        foreach (var p in type.GetProperties().Where(p => p.CanWrite))
            Assert.True(example.GetSection(p.Name).Exists(), $"appsettings.example.json does not show {section}:{p.Name}.");
    }

    [Fact]
    public void EveryJob_IsInTheExample_WithEnabledAndInterval()
    {
        using var host = new TestHost();
        var jobs = host.Services.GetServices<IHostedService>().OfType<IRecurringJob>().Select(j => j.Name).ToList();
        Assert.Superset(new HashSet<string>([.. TestHost.HandRunJobs, "Housekeeping", "QueueMetrics"]), jobs.ToHashSet());
        var example = Example();
        foreach (var name in jobs)
        {
            Assert.True(example.GetSection(JobOptions.Key(name, nameof(JobOptions.Enabled))).Exists(), $"appsettings.example.json does not show Jobs:{name}:Enabled.");
            Assert.True(TimeSpan.TryParse(example[JobOptions.Key(name, nameof(JobOptions.Interval))], System.Globalization.CultureInfo.InvariantCulture, out _),
                $"appsettings.example.json does not show Jobs:{name}:Interval.");
        }
    }

    [Fact]
    public void TheExample_NamesTheConnectionString_AndTheProgram()
    {
        var example = Example();
        Assert.NotNull(example.GetConnectionString("PartnerBot"));
        Assert.NotNull(example["Program:Name"]);
        Assert.True(OptionsTypes().Count >= 4);
    }
}
