using PartnerBot.Benchmarks;

// `dotnet run -c Release --project bench/PartnerBot.EmbeddingEval`: see EmbeddingEvaluation.
await EmbeddingEvaluation.RunAsync(Console.Out);
