using BenchmarkDotNet.Running;
using PartnerBot.Benchmarks;

// `quick`: single-search latency percentiles for retrieval without BenchmarkDotNet's long run.
if (args is ["quick", ..])
{
    await QuickRetrievalRun.RunAsync(Console.Out);
    return;
}

// `digests-timing`: one scheduler-style pass of 500 digests over 10,000 partners (goal < 10 s).
if (args is ["digests-timing", ..])
{
    await DigestTiming.RunAsync(Console.Out);
    return;
}

// `conflicts-percentiles [rows] [lookups]`: per-call p50/p99 of the deal conflict check over stored registrations.
if (args.Length > 0 && args[0] == ConflictCheckPercentiles.Name)
{
    await ConflictCheckPercentiles.RunAsync(args.Skip(1).ToArray());
    return;
}

// `ack-load [--host <dll>] [--connections 32] [--seconds 10]`: the Slack acknowledgement path of the real host under load.
if (args.Length > 0 && args[0] == AckLoad.Name)
{
    await AckLoad.RunAsync(args.Skip(1).ToArray(), Console.Out);
    return;
}

// `turn-load [--connections 1,32] [--seconds 10] [--only slack|teams] [--no-peers]`: PartnerBot beside Bolt-js and botbuilder-js under wrk.
if (args.Length > 0 && args[0] == TurnLoad.Name)
{
    await TurnLoad.RunAsync(args.Skip(1).ToArray(), Console.Out);
    return;
}

// `import-timing [--rows 100000]`: a 100,000-row CSV import of deals and of direct accounts: rows per second, peak memory.
if (args.Length > 0 && args[0] == ImportTiming.Name)
{
    await ImportTiming.RunAsync(args.Skip(1).ToArray(), Console.Out);
    return;
}

// Every benchmark class in this assembly; pick with --filter (e.g. --filter '*Retrieval*').
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>The benchmarks' entry point.</summary>
public partial class Program;
