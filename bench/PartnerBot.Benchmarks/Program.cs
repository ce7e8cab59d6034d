using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/PartnerBot.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
