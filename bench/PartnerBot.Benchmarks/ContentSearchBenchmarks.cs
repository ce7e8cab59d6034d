using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PartnerBot.Enablement;
using PartnerBot.Importing;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Benchmarks;

/// <summary>Content search on the demo catalog through the real migrations (FTS5): the "find a deck in seconds" goal.</summary>
[MemoryDiagnoser]
public class ContentSearchBenchmarks
{
    private string _path = "";
    private PartnerBotDb _db = null!;
    private ContentSearch _search = null!;
    private readonly Actor _english = new("acme-jane", "Jane", Role.PartnerUser, "acme", new Preferences { Language = "en" });
    private readonly Actor _chinese = new("lotus-wei", "Wei", Role.PartnerUser, "lotus", new Preferences { Language = "zh-Hans" });

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "PartnerBot.sln"))) root = root.Parent;
        var folder = Path.Combine(root!.FullName, "samples", "demo-program");
        var program = new ProgramOptions();
        new ConfigurationBuilder().AddJsonFile(Path.Combine(folder, "program.json")).Build().GetSection(ProgramOptions.Section).Bind(program);

        _path = Path.Combine(Path.GetTempPath(), $"partnerbot-bench-{Guid.NewGuid():N}.db");
        _db = new PartnerBotDb(new DbContextOptionsBuilder<PartnerBotDb>().UseSqlite($"Data Source={_path}").Options);
        await _db.Database.MigrateAsync();
        var importers = new IImporter[] { new PersonImporter(), new PartnerImporter(Options.Create(program)), new IdentityImporter() };
        await new PeopleLoader(new ImportRunner(_db, importers, TimeProvider.System)).LoadAsync(_db, folder, default);
        await new ContentLoader(TimeProvider.System, Options.Create(program)).LoadAsync(_db, folder, default);
        _search = new ContentSearch(Options.Create(program));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db.Dispose();
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Benchmark]
    public Task<ContentSearchResult> EnglishWords() => _search.SearchAsync(_db, _english, new ContentQuery("retail case study forecasting"), default);

    [Benchmark]
    public Task<ContentSearchResult> ChineseTrigrams() => _search.SearchAsync(_db, _chinese, new ContentQuery("零售客户案例"), default);

    [Benchmark]
    public Task<ContentSearchResult> FiltersOnly() => _search.SearchAsync(_db, _english, new ContentQuery("", Type: "case-study", Language: "en"), default);
}
