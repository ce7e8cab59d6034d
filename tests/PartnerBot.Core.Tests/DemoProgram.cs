using Microsoft.Extensions.Configuration;
using PartnerBot.PartnerProgram;

namespace PartnerBot.Core.Tests;

/// <summary>The demo program's rules, read from samples/demo-program/program.json as the host reads them.</summary>
internal static class DemoProgram
{
    public static string Folder
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PartnerBot.sln"))) dir = dir.Parent;
            return Path.Combine(dir!.FullName, "samples", "demo-program");
        }
    }

    public static ProgramOptions Load()
    {
        var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(Folder, "program.json")).Build();
        var options = new ProgramOptions();
        config.GetSection(ProgramOptions.Section).Bind(options);
        options.ApplyListDefaults();
        return options;
    }
}
