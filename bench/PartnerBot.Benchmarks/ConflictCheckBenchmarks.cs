using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace PartnerBot.Benchmarks;

/// <summary>
/// The deal conflict check (ConflictChecker.CheckAsync: catch-up query + index lookup + fuzzy scoring) against
/// 1,000,000 stored registrations, on SQLite or (PARTNERBOT_BENCH_PROVIDER=PostgreSQL) PostgreSQL: see <see cref="BenchStorage"/>.
/// Run: dotnet run -c Release --project bench/PartnerBot.Benchmarks -- --filter *ConflictCheck*
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PercentileConfig))]
public class ConflictCheckBenchmarks
{
    private sealed class PercentileConfig : ManualConfig
    {
        public PercentileConfig() => AddColumn(StatisticColumn.P50, StatisticColumn.P95, StatisticColumn.Max);
    }

    private ConflictCheckData _data = null!;
    private int _next;

    [Params(1_000_000)]
    public int Registrations { get; set; }

    [GlobalSetup]
    public void Setup() => _data = ConflictCheckData.CreateAsync(Registrations, 4096).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _data.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<bool> CheckOneRegistration()
    {
        var q = _data.Queries[_next++ & 4095];
        var result = await _data.Checker.CheckAsync("org-new", q, null, CancellationToken.None);
        return result.HasConflict;
    }
}

/// <summary>
/// Per-call percentiles, which BenchmarkDotNet's per-iteration statistics do not give.
/// Run: dotnet run -c Release --project bench/PartnerBot.Benchmarks -- conflicts-percentiles [registrations] [calls]
/// </summary>
public static class ConflictCheckPercentiles
{
    public const string Name = "conflicts-percentiles";

    public static async Task RunAsync(string[] args)
    {
        var registrations = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        var calls = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
        var build = Stopwatch.StartNew();
        await using var data = await ConflictCheckData.CreateAsync(registrations, calls);
        Console.WriteLine($"{BenchStorage.ProviderName}: built and indexed {registrations:N0} registrations in {build.Elapsed.TotalSeconds:N1} s ({data.Index.Count:N0} in the index).");

        for (var i = 0; i < 500; i++) await data.Checker.CheckAsync("org-new", data.Queries[i % calls], null, CancellationToken.None); // warm-up
        var times = new double[calls];
        var conflicts = 0;
        for (var i = 0; i < calls; i++)
        {
            var sw = Stopwatch.StartNew();
            var r = await data.Checker.CheckAsync("org-new", data.Queries[i], null, CancellationToken.None);
            times[i] = sw.Elapsed.TotalMilliseconds;
            if (r.HasConflict) conflicts++;
        }
        Array.Sort(times);
        double P(double p) => times[Math.Min(times.Length - 1, (int)Math.Ceiling(p / 100 * times.Length) - 1)];
        Console.WriteLine($"ConflictChecker.CheckAsync (catch-up query + index): {calls:N0} checks, {conflicts:N0} with a conflict. p50 {P(50):N3} ms, p95 {P(95):N3} ms, p99 {P(99):N3} ms, max {times[^1]:N3} ms.");

        // The index alone, without the database round trip, to show where the time goes.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var candidates = new int[calls];
        for (var i = 0; i < calls; i++)
        {
            var sw = Stopwatch.StartNew();
            data.Index.Check("org-new", PartnerBot.Deals.CompanyNames.Normalize(data.Queries[i]), null, today, 90);
            times[i] = sw.Elapsed.TotalMilliseconds;
            candidates[i] = data.Index.LastCandidates;
        }
        Array.Sort(candidates);
        Console.WriteLine($"Names looked at after the trigram filter: p50 {candidates[calls / 2]:N0}, p99 {candidates[calls * 99 / 100]:N0}, max {candidates[^1]:N0}.");
        Array.Sort(times);
        Console.WriteLine($"ConflictIndex.Check alone: p50 {P(50):N3} ms, p95 {P(95):N3} ms, p99 {P(99):N3} ms, max {times[^1]:N3} ms.");
    }
}
