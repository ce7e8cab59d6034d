using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerBot.Deals;
using PartnerBot.Enablement;
using PartnerBot.Importing;
using PartnerBot.Storage;

namespace PartnerBot.Benchmarks;

/// <summary>
/// Goal (issue 16): a 100,000-row CSV imports in one transaction with memory that does not grow with the file. Run:
/// <c>dotnet run -c Release --project bench/PartnerBot.Benchmarks -- import-timing [--rows 100000]</c>. Loads the
/// demo program into a fresh SQLite file, writes a deals file (the kind with the most checks: organisation, the person
/// who registered it, currency, amounts, dates) and a direct-accounts file, imports each, then imports each again
/// (every row matched and unchanged). Prints rows per second and the managed heap's peak during each run.
/// </summary>
public static class ImportTiming
{
    public const string Name = "import-timing";

    public static async Task RunAsync(string[] args, TextWriter output)
    {
        var rows = args is ["--rows", var n, ..] ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "PartnerBot.sln"))) root = root.Parent;
        var demo = Path.Combine(root!.FullName, "samples", "demo-program");
        var work = Directory.CreateTempSubdirectory("partnerbot-bench-import-").FullName;
        var database = Path.Combine(work, "import.db");
        try
        {
            var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(demo, "program.json"))
                .AddInMemoryCollection([new("ProgramData:Path", demo)]).Build();
            var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
                .AddPartnerBotCore(new StorageSettings(StorageProvider.Sqlite, $"Data Source={database}")).AddDeals().AddEnablement();
            await using var sp = services.BuildServiceProvider();
            await sp.MigrateAndLoadAsync();

            var deals = Path.Combine(work, "deals.csv");
            var accounts = Path.Combine(work, "accounts.csv");
            await WriteDealsAsync(deals, rows);
            await WriteAccountsAsync(accounts, rows);
            output.WriteLine($"{rows:N0} rows per file: deals {new FileInfo(deals).Length / 1024 / 1024} MiB, direct accounts {new FileInfo(accounts).Length / 1024 / 1024} MiB");

            foreach (var (kind, file) in new[] { ("deals", deals), ("direct-accounts", accounts) })
                for (var run = 1; run <= 2; run++)
                    await TimeAsync(sp, kind, file, run == 1 ? "first import" : "again (all unchanged)", output);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task TimeAsync(IServiceProvider sp, string kind, string file, string label, TextWriter output)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = baseline;
        var progress = new Peak(() => peak = Math.Max(peak, GC.GetTotalMemory(false)));
        await using var scope = sp.CreateAsyncScope();
        var runner = scope.ServiceProvider.GetRequiredService<ImportRunner>();
        var clock = Stopwatch.StartNew();
        ImportReport report;
        await using (var csv = CsvImportSource.Open(file))
            report = await runner.ImportAsync(kind, csv, new ImportOptions(), progress);
        clock.Stop();
        output.WriteLine($"{kind,-16} {label,-22} {report.Rows:N0} rows in {clock.Elapsed.TotalSeconds:F1} s = {report.Rows / clock.Elapsed.TotalSeconds:N0} rows/s; " +
            $"{report.Added:N0} added, {report.Unchanged:N0} unchanged, {report.Refused} refused; managed heap peak {(peak - baseline) / 1024 / 1024:N0} MiB above the start " +
            $"(process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MiB)");
    }

    private static async Task WriteDealsAsync(string path, int rows)
    {
        (string Organisation, string Person, string Currency)[] partners =
            [("acme", "acme-jane", "GBP"), ("borealis", "borealis-lena", "EUR"), ("kedai", "kedai-aisyah", "MYR"), ("lotus", "lotus-wei", "CNY"), ("wisla", "wisla-piotr", "PLN")];
        await using var writer = new StreamWriter(path);
        await writer.WriteLineAsync("id,organisation,registeredBy,company,status,registeredOn,closeDate,website,contactName,contactEmail,amount,currency,product,closedOn,contractValue,source");
        for (var i = 1; i <= rows; i++)
        {
            var (organisation, person, currency) = partners[i % partners.Length];
            var won = i % 3 == 0;
            await writer.WriteLineAsync($"DR-BENCH{i:D7},{organisation},{person},\"Customer {i}, Ltd\",{(won ? "ClosedWon" : "Expired")},2025-{1 + i % 12:D2}-{1 + i % 28:D2}," +
                $"2026-{1 + i % 12:D2}-{1 + i % 28:D2},customer{i}.example,Contact {i},buyer{i}@customer{i}.example,{1000 + i % 90000}.50,{currency},Northwind Cloud Team," +
                (won ? $"2026-{1 + i % 12:D2}-{1 + i % 28:D2},{1000 + i % 90000}.50,PartnerSourced" : ",,"));
        }
    }

    private static async Task WriteAccountsAsync(string path, int rows)
    {
        await using var writer = new StreamWriter(path);
        await writer.WriteLineAsync("id,name,domain,owner");
        for (var i = 1; i <= rows; i++) await writer.WriteLineAsync($"da-bench-{i},Account {i} GmbH,account{i}.example,\"Direct sales, region {i % 7}\"");
    }

    private sealed class Peak(Action sample) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => sample();
    }
}
