using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point of the benchmarks; pick with --filter, e.g. --filter '*Teams*'.</summary>
public partial class Program;
