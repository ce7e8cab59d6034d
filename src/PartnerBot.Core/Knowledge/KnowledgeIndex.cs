using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Storage;

namespace PartnerBot.Knowledge;

/// <summary>A chunk as the index returns it: where it is, its text, its BM25 score (higher is better), and its folded heading and text.</summary>
public sealed record IndexedChunk(long Id, string DocumentId, string Slug, string Language, string HeadingPath, string Text,
    double Score, string SearchHeading, string SearchBody);

/// <summary>
/// The knowledge base's full-text index, one per provider: FTS5 on SQLite (<see cref="SqliteKnowledgeIndex"/>), a
/// tsvector on PostgreSQL (<see cref="PostgreSqlKnowledgeIndex"/>). A match is written in the syntax
/// <see cref="KnowledgeText"/> produces: quoted terms ("gold", "regis"*, "market development funds"*) joined by OR and
/// AND, with parentheses. The index only finds; both rank with one BM25 (<see cref="MatchScorer"/>: k1 1.2, b 0.75,
/// heading three times the text), so the retriever's floors (Assistant:MinScore, Assistant:MinCoverage) mean the same on both.
/// </summary>
public interface IKnowledgeIndex
{
    /// <summary>The best <paramref name="limit"/> chunks of one language whose heading or text match, best first; of
    /// the documents named <paramref name="slugs"/> only, when given; of those that match at least
    /// <see cref="UnitsAtLeast.Needed"/> of <see cref="UnitsAtLeast.Units"/> only, when <paramref name="atLeast"/> is given.</summary>
    Task<IReadOnlyList<IndexedChunk>> RankAsync(string language, string match, int limit, IReadOnlyCollection<string>? slugs, CancellationToken ct,
        UnitsAtLeast? atLeast = null);

    /// <summary>Whether any chunk of the language holds the match in its heading or text.</summary>
    Task<bool> AnyAsync(string language, string match, CancellationToken ct);

    /// <summary>The sections of one document (other than <paramref name="exceptChunkId"/>) whose heading path matches, in the document's order (scores are 0).</summary>
    Task<IReadOnlyList<IndexedChunk>> HeadingsMatchingAsync(string language, string match, string documentId, long exceptChunkId, CancellationToken ct);

    /// <summary>
    /// The heading paths of one document's sections that start with <paramref name="headingPrefix"/> (a section's
    /// path and the separator: its sub-sections, at any depth), in the document's order, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<string>> HeadingPathsUnderAsync(string documentId, string headingPrefix, int limit, CancellationToken ct);

    /// <summary>After chunks were written: the index made as fast to search as it can be (SQLite merges its segments).</summary>
    Task OptimizeAsync(CancellationToken ct);
}

/// <summary>
/// A condition too long to write as one match: at least <paramref name="Needed"/> of <paramref name="Units"/> (each a
/// match, a unit of a question: "gold", ("paid" OR "payment"*)). Twelve words of which six must be held are 924
/// combinations; counted, each unit is read once (<see cref="KnowledgeQuery.CountedAtLeast"/>).
/// </summary>
public sealed record UnitsAtLeast(IReadOnlyList<string> Units, int Needed);

public static class KnowledgeIndex
{
    /// <summary>
    /// The index of the database's provider, on the context's connection, or, on SQLite, reading on
    /// <paramref name="reads"/> when given (a search's own connection: <see cref="SqliteTuning.OpenSearchConnectionAsync"/>).
    /// </summary>
    public static IKnowledgeIndex For(PartnerBotDb db, DbConnection? reads = null) =>
        db.Database.IsNpgsql() ? new PostgreSqlKnowledgeIndex(db) : new SqliteKnowledgeIndex(db, reads);

    /// <summary>" WHERE column IN (…)" (" AND …" with <paramref name="and"/>) for the given slugs, each a parameter
    /// added to the command; nothing when no slugs are given.</summary>
    internal static string InSlugs(DbCommand cmd, string column, string parameter, IReadOnlyCollection<string>? slugs, bool and = false)
    {
        if (slugs is null) return "";
        var names = slugs.Select((slug, i) =>
        {
            var name = parameter + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Add(cmd, name, slug);
            return name;
        }).ToList();
        return names.Count == 0 ? (and ? " AND FALSE" : " WHERE 0") : $" {(and ? "AND" : "WHERE")} {column} IN ({string.Join(", ", names)})";
    }

    internal static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    internal static async Task<IReadOnlyList<string>> ReadStringsAsync(DbCommand cmd, CancellationToken ct)
    {
        var list = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) list.Add(reader.GetString(0));
        return list;
    }

    internal static IndexedChunk Read(DbDataReader r, double score) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), score, r.GetString(6), r.GetString(7));
}

/// <summary>
/// FTS5: the KnowledgeFts table (see <see cref="KnowledgeSchema"/>) finds the matching chunks; they are ranked here by
/// <see cref="MatchScorer"/>, as on PostgreSQL, from statistics kept per index version (<see cref="IndexStatistics"/>).
/// FTS5's own bm25 (the table's rank) is not used: it computed an idf for every phrase of every statement, over the
/// whole table, and scored every matching row, half of a Chinese or Polish search's CPU at 10,000 chunks.
/// </summary>
internal sealed class SqliteKnowledgeIndex(PartnerBotDb db, DbConnection? reads) : IKnowledgeIndex
{
    // Searches read here; writes (ingestion, optimize) go through the context.
    private DbConnection Reads => reads ?? db.Database.GetDbConnection();

    private const string Columns = "c.Id, c.DocumentId, c.Slug, c.Language, c.HeadingPath, c.Text, c.SearchHeading, c.SearchBody";

    private static string LanguageFilter(string language) => $"Language : \"{language.Replace("\"", "", StringComparison.Ordinal)}\"";

    // The question's terms match the heading and text only: a word such as "en" must not match the language column.
    private static string InLanguage(string language, string match) => $"{LanguageFilter(language)} AND {Searched(match)}";

    // Without the column filter, when no phrase of the match can match a language code: the same rows, found without
    // decoding every phrase's positions to learn its columns (FTS5 needs only the rows of a one-word phrase).
    private static string InLanguage(string language, string match, IEnumerable<Phrase> phrases, IReadOnlyList<string> languages) =>
        phrases.Any(p => languages.Any(p.CanMatchIn)) ? InLanguage(language, match) : $"{LanguageFilter(language)} AND ({match})";

    private static string Searched(string match) => $"{{SearchHeading SearchBody}} : ({match})";

    public async Task<IReadOnlyList<IndexedChunk>> RankAsync(string language, string match, int limit, IReadOnlyCollection<string>? slugs, CancellationToken ct,
        UnitsAtLeast? atLeast = null)
    {
        var expression = MatchExpression.Parse(match);
        var units = atLeast?.Units.Select(MatchExpression.Parse).ToList() ?? [];
        var distinct = expression.Phrases.Concat(units.SelectMany(u => u.Phrases)).Distinct().ToList();
        if (distinct.Count == 0) return [];
        var statistics = await StatisticsAsync(language, distinct, ct);
        // Only the phrases the language holds are matched (see StatisticsAsync); when none is left, nothing matches.
        var pruned = statistics.Hits.Count == distinct.Count ? match : expression.Without(statistics.Hits.ContainsKey);
        if (pruned is null) return [];

        // Only what scoring reads is read of every matching row; the rest of the best few is read after.
        var kept = expression.Phrases.Where(statistics.Hits.ContainsKey).ToList();
        var scorer = new MatchScorer(kept, statistics.Totals, p => statistics.Hits[p]);
        var connection = Reads;
        var candidates = new List<(long Id, double Score)>();
        await using (var cmd = connection.CreateCommand())
        {
            var found = $"SELECT rowid FROM {KnowledgeSchema.FtsTable} WHERE {KnowledgeSchema.FtsTable} MATCH $match";
            if (atLeast is null) KnowledgeIndex.Add(cmd, "$match", InLanguage(language, pruned, kept, statistics.Totals.Languages));
            else
            {
                // Each unit's rows once, counted: only rows holding enough units are read and scored, not every row
                // sharing one word with a long question. A unit the language never holds counts for no row.
                var held = units.Select(u => u.Without(statistics.Hits.ContainsKey) is { } m ? (Match: m, Phrases: u.Phrases.Where(statistics.Hits.ContainsKey)) : default)
                    .Where(u => u.Match is not null).ToList();
                if (held.Count < atLeast.Needed) return [];
                found = $"SELECT Unit AS rowid FROM ({string.Join(" UNION ALL ", held.Select((_, i) =>
                    $"SELECT rowid AS Unit FROM {KnowledgeSchema.FtsTable} WHERE {KnowledgeSchema.FtsTable} MATCH $u{i}"))}) GROUP BY Unit HAVING count(*) >= $needed";
                for (var i = 0; i < held.Count; i++)
                    KnowledgeIndex.Add(cmd, $"$u{i}", InLanguage(language, held[i].Match!, held[i].Phrases, statistics.Totals.Languages));
                KnowledgeIndex.Add(cmd, "$needed", atLeast.Needed);
            }
            cmd.CommandText = $"""
                SELECT c.Id, c.SearchHeading, c.SearchBody
                FROM ({found}) AS f
                JOIN KnowledgeChunks c ON c.Id = f.rowid{KnowledgeIndex.InSlugs(cmd, "c.Slug", "$slug", slugs)}
                """;
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                candidates.Add((reader.GetInt64(0), scorer.Score(reader.GetString(1), reader.GetString(2), language)));
        }
        var best = MatchScorer.Best(candidates, limit);
        if (best.Count == 0) return [];

        var chunks = new Dictionary<long, IndexedChunk>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT {Columns} FROM KnowledgeChunks c WHERE c.Id IN ({string.Join(", ", best.Select(b => b.Id))})";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) chunks[reader.GetInt64(0)] = KnowledgeIndex.Read(reader, 0);
        }
        return best.Where(b => chunks.ContainsKey(b.Id)).Select(b => chunks[b.Id] with { Score = b.Score }).ToList();
    }

    /// <summary>A search's statistics: the index's totals, and the phrases the language holds with how many chunks hold each.</summary>
    private sealed record Statistics(IndexTotals Totals, Dictionary<Phrase, long> Hits);

    // A statement has at most 2,000 columns: a question of hundreds of terms is asked in several.
    private const int MaxPhrasesAsked = 500;

    /// <summary>
    /// The index's totals, and which phrases of the match some chunk of the language holds, each with the number of
    /// chunks (of any language) that hold it: those known for the index's version (<see cref="IndexStatistics"/>),
    /// the others asked in one statement that also reads the version its answers hold for. The phrases the language
    /// lacks are left out of the match: a concept's glossary phrases in English and in the asker's language, and the
    /// m-of-n expression's copies of them, made a Chinese question's match 76 phrases (38 distinct), of which 6 occur
    /// in Chinese chunks, and FTS5 reads every phrase's lists for every row it finds.
    /// </summary>
    private async Task<Statistics> StatisticsAsync(string language, List<Phrase> distinct, CancellationToken ct)
    {
        var connection = Reads;
        var known = await IndexStatistics.ForAsync(connection, ct);
        var totals = known?.Totals ?? await TotalsAsync(connection, keep: known is not null, ct);
        var hits = new Dictionary<Phrase, long>();
        var asked = new List<Phrase>();
        foreach (var phrase in distinct)
        {
            if (known is null || !known.TryGet(language, phrase, out var present, out var count)) asked.Add(phrase);
            else if (present) hits[phrase] = count;
        }
        foreach (var batch in asked.Chunk(MaxPhrasesAsked))
        {
            await using var cmd = connection.CreateCommand();
            var sql = new StringBuilder("SELECT ").Append(known is null ? "''" : IndexStatistics.VersionSql);
            for (var i = 0; i < batch.Length; i++)
            {
                // One EXISTS in the language (stopping at the first row); when it holds the phrase, the chunks that do.
                sql.Append($"""
                    , CASE WHEN EXISTS (SELECT 1 FROM {KnowledgeSchema.FtsTable} WHERE {KnowledgeSchema.FtsTable} MATCH $p{i})
                      THEN (SELECT count(*) FROM {KnowledgeSchema.FtsTable} WHERE {KnowledgeSchema.FtsTable} MATCH $h{i}) ELSE -1 END
                    """);
                KnowledgeIndex.Add(cmd, $"$p{i}", InLanguage(language, batch[i].ToMatch()));
                KnowledgeIndex.Add(cmd, $"$h{i}", Searched(batch[i].ToMatch()));
            }
            cmd.CommandText = sql.ToString();
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var answers = known is null ? null : IndexStatistics.At(connection, reader.GetString(0));
            for (var i = 0; i < batch.Length; i++)
            {
                var count = reader.GetInt64(1 + i);
                if (count >= 0) hits[batch[i]] = count;
                answers?.Set(language, batch[i], count >= 0, count);
            }
        }
        return new Statistics(totals, hits);
    }

    /// <summary>
    /// The chunks and their tokens as <see cref="MatchScorer.Length"/> counts them: the heading's and text's words
    /// (one more than their spaces: <see cref="KnowledgeText.ForIndex"/> writes them one space apart), and the
    /// language's; and the chunks' languages. Kept under the version read with them when <paramref name="keep"/>.
    /// </summary>
    private static async Task<IndexTotals> TotalsAsync(DbConnection connection, bool keep, CancellationToken ct)
    {
        static string Words(string column) => $"length({column}) - length(replace({column}, ' ', '')) + ({column} <> '')";
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"""
            SELECT {(keep ? IndexStatistics.VersionSql : "''")}, Language, count(*), total({Words("SearchHeading")} + {Words("SearchBody")})
            FROM KnowledgeChunks GROUP BY Language
            """;
        long rows = 0, tokens = 0;
        var languages = new List<string>();
        string? version = null;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                version = reader.GetString(0);
                var count = reader.GetInt64(2);
                rows += count;
                languages.Add(reader.GetString(1));
                tokens += (long)reader.GetDouble(3) + count * MatchScorer.LanguageTokens(languages[^1]);
            }
        }
        var totals = new IndexTotals(rows, tokens) { Languages = languages };
        // An empty table reads no version; nothing is kept for it.
        if (keep && version is not null && IndexStatistics.At(connection, version) is { } kept) kept.Totals = totals;
        return totals;
    }

    public async Task<bool> AnyAsync(string language, string match, CancellationToken ct)
    {
        await using var cmd = Reads.CreateCommand();
        cmd.CommandText = $"SELECT 1 FROM {KnowledgeSchema.FtsTable} WHERE {KnowledgeSchema.FtsTable} MATCH $match LIMIT 1";
        KnowledgeIndex.Add(cmd, "$match", InLanguage(language, match));
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<IReadOnlyList<IndexedChunk>> HeadingsMatchingAsync(string language, string match, string documentId, long exceptChunkId, CancellationToken ct)
    {
        // Only the document's sections whose heading path holds a word of the match are read: a document of hundreds
        // of sections costs no more than one of ten.
        await using var cmd = Reads.CreateCommand();
        cmd.CommandText = $"""
            SELECT {Columns}
            FROM (SELECT rowid FROM {KnowledgeSchema.FtsTable} WHERE {KnowledgeSchema.FtsTable} MATCH $match) AS f
            JOIN KnowledgeChunks c ON c.Id = f.rowid
            WHERE c.DocumentId = $document AND c.Id <> $id
            ORDER BY c.Ordinal
            """;
        KnowledgeIndex.Add(cmd, "$match", $"{LanguageFilter(language)} AND SearchHeading : ({match})");
        KnowledgeIndex.Add(cmd, "$document", documentId);
        KnowledgeIndex.Add(cmd, "$id", exceptChunkId);
        var list = new List<IndexedChunk>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) list.Add(KnowledgeIndex.Read(reader, 0));
        return list;
    }

    public async Task<IReadOnlyList<string>> HeadingPathsUnderAsync(string documentId, string headingPrefix, int limit, CancellationToken ct)
    {
        if (headingPrefix.Length == 0) return [];
        // The paths that start with the prefix are, in SQLite's binary order, exactly those from the prefix up to the
        // prefix with its last character raised by one: a range, where EF's StartsWith was a LIKE on every section
        // of the document (and EF's query pipeline around it: a quarter of an English search at 10,000 chunks).
        await using var cmd = Reads.CreateCommand();
        cmd.CommandText = """
            SELECT HeadingPath FROM KnowledgeChunks
            WHERE DocumentId = $document AND HeadingPath >= $from AND HeadingPath < $to
            ORDER BY Ordinal LIMIT $limit
            """;
        KnowledgeIndex.Add(cmd, "$document", documentId);
        KnowledgeIndex.Add(cmd, "$from", headingPrefix);
        KnowledgeIndex.Add(cmd, "$to", headingPrefix[..^1] + (char)(headingPrefix[^1] + 1));
        KnowledgeIndex.Add(cmd, "$limit", limit);
        return await KnowledgeIndex.ReadStringsAsync(cmd, ct);
    }

    public Task OptimizeAsync(CancellationToken ct) => db.Database.ExecuteSqlRawAsync(KnowledgeSchema.OptimizeSql, ct);
}

/// <summary>
/// PostgreSQL: the chunks' SearchVector (see <see cref="KnowledgePostgreSqlSchema"/>) finds the matching chunks
/// through its GIN index; they are ranked here by <see cref="MatchScorer"/>, as on SQLite, with the table's statistics
/// asked with them. ts_rank is not used: its scale is not BM25's, and the floors are BM25 scores.
/// </summary>
internal sealed class PostgreSqlKnowledgeIndex(PartnerBotDb db) : IKnowledgeIndex
{
    private const string Columns = """c."Id", c."DocumentId", c."Slug", c."Language", c."HeadingPath", c."Text", c."SearchHeading", c."SearchBody" """;

    public async Task<IReadOnlyList<IndexedChunk>> RankAsync(string language, string match, int limit, IReadOnlyCollection<string>? slugs, CancellationToken ct,
        UnitsAtLeast? atLeast = null)
    {
        var expression = MatchExpression.Parse(match);
        if (expression.Phrases.Count == 0) return [];
        var connection = db.Database.GetDbConnection();
        var candidates = new List<IndexedChunk>();
        await using (var cmd = connection.CreateCommand())
        {
            // As on SQLite: only rows holding enough of the units, each unit's match counted once per row.
            var counted = "";
            if (atLeast is not null)
            {
                var held = atLeast.Units.Select(MatchExpression.Parse).Where(u => u.Phrases.Count > 0).ToList();
                if (held.Count < atLeast.Needed) return [];
                counted = $""" AND ({string.Join(" + ", held.Select((_, i) => $"(c.\"SearchVector\" @@ to_tsquery('simple', @u{i}))::int"))}) >= @needed""";
                for (var i = 0; i < held.Count; i++) KnowledgeIndex.Add(cmd, $"u{i}", held[i].ToTsQuery(headingOnly: false));
                KnowledgeIndex.Add(cmd, "needed", atLeast.Needed);
            }
            cmd.CommandText = $"""
                SELECT {Columns} FROM "KnowledgeChunks" c
                WHERE c."Language" = @language AND c."SearchVector" @@ to_tsquery('simple', @match){counted}{KnowledgeIndex.InSlugs(cmd, "c.\"Slug\"", "@slug", slugs, and: true)}
                """;
            KnowledgeIndex.Add(cmd, "language", language);
            KnowledgeIndex.Add(cmd, "match", expression.ToTsQuery(headingOnly: false));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) candidates.Add(KnowledgeIndex.Read(reader, 0));
        }
        if (candidates.Count == 0) return [];

        // The table's statistics: rows, tokens (SearchTokens counts as MatchScorer.Length does), and how many rows hold each term.
        var distinct = expression.Phrases.Distinct().ToList();
        IndexTotals totals;
        var hits = new Dictionary<Phrase, long>();
        await using (var cmd = connection.CreateCommand())
        {
            var counts = new StringBuilder();
            for (var i = 0; i < distinct.Count; i++)
            {
                counts.Append($""", count(*) FILTER (WHERE "SearchVector" @@ to_tsquery('simple', @p{i}))""");
                KnowledgeIndex.Add(cmd, $"p{i}", distinct[i].ToTsQuery(headingOnly: false));
            }
            cmd.CommandText = $"""SELECT count(*), coalesce(sum("SearchTokens"), 0){counts} FROM "KnowledgeChunks" """;
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            totals = new IndexTotals(reader.GetInt64(0), reader.GetInt64(1));
            for (var i = 0; i < distinct.Count; i++) hits[distinct[i]] = reader.GetInt64(2 + i);
        }
        var scorer = new MatchScorer(expression.Phrases, totals, p => hits[p]);
        var byId = candidates.ToDictionary(c => c.Id);
        return MatchScorer.Best(candidates.Select(c => (c.Id, scorer.Score(c.SearchHeading, c.SearchBody, c.Language))), limit)
            .Select(b => byId[b.Id] with { Score = b.Score }).ToList();
    }

    public async Task<bool> AnyAsync(string language, string match, CancellationToken ct)
    {
        var expression = MatchExpression.Parse(match);
        if (expression.Phrases.Count == 0) return false;
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = """SELECT 1 FROM "KnowledgeChunks" WHERE "Language" = @language AND "SearchVector" @@ to_tsquery('simple', @match) LIMIT 1""";
        KnowledgeIndex.Add(cmd, "language", language);
        KnowledgeIndex.Add(cmd, "match", expression.ToTsQuery(headingOnly: false));
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<IReadOnlyList<IndexedChunk>> HeadingsMatchingAsync(string language, string match, string documentId, long exceptChunkId, CancellationToken ct)
    {
        var expression = MatchExpression.Parse(match);
        if (expression.Phrases.Count == 0) return [];
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = $"""
            SELECT {Columns} FROM "KnowledgeChunks" c
            WHERE c."DocumentId" = @document AND c."Id" <> @id AND c."Language" = @language
              AND c."SearchVector" @@ to_tsquery('simple', @match)
            ORDER BY c."Ordinal"
            """;
        KnowledgeIndex.Add(cmd, "document", documentId);
        KnowledgeIndex.Add(cmd, "id", exceptChunkId);
        KnowledgeIndex.Add(cmd, "language", language);
        KnowledgeIndex.Add(cmd, "match", expression.ToTsQuery(headingOnly: true));
        var list = new List<IndexedChunk>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) list.Add(KnowledgeIndex.Read(reader, 0));
        return list;
    }

    public async Task<IReadOnlyList<string>> HeadingPathsUnderAsync(string documentId, string headingPrefix, int limit, CancellationToken ct)
    {
        // starts_with, not a range: the column's collation need not order a prefix's strings together.
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = """
            SELECT "HeadingPath" FROM "KnowledgeChunks"
            WHERE "DocumentId" = @document AND starts_with("HeadingPath", @prefix)
            ORDER BY "Ordinal" LIMIT @limit
            """;
        KnowledgeIndex.Add(cmd, "document", documentId);
        KnowledgeIndex.Add(cmd, "prefix", headingPrefix);
        KnowledgeIndex.Add(cmd, "limit", limit);
        return await KnowledgeIndex.ReadStringsAsync(cmd, ct);
    }

    // The GIN index keeps itself; there is nothing to merge.
    public Task OptimizeAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// The one ranking rule of both indexes: FTS5's BM25 (<see cref="Bm25"/>: k1 1.2, b 0.75) of a match's phrases over a
/// chunk's folded heading, weighing three times its text, and the chunk's length in tokens as FTS5 counts them
/// (heading, text and the language column); a phrase's idf is over every chunk of the table, as FTS5's is. Each
/// provider's index finds the matching chunks and the table's statistics; this scores them, so a score, and the
/// retriever's floors (Assistant:MinScore), mean the same on both.
/// </summary>
internal sealed class MatchScorer
{
    private const double HeadingWeight = 3.0, BodyWeight = 1.0;

    private readonly (Phrase Phrase, int Times, double Idf)[] _terms;
    private readonly double _averageLength;

    /// <param name="phrases">
    /// The match's phrases as written: a phrase written twice counts twice, as FTS5 scores each phrase of an
    /// expression. Those no candidate can hold may be left out (they score 0).
    /// </param>
    /// <param name="totals">The table's chunks and their tokens.</param>
    /// <param name="hits">How many chunks of the table hold a phrase.</param>
    public MatchScorer(IEnumerable<Phrase> phrases, IndexTotals totals, Func<Phrase, long> hits)
    {
        _terms = phrases.GroupBy(p => p).Select(g => (g.Key, g.Count(), Bm25.Idf(totals.Rows, hits(g.Key)))).ToArray();
        _averageLength = totals.Rows == 0 ? 1 : (double)totals.Tokens / totals.Rows;
    }

    /// <summary>The best <paramref name="limit"/> of scored chunks, best first (the lower id first on a tie).</summary>
    public static List<(long Id, double Score)> Best(IEnumerable<(long Id, double Score)> scored, int limit) =>
        scored.OrderByDescending(c => c.Score).ThenBy(c => c.Id).Take(limit).ToList();

    /// <summary>A chunk's score from its folded heading and text, and its language.</summary>
    public double Score(string heading, string body, string language)
    {
        var length = Length(heading, body, language);
        var score = 0.0;
        foreach (var (phrase, times, idf) in _terms)
        {
            // Searched as a substring of the indexed text (vectorised), not token by token: no array per chunk.
            var frequency = HeadingWeight * phrase.CountIn(heading) + BodyWeight * phrase.CountIn(body);
            if (frequency > 0) score += times * Bm25.Term(idf, frequency, length, _averageLength);
        }
        return score;
    }

    /// <summary>A chunk's length in tokens, as FTS5 counts them: its heading's and text's (one space apart), and its language's.</summary>
    public static int Length(string heading, string body, string language) => Words(heading) + Words(body) + LanguageTokens(language);

    private static int Words(string indexed) => indexed.Length == 0 ? 0 : indexed.AsSpan().Count(' ') + 1;

    /// <summary>The tokens FTS5 makes of a language code: "zh-Hans" is two.</summary>
    public static int LanguageTokens(string language)
    {
        var n = 0;
        for (var i = 0; i < language.Length; i++)
            if (char.IsAsciiLetterOrDigit(language[i]) && (i == 0 || !char.IsAsciiLetterOrDigit(language[i - 1]))) n++;
        return n;
    }
}

/// <summary>One quoted term of a match: its tokens, the last one a prefix when it ends in *.</summary>
internal sealed record Phrase(string Tokens, bool Prefix)
{
    // The same term is the same phrase: equality compares Tokens, Prefix and Joined, all strings (an array member
    // would be compared by reference, and Distinct() would keep every copy of a term the m-of-n expression repeats).

    /// <summary>As a tsquery: tokens in a row (&lt;-&gt;), the last with :* when a prefix, restricted to the heading (A) when asked.</summary>
    public string ToTsQuery(bool headingOnly)
    {
        var weight = headingOnly ? "A" : "";
        var tokens = Joined.Split(' ');
        var parts = tokens.Select((t, i) => $"'{t.Replace("'", "''", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal)}'" +
                                            (Prefix && i == tokens.Length - 1 ? ":*" + weight : weight.Length > 0 ? ":" + weight : ""));
        return "(" + string.Join(" <-> ", parts) + ")";
    }

    /// <summary>
    /// Whether FTS5 could find the phrase in a column holding <paramref name="value"/> (a language code: "zh-Hans" is
    /// the tokens zh and hans). Over-approximated from its first token alone: that token is one of the value's, or,
    /// when the phrase is one prefix token, starts one of them.
    /// </summary>
    public bool CanMatchIn(string value)
    {
        // Folded as the index's text was (runs of letters and digits, lower case, no accents), which is also how
        // unicode61 with remove_diacritics cuts a language code.
        var tokens = KnowledgeText.FoldedWords(Tokens);
        if (tokens.Length == 0) return true; // nothing FTS5 would read as a token: kept on the safe side
        var alone = Prefix && tokens.Length == 1;
        return KnowledgeText.FoldedWords(value)
            .Any(t => alone ? t.StartsWith(tokens[0], StringComparison.Ordinal) : t == tokens[0]);
    }

    /// <summary>As FTS5 syntax, as <see cref="KnowledgeText"/> wrote it: "market development fund"*.</summary>
    public string ToMatch() => $"\"{Tokens}\"" + (Prefix ? "*" : "");

    // The tokens one space apart, as KnowledgeText.ForIndex writes indexed text: the one split of Tokens.
    private string Joined { get; } = string.Join(' ', Tokens.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// How many times the term occurs in indexed text (tokens one space apart, as <see cref="KnowledgeText.ForIndex"/>
    /// writes them), as FTS5 counts a phrase's instances: at a token's start, and ending at a token's end unless a prefix.
    /// </summary>
    public int CountIn(string text)
    {
        var joined = Joined;
        if (joined.Length == 0) return 0;
        var n = 0;
        for (var at = text.IndexOf(joined, StringComparison.Ordinal); at >= 0; at = text.IndexOf(joined, at + 1, StringComparison.Ordinal))
        {
            var end = at + joined.Length;
            if ((at == 0 || text[at - 1] == ' ') && (Prefix || end == text.Length || text[end] == ' ')) n++;
        }
        return n;
    }
}

/// <summary>A match (quoted terms, OR, AND, parentheses) read once: its terms in order, and the same logic as a tsquery.</summary>
internal sealed class MatchExpression
{
    private readonly List<object> _parts = []; // Phrase, or "(" ")" "&" "|"

    public List<Phrase> Phrases { get; } = [];

    public static MatchExpression Parse(string match)
    {
        var e = new MatchExpression();
        var i = 0;
        while (i < match.Length)
        {
            var c = match[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')') { e._parts.Add(c.ToString()); i++; continue; }
            if (c == '"')
            {
                var end = match.IndexOf('"', i + 1);
                if (end < 0) end = match.Length;
                var text = match[(i + 1)..Math.Min(end, match.Length)].Trim();
                i = end + 1;
                var prefix = i < match.Length && match[i] == '*';
                if (prefix) i++;
                if (text.Length == 0) continue;
                var phrase = new Phrase(text, prefix);
                e._parts.Add(phrase);
                e.Phrases.Add(phrase);
                continue;
            }
            var word = new string(match[i..].TakeWhile(ch => !char.IsWhiteSpace(ch) && ch is not ('(' or ')' or '"')).ToArray());
            i += Math.Max(word.Length, 1);
            if (word == "OR") e._parts.Add("|");
            else if (word == "AND") e._parts.Add("&");
        }
        return e;
    }

    public string ToTsQuery(bool headingOnly) =>
        string.Join(' ', _parts.Select(p => p is Phrase phrase ? phrase.ToTsQuery(headingOnly) : (string)p));

    /// <summary>
    /// The same match without the phrases <paramref name="keep"/> rejects, in FTS5 syntax: an OR loses the member, an
    /// AND that needs one is dropped whole. Null when nothing is left. When the rejected phrases occur in no row the
    /// match is run on, it finds the same rows.
    /// </summary>
    public string? Without(Func<Phrase, bool> keep)
    {
        var i = 0;
        // AND binds tighter than OR, as in FTS5; two terms side by side are an AND.
        string? Or()
        {
            var kept = new List<string>();
            var any = false;
            do
            {
                if (any) i++;
                any = true;
                if (And() is { } and) kept.Add(and);
            } while (i < _parts.Count && _parts[i] is "|");
            return kept.Count == 0 ? null : kept.Count == 1 ? kept[0] : "(" + string.Join(" OR ", kept) + ")";
        }
        string? And()
        {
            var kept = new List<string>();
            var dropped = false;
            while (i < _parts.Count && _parts[i] is not ("|" or ")"))
            {
                if (_parts[i] is "&") { i++; continue; }
                var primary = Primary();
                if (primary is null) dropped = true;
                else kept.Add(primary);
            }
            return dropped || kept.Count == 0 ? null : kept.Count == 1 ? kept[0] : "(" + string.Join(" AND ", kept) + ")";
        }
        string? Primary()
        {
            if (_parts[i] is Phrase phrase)
            {
                i++;
                return keep(phrase) ? phrase.ToMatch() : null;
            }
            i++; // "("
            var inner = Or();
            if (i < _parts.Count && _parts[i] is ")") i++;
            return inner;
        }
        return _parts.Count == 0 ? null : Or();
    }
}
