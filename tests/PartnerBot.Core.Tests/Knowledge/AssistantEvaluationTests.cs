using System.Globalization;
using System.Text;
using System.Text.Json;
using PartnerBot.Knowledge;
using PartnerBot.People;
using Xunit.Abstractions;

namespace PartnerBot.Core.Tests.Knowledge;

/// <summary>
/// The assistant's evaluation: questions written the way partners type in chat (fragments, synonyms, typos, English
/// program terms inside Malay, Chinese and Polish sentences, "us" and "my company"), not in the documents' words.
/// Reported per language for the tuning part and the held-out part: hit@1 and hit@3 (a right document first / among
/// the passages given), facts found (every required fact is in the passages given), citation rate (a cited passage
/// holds a required fact) and decline precision and recall. A part fails when a language covers fewer than 95% of
/// its answerable questions (hit@3) or declines fewer than 95% of its out-of-scope ones.
/// </summary>
public sealed class AssistantEvaluationTests(ITestOutputHelper output)
{
    private const double Threshold = 0.95;

    [Fact]
    public void EvaluationSet_IsLargeEnough_InEveryLanguage_WithAHeldOutPart()
    {
        var set = EvalQuestion.Load();
        Assert.True(set.Count(q => q.Answerable) >= 200, $"{set.Count(q => q.Answerable)} answerable questions");
        foreach (var language in Languages.All)
        {
            var mine = set.Where(q => q.Language == language).ToList();
            Assert.True(mine.Count(q => q.Answerable) >= 40, language);
            Assert.True(mine.Count(q => !q.Answerable) >= 5, language);
            Assert.Contains(mine, q => q.HeldOut && q.Answerable);
            Assert.Contains(mine, q => q.HeldOut && !q.Answerable);
            Assert.All(mine.Where(q => q.Answerable), q => Assert.NotEmpty(q.Facts));
        }
    }

    /// <summary>
    /// A question asked twice counts twice, and a copy in the held-out part of a question tuned on makes that part a
    /// second tuning part: 58 copies had crept in over 17 batches before this test. Compared as partners' words are:
    /// case, spaces and punctuation aside.
    /// </summary>
    [Fact]
    public void EvaluationSet_HoldsEveryQuestionOnce_AndAboutAQuarterOfEachLanguageHeldOut()
    {
        var set = EvalQuestion.Load();
        static string Words(string q) => string.Concat(q.ToLowerInvariant().Where(char.IsLetterOrDigit));
        var twice = set.GroupBy(q => (q.Language, Words(q.Q))).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Language}: \"{g.First().Q}\" at lines {string.Join(", ", g.Select(q => q.Index + 1))}").ToList();
        Assert.True(twice.Count == 0, "Asked more than once:\n" + string.Join('\n', twice));
        foreach (var language in Languages.All)
        {
            var mine = set.Where(q => q.Language == language).ToList();
            var share = (double)mine.Count(q => q.HeldOut) / mine.Count;
            Assert.True(share is > 0.2 and < 0.3, string.Create(CultureInfo.InvariantCulture, $"{language}: {share:P0} held out; mark every fourth question of a batch \"heldOut\": true"));
        }
    }

    [Fact]
    public Task TuningPart_AnswersThePartnersQuestions_AndDeclinesTheRest_InEveryLanguage() => EvaluateAsync(heldOut: false);

    /// <summary>
    /// The held-out part (every fourth question of each batch, marked on the question) is read only as figures
    /// (Report_BothParts_PerLanguage), never question by question: each batch of questions was written before any run,
    /// and only its tuning part's misses were looked at. Where a language is not yet at the 95% the issue asks, it is
    /// held to the misses it has now, counted, not as a share: a new question that misses fails the test until its
    /// count is raised on purpose, and a mistyped share cannot lower the bar unseen. Covered: en 224 of 258, ms 312
    /// of 338, zh-Hans 332 of 363, pl 283 of 300. Declined: en 77 of 91, ms 72 of 96, zh-Hans 88 of 102, pl 62 of 89
    /// (out-of-scope questions that share the program's words: another vendor's MDF or tiers, a customer's own reseller
    /// scheme, tax on commission). SQLite and PostgreSQL rank with one BM25 and reach the same. The gap to 95% is
    /// issue 15, point 1, still open.
    /// </summary>
    [Fact]
    public Task HeldOutPart_AnswersThePartnersQuestions_AndDeclinesTheRest_AtTheLevelReached() =>
        EvaluateAsync(heldOut: true,
            notCovered: new Dictionary<string, int>
            {
                [Languages.English] = 258 - 224,
                [Languages.Malay] = 338 - 312,
                [Languages.Chinese] = 363 - 332,
                [Languages.Polish] = 300 - 283,
            },
            notDeclined: new Dictionary<string, int>
            {
                [Languages.English] = 91 - 77,
                [Languages.Malay] = 96 - 72,
                [Languages.Chinese] = 102 - 88,
                [Languages.Polish] = 89 - 62,
            });

    [Fact]
    public async Task Report_BothParts_PerLanguage()
    {
        var results = await RunAsync();
        foreach (var heldOut in new[] { false, true })
        {
            output.WriteLine(heldOut ? "Held-out part" : "Tuning part");
            output.WriteLine("lang     n  hit@1  hit@3  facts  cited | out  decl.prec decl.rec");
            foreach (var language in Languages.All)
            {
                var m = Score(results.Where(r => r.Q.Language == language && r.Q.HeldOut == heldOut).ToList());
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{language,-7} {m.Answerable,3}  {m.Hit1,5:P0}  {m.Hit3,5:P0}  {m.Facts,5:P0}  {m.Cited,5:P0} | {m.OutOfScope,3}  {m.DeclinePrecision,8:P0} {m.DeclineRecall,8:P0}"));
            }
        }
        // The misses by kind, per part and language: figures, which is all the held-out part may show.
        output.WriteLine("Misses by kind: declined / another document / another language's passage / right document, a fact missing");
        foreach (var heldOut in new[] { false, true })
            foreach (var language in Languages.All)
            {
                var misses = results.Where(r => r.Q.Language == language && r.Q.HeldOut == heldOut && r.Q.Answerable && !Right(r.Q, r.R)).ToList();
                var declined = misses.Count(r => !r.R.Found);
                var otherDocument = misses.Count(r => r.R.Found && !Covers(r.Q, r.R));
                var otherLanguage = misses.Count(r => r.R.Found && r.R.Language != language);
                output.WriteLine($"{(heldOut ? "held-out" : "tuning"),-8} {language,-7} {declined} / {otherDocument} / {otherLanguage} / {misses.Count - declined - otherDocument}");
            }
        // Only the tuning part's misses are listed: the held-out part is read as figures, never question by question.
        output.WriteLine("Tuning misses:");
        foreach (var (q, r) in results.Where(x => !x.Q.HeldOut && !Right(x.Q, x.R)))
            output.WriteLine($"[{q.Language}] {q.Q} (want {(q.Answerable ? string.Join('|', q.Docs) : "decline")}) → {Describe(r)}");
        Assert.Equal(EvalQuestion.Load().Count, results.Count);
    }

    /// <param name="notCovered">The answerable questions each language may miss where it is not yet at <see cref="Threshold"/>.</param>
    /// <param name="notDeclined">The out-of-scope questions each language may answer where it is not yet at <see cref="Threshold"/>.</param>
    private async Task EvaluateAsync(bool heldOut, IReadOnlyDictionary<string, int>? notCovered = null, IReadOnlyDictionary<string, int>? notDeclined = null)
    {
        var results = (await RunAsync()).Where(r => r.Q.HeldOut == heldOut).ToList();
        var failures = new List<string>();
        foreach (var language in Languages.All)
        {
            var mine = results.Where(r => r.Q.Language == language).ToList();
            var m = Score(mine);
            var missed = mine.Count(r => r.Q.Answerable && !Covers(r.Q, r.R));
            var answered = mine.Count(r => !r.Q.Answerable && r.R.Found);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{language}: covered {m.Hit3:P1} ({missed} missed), declined {m.DeclineRecall:P1} ({answered} answered)"));
            Check(language, "covered", m.Hit3, missed, "missed", notCovered);
            Check(language, "declined", m.DeclineRecall, answered, "answered", notDeclined);
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));

        // A language passes at the threshold the issue asks, or, below it, with no more misses than its level allows.
        void Check(string language, string what, double share, int misses, string missedAs, IReadOnlyDictionary<string, int>? levels)
        {
            if (share >= Threshold - 1e-9) return;
            if (levels?.TryGetValue(language, out var allowed) == true && misses <= allowed) return;
            var level = levels?.ContainsKey(language) == true ? $" and more than the {levels[language]} {missedAs} so far" : "";
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{language}: {what} {share:P1} ({misses} {missedAs}), below {Threshold:P0}{level}"));
        }
    }

    private static async Task<List<(EvalQuestion Q, SearchResult R)>> RunAsync()
    {
        await using var kb = await KnowledgeDatabase.CreateAsync(KnowledgeDatabase.DemoFolder);
        await using var db = kb.NewDb();
        var retriever = kb.Retriever(db);
        var results = new List<(EvalQuestion Q, SearchResult R)>();
        foreach (var q in EvalQuestion.Load()) results.Add((q, await retriever.SearchAsync(q.Q, q.Language, topK: kb.Options.TopK)));
        return results;
    }

    private static bool Right(EvalQuestion q, SearchResult r) =>
        q.Answerable ? Covers(q, r) && AllFacts(q, r) : !r.Found;

    /// <summary>Covered: one of the passages found is from a document that answers the question (hit@3 at TopK 3).</summary>
    private static bool Covers(EvalQuestion q, SearchResult r) => r.Passages.Any(p => q.Docs.Contains(p.Slug));

    private static string Describe(SearchResult r) => r.Found
        ? string.Join(", ", r.Passages.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Language}/{p.Slug} {p.Score:F1}/{p.Coverage:F2}")))
        : "declined";

    private sealed record Metrics(int Answerable, double Hit1, double Hit3, double Facts, double Cited, int OutOfScope, double DeclinePrecision, double DeclineRecall);

    private static Metrics Score(List<(EvalQuestion Q, SearchResult R)> part)
    {
        var answerable = part.Where(x => x.Q.Answerable).ToList();
        var outOfScope = part.Where(x => !x.Q.Answerable).ToList();
        double Share<T>(List<T> of, Func<T, bool> yes) => of.Count == 0 ? 1 : (double)of.Count(yes) / of.Count;
        var declined = part.Where(x => !x.R.Found).ToList();
        return new Metrics(
            answerable.Count,
            Share(answerable, x => x.R.Found && x.Q.Docs.Contains(x.R.Passages[0].Slug)),
            Share(answerable, x => Covers(x.Q, x.R)),
            Share(answerable, x => AllFacts(x.Q, x.R)),
            Share(answerable, x => x.R.Passages.Any(p => x.Q.Facts.Any(f => Holds(p.Text, f)))),
            outOfScope.Count,
            Share(declined, x => !x.Q.Answerable),
            Share(outOfScope, x => !x.R.Found));
    }

    private static bool AllFacts(EvalQuestion q, SearchResult r) =>
        q.Facts.All(f => r.Passages.Any(p => Holds(p.Text, f)));

    /// <summary>Whether a passage states a fact, in any of its spellings, ignoring case, accents, spaces and punctuation
    /// ("50,000" is "50 000", "22.5%" is "22,5%").</summary>
    internal static bool Holds(string text, string fact) =>
        fact.Split('|').Any(f => Squash(text).Contains(Squash(f), StringComparison.Ordinal));

    private static string Squash(string s)
    {
        var folded = KnowledgeText.Fold(s);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded) if (c != ' ') sb.Append(c);
        return sb.ToString();
    }
}
