using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PartnerBot.Knowledge;
using PartnerBot.Storage;

namespace PartnerBot.Benchmarks;

/// <summary>
/// Knowledge retrieval over 10,000 chunks on a database with the real migrations (SQLite: the FTS5 table and triggers;
/// PostgreSQL with PARTNERBOT_BENCH_PROVIDER: the tsvector columns, see <see cref="BenchStorage"/>): the demo
/// documents in four languages plus synthetic sections. Two corpora: "Mixed" sections hold two real sentences among
/// words drawn from a 20,000-word Zipf vocabulary (a large knowledge base with varied topics); "Recombined" sections
/// are only real sentences reshuffled (the worst case: every chunk speaks the program's own vocabulary, so common
/// question words match thousands of chunks). One operation = one question, with a fresh DbContext as a turn would
/// have. Goal: p95 under 20 ms.
/// </summary>
[Config(typeof(Config))]
public class RetrievalBenchmarks
{
    public const int TargetChunks = 10_000;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(20).WithLaunchCount(1));
            AddColumn(StatisticColumn.P50, StatisticColumn.P95, StatisticColumn.Max);
        }
    }

    private BenchStorage _storage = null!;
    private readonly IOptions<AssistantOptions> _options = Options.Create(new AssistantOptions());
    private readonly KnowledgeGlossary _glossary = KnowledgeGlossary.Load(Path.Combine(AppContext.BaseDirectory, "knowledge"));

    [Params("Mixed", "Recombined")]
    public string Corpus { get; set; } = "Mixed";

    [ParamsSource(nameof(Questions))]
    public Question Q { get; set; } = null!;

    public static IEnumerable<Question> Questions() =>
    [
        new("en", "how long is my deal registration protected"),
        new("en", "What is the weather in Paris tomorrow?"),
        new("ms", "Berapakah kadar komisen untuk penjual semula?"),
        new("zh-Hans", "市场发展基金可以用于网络研讨会吗？"),
        new("pl", "Jak awansować na poziom Gold?"),
        // A message that retells first and asks last: searched whole, then by the sentence it asks in.
        new("en", "finance asks: we closed Acme Logistics on 3 March for their warehouse rollout. need it for the Q2 forecast. when do we get paid?"),
    ];

    public sealed record Question(string Language, string Text)
    {
        public override string ToString() => $"{Language}: {Text}";
    }

    public string Database => _storage.Settings.ConnectionString;

    private PartnerBotDb NewDb() => _storage.NewContext();

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _storage = await BenchStorage.CreateAsync();
        await using var db = NewDb();
        await new KnowledgeIngestor(db, TimeProvider.System, NullLogger<KnowledgeIngestor>.Instance)
            .IngestFolderAsync(Path.Combine(AppContext.BaseDirectory, "knowledge"));
        var real = await db.KnowledgeChunks.AsNoTracking().ToListAsync();

        // Synthetic sections: sentences of the real ones reshuffled under numbered headings, in their language.
        var random = new Random(42);
        var missing = TargetChunks - real.Count;
        await using var tx = await db.Database.BeginTransactionAsync();
        for (var i = 0; i < missing; i++)
        {
            var source = real[random.Next(real.Count)];
            var other = real.Where(c => c.Language == source.Language).ElementAt(random.Next(real.Count(c => c.Language == source.Language)));
            var sentences = source.Text.Split('.').Concat(other.Text.Split('.')).OrderBy(_ => random.Next());
            var text = Corpus == "Recombined"
                ? string.Join(' ', sentences.Take(6)) + $" Section {i}."
                : string.Join(". ", sentences.Take(2)) + ". " + Filler(random, 60) + $" Section {i}.";
            var heading = Corpus == "Recombined" ? $"{source.HeadingPath} › Part {i}" : $"{Filler(random, 4)} › Part {i}";
            db.KnowledgeChunks.Add(new KnowledgeChunk
            {
                DocumentId = source.DocumentId, Slug = source.Slug, Language = source.Language, Ordinal = 1000 + i,
                HeadingPath = heading, Text = text,
                SearchHeading = KnowledgeText.ForIndex(heading), SearchBody = KnowledgeText.ForIndex(text),
            });
            if (i % 1000 == 999) await db.SaveChangesAsync();
        }
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        // As an ingest leaves the index (KnowledgeIngestor): the synthetic sections are added here, not ingested.
        await KnowledgeIndex.For(db).OptimizeAsync(default);
        var count = await db.KnowledgeChunks.CountAsync();
        if (count != TargetChunks) throw new InvalidOperationException($"Expected {TargetChunks} chunks, have {count}.");
    }

    // Pseudo-words with Zipf-like frequencies: a few common, most rare, as in real prose.
    private static readonly string[] Vocabulary = Enumerable.Range(0, 20_000).Select(Word).ToArray();

    private static string Word(int n)
    {
        const string letters = "abcdefghijklmnoprstuvwz";
        var chars = new List<char>();
        for (var x = n + 1; x > 0; x /= letters.Length) chars.Add(letters[x % letters.Length]);
        return "q" + new string([.. chars]) + "x";
    }

    private static string Filler(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Vocabulary[(int)Math.Min(Vocabulary.Length - 1, Math.Pow(Vocabulary.Length, random.NextDouble()) - 1)]));

    [GlobalCleanup]
    public void Cleanup() => _storage.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<int> Search()
    {
        await using var db = NewDb();
        var result = await new KnowledgeRetriever(db, _options, _glossary).SearchAsync(Q.Text, Q.Language);
        return result.Passages.Count;
    }
}

/// <summary>
/// `dotnet run -c Release --project bench/PartnerBot.Benchmarks -- quick`: the same 10,000 chunks, every question
/// searched 400 times, and the latency of single searches as p50/p95/max, per question and overall.
/// </summary>
public static class QuickRetrievalRun
{
    private static readonly string[] Corpora = ["Mixed", "Recombined"];

    public static async Task RunAsync(TextWriter output)
    {
        // PARTNERBOT_BENCH_CORPUS and PARTNERBOT_BENCH_QUESTION (a part of the question) narrow the run, for a profile.
        var only = Environment.GetEnvironmentVariable("PARTNERBOT_BENCH_CORPUS");
        foreach (var corpus in Corpora.Where(c => string.IsNullOrEmpty(only) || c == only))
        {
            output.WriteLine($"Corpus: {corpus} ({BenchStorage.ProviderName})");
            await RunCorpusAsync(corpus, output);
        }
    }

    private static async Task RunCorpusAsync(string corpus, TextWriter output)
    {
        var bench = new RetrievalBenchmarks { Corpus = corpus };
        await bench.SetupAsync();
        try
        {
            var all = new List<double>();
            var part = Environment.GetEnvironmentVariable("PARTNERBOT_BENCH_QUESTION");
            foreach (var q in RetrievalBenchmarks.Questions().Where(q => string.IsNullOrEmpty(part) || q.ToString().Contains(part, StringComparison.Ordinal)))
            {
                bench.Q = q;
                for (var i = 0; i < 20; i++) await bench.Search();
                var times = new List<double>();
                var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                for (var i = 0; i < 400; i++)
                {
                    var start = System.Diagnostics.Stopwatch.GetTimestamp();
                    await bench.Search();
                    times.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                // On a shared machine wall time also counts the waits for a core; the process's CPU time per search does not.
                var cpuPerSearch = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / times.Count;
                all.AddRange(times);
                output.WriteLine($"{q,-60} {Summary(times)}  cpu/search {cpuPerSearch:F2} ms");
            }
            output.WriteLine($"{"all questions",-60} {Summary(all)}");
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("PARTNERBOT_BENCH_KEEP") == "1") output.WriteLine($"Kept {bench.Database}");
            else bench.Cleanup();
        }
    }

    private static string Summary(List<double> times)
    {
        times.Sort();
        double P(double p) => times[(int)Math.Min(times.Count - 1, Math.Ceiling(p * times.Count) - 1)];
        return $"p50 {P(0.50):F2} ms  p95 {P(0.95):F2} ms  max {times[^1]:F2} ms  (n={times.Count})";
    }
}
