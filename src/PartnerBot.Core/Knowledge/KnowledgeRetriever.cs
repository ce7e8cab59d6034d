using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Knowledge;

/// <summary>
/// A passage found for a question: where it is (document, section) and how well it matched: <see cref="Score"/> is
/// the BM25 score times <see cref="Coverage"/>, the share of the question's terms the passage contains (higher is better).
/// </summary>
public sealed record Passage(long ChunkId, string DocumentId, string Slug, string Language, string HeadingPath, string Text, double Score)
{
    public double Coverage { get; init; }

    /// <summary>The program words (glossary concepts) of the question the passage holds.</summary>
    public IReadOnlySet<string> Concepts { get; init; } = new HashSet<string>();

    /// <summary>"Tiers and criteria › Gold" as a person reads a citation.</summary>
    public string Citation => HeadingPath;
}

/// <summary>What a search found. <see cref="FellBackToEnglish"/>: nothing in the asker's language, these are English passages.</summary>
public sealed record SearchResult(IReadOnlyList<Passage> Passages, string Language, bool FellBackToEnglish)
{
    public bool Found => Passages.Count > 0;
    public static readonly SearchResult Empty = new([], Languages.English, false);
}

/// <summary>
/// BM25 search over the knowledge base (FTS5 on SQLite, a tsvector on PostgreSQL: see <see cref="IKnowledgeIndex"/>),
/// with the program's words from the <see cref="KnowledgeGlossary"/>. Headings weigh three times the text. The floor
/// has three parts: a passage must cover at least Assistant:MinCoverage of the question's terms (two common words out of
/// six is chance, not an answer), more than half of a question of three words or more when it holds none of the
/// program's words, and score at least Assistant:MinScore. A passage holding every program word of the question (two
/// or more), or all but one of three or more, needs half the coverage: the rest of a question typed in chat is often
/// words no document uses. A message of several sentences that no passage answers whole is searched again by the
/// sentence it asks in (<see cref="KnowledgeText.AskingSentence"/>), when that sentence holds a program word. A
/// message that asks two questions or more (<see cref="KnowledgeText.AskingSentences"/>) gets the best passage for each.
/// Languages: the English documents are the complete set; another language may translate all of them (the demo
/// program does) or only some topics, as a program's translations grow. A question in another language is searched
/// in its language and in English (with the words English has never seen left out); the English best passage names
/// the topic. The asker's language answers when it holds that topic (or covers the question better than English
/// can), or when its translations of the English passages' documents hold the same program words they do; otherwise
/// the English passages answer, and the answer says so. An unrelated passage is never quoted only because it is in
/// the asker's language.
/// </summary>
public sealed class KnowledgeRetriever(PartnerBotDb db, IOptions<AssistantOptions> options, KnowledgeGlossary glossary)
{
    private readonly IKnowledgeIndex _onContext = KnowledgeIndex.For(db);
    // While SearchAsync runs on SQLite: the search's own connection (SqliteTuning.OpenSearchConnectionAsync) and the
    // index reading on it; otherwise none, and the index on the context's connection.
    private DbConnection? _reads;
    private IKnowledgeIndex? _onReads;
    private IKnowledgeIndex Index => _onReads ?? _onContext;

    public async Task<SearchResult> SearchAsync(string question, string language, int? topK = null, CancellationToken ct = default)
    {
        using var measured = Observability.Telemetry.Search(Observability.Telemetry.Indexes.Knowledge);
        var query = KnowledgeText.ToQuery(question, glossary);
        if (query is null) return SearchResult.Empty with { Language = language };
        // Declined rather than answered from the program words of something else ("gold" of a credit card's tier).
        if (query.NamesWhatIsNotTheProgram) return SearchResult.Empty with { Language = language };
        var k = topK ?? options.Value.TopK;
        var bySentence = new Dictionary<string, SearchResult?>(StringComparer.Ordinal);
        // One connection for every step of the search: on SQLite a read-only one of its own, which reads the chunks
        // through a memory map, while the context's connection (a turn's, say) stays unmapped. Inside the context's
        // transaction the search reads on its connection: it must see what the transaction wrote.
        await using var reads = db.Database.CurrentTransaction is null
            ? await SqliteTuning.OpenSearchConnectionAsync(db.Database.GetDbConnection(), ct)
            : null;
        if (reads is null) return await WholeOrAskingSentenceAsync();
        (_reads, _onReads) = (reads, KnowledgeIndex.For(db, reads));
        try
        {
            return await WholeOrAskingSentenceAsync();
        }
        finally
        {
            (_reads, _onReads) = (null, null);
        }

        // A message of several sentences that no passage answers whole is searched again by the sentence it asks in,
        // when that sentence holds a program word: the context told first holds words no document uses, and they would
        // keep the question under the floor. "Is Northwind Cloud down right now?" holds none, and stays declined.
        async Task<SearchResult> WholeOrAskingSentenceAsync()
        {
            var whole = await SearchAsync(query, language, k, ct);
            if (!whole.Found && KnowledgeText.AskingSentence(question) is { } asking && await SentenceAsync(asking) is { } byAsking)
                whole = byAsking;
            return await QuestionByQuestionAsync(whole) ?? whole;
        }

        // A message that asks two questions or more ("how much mdf do we get as silver? and when does it expire?", a
        // numbered list of them, a customer's question quoted and the partner's own) is answered question by question:
        // the best passage for each, in the message's order, then the message's own. Searched whole, one section
        // ranks first for both and the second question goes unanswered. Only questions holding a program word count,
        // and only passages in the language the answer is in: a reply says once whether it is in English.
        async Task<SearchResult?> QuestionByQuestionAsync(SearchResult whole)
        {
            var questions = KnowledgeText.AskingSentences(question);
            if (questions.Count == 0) return null;
            var bests = new List<Passage>();
            SearchResult? answering = whole.Found ? whole : null;
            foreach (var sentence in questions.Take(k))
            {
                if (await SentenceAsync(sentence) is not { Found: true } found) continue;
                answering ??= found;
                if (found.Language != answering.Language || found.FellBackToEnglish != answering.FellBackToEnglish) continue;
                if (bests.All(b => b.ChunkId != found.Passages[0].ChunkId)) bests.Add(found.Passages[0]);
            }
            if (bests.Count < 2 || answering is null) return null;
            if (bests.All(b => whole.Passages.Any(p => p.ChunkId == b.ChunkId))) return whole;
            var rest = whole.Passages.Where(p => bests.All(b => b.ChunkId != p.ChunkId));
            return answering with { Passages = bests.Concat(rest).Take(k).ToList() };
        }

        // One sentence of the message, searched once however many of the steps above ask for it (the asking sentence
        // is often one of the message's questions too); none when it holds no program word.
        async Task<SearchResult?> SentenceAsync(string sentence)
        {
            if (bySentence.TryGetValue(sentence, out var searched)) return searched;
            searched = KnowledgeText.ToQuery(sentence, glossary) is { NamesWhatIsNotTheProgram: false } asked && asked.ConceptOf.Any(c => c is not null)
                ? await SearchAsync(asked, language, k, ct)
                : null;
            bySentence[sentence] = searched;
            return searched;
        }
    }

    private Task<SearchResult> SearchAsync(KnowledgeQuery query, string language, int k, CancellationToken ct) =>
        OnConnectionAsync(async _ =>
        {
            var chosen = await ChooseAsync(query, language, k, ct);
            if (!chosen.Found) return chosen;
            chosen = chosen with { Passages = [await WithSubsectionsAsync(chosen.Passages[0], ct), .. chosen.Passages.Skip(1)] };
            var named = await NamedSectionsAsync(query, chosen.Passages[0], ct);
            if (named.Count == 0) return chosen;
            var passages = chosen.Passages.Take(1).Concat(named)
                .Concat(chosen.Passages.Skip(1).Where(p => named.All(n => n.ChunkId != p.ChunkId))).Take(k).ToList();
            return chosen with { Passages = passages };
        }, ct);

    /// <summary>
    /// The best passage, when its section opens others, with their headings listed after its text: "Partner types"
    /// says partners come in five kinds, and its sub-sections' headings (Referral partners, Resellers, …) name them.
    /// At most <see cref="MaxSubsections"/>, in the document's order.
    /// </summary>
    private async Task<Passage> WithSubsectionsAsync(Passage best, CancellationToken ct)
    {
        var prefix = best.HeadingPath + MarkdownChunker.PathSeparator;
        var headings = await Index.HeadingPathsUnderAsync(best.DocumentId, prefix, MaxSubsections * 4, ct);
        var children = headings.Select(h => h[prefix.Length..]).Where(h => !h.Contains(MarkdownChunker.PathSeparator.Trim(), StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).Take(MaxSubsections).ToList();
        return children.Count == 0 ? best : best with { Text = best.Text + "\n" + string.Join('\n', children.Select(h => "• " + h)) };
    }

    private const int MaxSubsections = 12;

    /// <summary>Runs <paramref name="work"/> on the search's connection, or the context's, opened for it unless it already is.</summary>
    private async Task<T> OnConnectionAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct)
    {
        var connection = _reads ?? db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            return await work(connection);
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }

    private async Task<SearchResult> ChooseAsync(KnowledgeQuery query, string language, int k, CancellationToken ct)
    {
        var own = await QueryAsync(query, language, k, ct);
        if (language == Languages.English) return new SearchResult(own, language, false);

        var inEnglish = await TranslatableAsync(query, language, ct);
        var english = inEnglish is null ? [] : await QueryAsync(inEnglish, Languages.English, k, ct);
        if (english.Count == 0) return new SearchResult(own, language, false);
        if (own.Count == 0) return await InEnglishUnlessTranslatedAsync();
        var topic = english[0].Slug;
        // The asker's document on the topic answers, even when English holds more of the question: the tiers document
        // in Malay has the asker's own figures for "macam mana kami nak naik ke Silver?" (AssistantOfflineTests).
        if (own.Any(p => p.Slug == topic))
            return new SearchResult(own.OrderByDescending(p => p.Slug == topic).ToList(), language, false);
        // English names a topic only when its best passage stands out: passages of several documents scoring alike
        // (the only word of the question English knows is "deal") say nothing about which document answers.
        var standsOut = english.Count == 1 || english[1].Slug == topic || english[0].Score > english[1].Score * 1.05;
        // A passage in the asker's language that holds every word of the question answers before an English one that
        // holds fewer of them: the words only the asker's documents use ("przejąć") count for the asker's passage alone.
        var whole = own[0].Coverage >= 1 - 1e-9 && query.Units.Count > english[0].Coverage * inEnglish!.Units.Count + 1e-9;
        // A passage in the asker's language that lacks a program word the English one holds, and holds none English
        // lacks, owes its coverage to common words: "谁决定是不是伙伴来源的交易" (who decides a deal is partner-sourced)
        // shares 决定 and 交易 with a Chinese section on won accounts; the English section on who sourced a deal answers.
        var lacksAProgramWord = own[0].Concepts.IsProperSubsetOf(english[0].Concepts);
        return !lacksAProgramWord && (!standsOut || whole || own[0].Coverage > english[0].Coverage)
            ? new SearchResult(own, language, false)
            : await InEnglishUnlessTranslatedAsync();

        // The English passages from the asker's own translation of their documents, when each has a counterpart there:
        // a passage of the same document that holds every program word the English one holds. The asker's other words
        // ("kecik", "marketerka") are none of the documents', so the asker's own search ranked other documents first
        // or found none at the floor, yet the same sections in their language say what the English ones say.
        async Task<SearchResult> InEnglishUnlessTranslatedAsync()
        {
            var inEnglish = new SearchResult(english, Languages.English, true);
            if (english[0].Concepts.Count == 0) return inEnglish;
            var slugs = english.Select(p => p.Slug).ToHashSet(StringComparer.Ordinal);
            var candidates = await RankAsync(query, language, k * 4, options.Value.MinCoverage / 2, ct, slugs: slugs);
            var translated = new List<Passage>();
            foreach (var passage in english)
            {
                var counterpart = candidates.FirstOrDefault(p => p.Slug == passage.Slug && p.Score >= options.Value.MinScore
                    && passage.Concepts.IsSubsetOf(p.Concepts) && !translated.Contains(p));
                if (counterpart is null) return inEnglish;
                translated.Add(counterpart);
            }
            return new SearchResult(translated, language, false);
        }
    }

    /// <summary>
    /// The question as English documents can answer it: without the words the asker's documents use but English ones
    /// never do ("dilindungi"): they say nothing about whether an English passage answers a Malay question. Program
    /// concepts always stay, and so do words no document uses in either language ("piala dunia"): they are what
    /// makes a question out of scope.
    /// </summary>
    private async Task<KnowledgeQuery?> TranslatableAsync(KnowledgeQuery query, string language, CancellationToken ct)
    {
        var known = await OnConnectionAsync(async _ =>
        {
            var known = new bool[query.Units.Count];
            for (var i = 0; i < query.Units.Count; i++)
            {
                if (query.IsConcept(i)) { known[i] = true; continue; }
                var terms = string.Join(" OR ", query.Units[i]);
                known[i] = await Index.AnyAsync(Languages.English, terms, ct) || !await Index.AnyAsync(language, terms, ct);
            }
            return known;
        }, ct);
        return query.Keep(i => known[i]);
    }

    /// <summary>
    /// Top passages in one language at or above the floor, best first. Passages that hold nearly all of the question
    /// (two thirds, and more units than the floor asks: both words of two, three of four) are ranked first, on their
    /// own: when there are k of them, those answer, and passages holding less are ranked only when there are not. The
    /// index then ranks the rows that can answer rather than every row that shares one word with the question, which
    /// is what keeps a search fast in a large knowledge base.
    /// </summary>
    public async Task<IReadOnlyList<Passage>> QueryAsync(KnowledgeQuery query, string language, int k, CancellationToken ct = default)
    {
        var floor = options.Value.MinCoverage;
        List<Passage> Floored(IReadOnlyList<Passage> ranked) =>
            ranked.Where(p => p.Score >= options.Value.MinScore && p.Coverage >= floor && !ByChance(p)).ToList();
        // A passage that shares no program word with a question of three words or more, and half of its words at most,
        // shares them by chance: "jadual waktu solat hari ini" (today's prayer times) and an onboarding section both
        // say "waktu" and "hari". One word of two stays an answer ("时区在哪里改": where to change the time zone).
        bool ByChance(Passage p) => p.Concepts.Count == 0 && query.Units.Count > 2 && p.Coverage <= 0.5 + 1e-9;
        const double most = 0.65;
        if (query.UnitsNeeded(most) > query.UnitsNeeded(floor))
        {
            var strong = Floored(await RankAsync(query, language, k, most, ct));
            if (strong.Count >= k) return strong;
        }
        var found = Floored(await RankAsync(query, language, k, floor, ct));
        // Every program word of a question, two or more, in one passage is no chance, even where the asker's other
        // words are none of the documents' ("老板问我们今年MDF额度按什么算的，我们是银牌": the boss asks what this
        // year's MDF is based on, we are Silver; MDF and Silver share a section): such a passage answers at half the floor.
        var concepts = query.ConceptOf.Where(c => c is not null).Distinct(StringComparer.Ordinal).Count();
        if (found.Count > 0 || concepts < 2) return found;
        var all = await AtHalfTheFloorAsync(p => p.Concepts.Count == concepts);
        // Of three program words or more, all but one in one passage is no chance either: "tier review is coming and
        // we're one customer reference short, do we drop straight away" asks about the review and the drop, which the
        // downgrade section holds, and about references, which the Gold section does.
        return all.Count > 0 || concepts < 3 ? all : await AtHalfTheFloorAsync(p => p.Concepts.Count >= concepts - 1);

        async Task<List<Passage>> AtHalfTheFloorAsync(Func<Passage, bool> keep) =>
            (await RankAsync(query, language, k, floor / 2, ct, keep))
                .Where(p => p.Score >= options.Value.MinScore && p.Coverage >= floor / 2).ToList();
    }

    /// <summary>
    /// Sections of the best passage's document whose own heading names what the question asks and the best passage's
    /// headings do not: "how do I reach Gold?" finds "How to move up a tier", and the section headed "Gold" holds the
    /// criteria. They are ranked just after it, with its score.
    /// </summary>
    private async Task<List<Passage>> NamedSectionsAsync(KnowledgeQuery query, Passage best, CancellationToken ct)
    {
        query = query.In(best.Language);
        var held = query.CoveredUnits(KnowledgeText.ForIndex(best.HeadingPath));
        var missing = query.Keep(i => !held.Contains(i));
        if (missing is null) return [];
        return await OnConnectionAsync(async _ =>
        {
            var named = new List<Passage>();
            foreach (var c in await Index.HeadingsMatchingAsync(best.Language, missing.Match, best.DocumentId, best.ChunkId, ct))
            {
                var heading = KnowledgeText.ForIndex(c.HeadingPath.Split('›')[^1]);
                if (!query.CoveredUnits(heading).Except(held).Any()) continue;
                named.Add(new Passage(c.Id, c.DocumentId, c.Slug, c.Language, c.HeadingPath, c.Text, best.Score) { Coverage = best.Coverage });
            }
            return named;
        }, ct);
    }

    /// <summary>
    /// Top passages with their scores, no floor: the best 4k by BM25, re-ranked by BM25 × coverage × (1 + 0.2 × the
    /// share of the question the section's own heading holds): the heading breaks near-ties, it does not outweigh the text.
    /// </summary>
    public Task<IReadOnlyList<Passage>> RankAsync(KnowledgeQuery query, string language, int k, CancellationToken ct = default) =>
        RankAsync(query, language, k, options.Value.MinCoverage, ct);

    /// <summary>As <see cref="RankAsync(KnowledgeQuery, string, int, CancellationToken)"/>, among the passages that
    /// hold at least <paramref name="minCoverage"/> of the question (and that <paramref name="keep"/> keeps, when given), of
    /// the documents named <paramref name="slugs"/> only when given (the index leaves the others out before ranking).</summary>
    private async Task<IReadOnlyList<Passage>> RankAsync(KnowledgeQuery query, string language, int k, double minCoverage, CancellationToken ct,
        Func<Passage, bool>? keep = null, IReadOnlyCollection<string>? slugs = null)
    {
        query = query.In(language);
        return await OnConnectionAsync<IReadOnlyList<Passage>>(async _ =>
        {
            // The index keeps the best 4k of the asker's language by BM25; only those are re-ranked.
            var list = new List<Passage>();
            foreach (var c in await Index.RankAsync(language, query.MatchAtLeast(minCoverage), k * 4, slugs, ct, query.CountedAtLeast(minCoverage)))
            {
                var covered = query.CoveredUnits(c.SearchHeading + " " + c.SearchBody);
                var coverage = query.Coverage(covered);
                // A section whose own heading says what the question asks ranks above one that only mentions it:
                // "How long a registration is protected" before "Why register" (which mentions price protection).
                var headed = query.Coverage(KnowledgeText.ForIndex(c.HeadingPath.Split('›')[^1]));
                list.Add(new Passage(c.Id, c.DocumentId, c.Slug, c.Language, c.HeadingPath, c.Text, c.Score * coverage * (1 + 0.2 * headed))
                    { Coverage = coverage, Concepts = query.ConceptsOf(covered) });
            }
            return list.Where(p => keep?.Invoke(p) ?? true).OrderByDescending(p => p.Score).Take(k).ToList();
        }, ct);
    }
}
