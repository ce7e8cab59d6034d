using BenchmarkDotNet.Running;
using PartnerBot.Benchmarks;

// `dotnet run -c Release --project bench/PartnerBot.Benchmarks -- --filter *` runs BenchmarkDotNet;
// a first argument naming a harness ("conflicts-percentiles") runs that Stopwatch harness instead (per-call p50/p99).
if (args.Length > 0 && args[0] == ConflictCheckPercentiles.Name)
{
    await ConflictCheckPercentiles.RunAsync(args.Skip(1).ToArray());
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(ConflictCheckBenchmarks).Assembly).Run(args);
