using System.Data.Common;
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
/// AND, with parentheses. Both rank with the same BM25 (k1 1.2, b 0.75, heading three times the text), so the
/// retriever's floors (Assistant:MinScore, Assistant:MinCoverage) mean the same on both.
/// </summary>
public interface IKnowledgeIndex
{
    /// <summary>The best <paramref name="limit"/> chunks of one language whose heading or text match, best first.</summary>
    Task<IReadOnlyList<IndexedChunk>> RankAsync(string language, string match, int limit, CancellationToken ct);

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

public static class KnowledgeIndex
{
    /// <summary>The index of the database's provider, on the context's connection.</summary>
    public static IKnowledgeIndex For(PartnerBotDb db) =>
        db.Database.IsNpgsql() ? new PostgreSqlKnowledgeIndex(db) : new SqliteKnowledgeIndex(db);

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

/// <summary>FTS5: the KnowledgeFts table (see <see cref="KnowledgeSchema"/>), ranked by its own bm25.</summary>
internal sealed class SqliteKnowledgeIndex(PartnerBotDb db) : IKnowledgeIndex
{
    private const string Columns = "c.Id, c.DocumentId, c.Slug, c.Language, c.HeadingPath, c.Text, c.SearchHeading, c.SearchBody";

    private static string LanguageFilter(string language) => $"Language : \"{language.Replace("\"", "", StringComparison.Ordinal)}\"";

    public async Task<IReadOnlyList<IndexedChunk>> RankAsync(string language, string match, int limit, CancellationToken ct)
    {
        var pruned = await WithoutAbsentAsync(language, match, ct);
        if (pruned is null) return [];
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        // The FTS table ranks (rank = bm25 with the weights set in KnowledgeSchema) and keeps the best of the asker's
        // language; only those are joined to their text.
        cmd.CommandText = $"""
            SELECT {Columns}, -f.rank AS Score
            FROM (SELECT rowid, rank FROM {KnowledgeSchema.FtsTable} WHERE {KnowledgeSchema.FtsTable} MATCH $match ORDER BY rank LIMIT $k) AS f
            JOIN KnowledgeChunks c ON c.Id = f.rowid
            ORDER BY f.rank
            """;
        // The question's terms match the heading and text only: a word such as "en" must not match the language column.
        KnowledgeIndex.Add(cmd, "$match", $"{LanguageFilter(language)} AND {{SearchHeading SearchBody}} : ({pruned})");
        KnowledgeIndex.Add(cmd, "$k", limit);
        var list = new List<IndexedChunk>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) list.Add(KnowledgeIndex.Read(reader, reader.GetDouble(8)));
        return list;
    }

    private const int MaxPhrasesChecked = 500;

    /// <summary>
    /// The match without the phrases no chunk of the language holds (null when it can match nothing). FTS5's bm25
    /// computes an idf for every phrase of a match, over the whole table, and looks for every phrase in every row it
    /// ranks; a concept's glossary phrases in English and in the asker's language, and the m-of-n expression's copies
    /// of them, made a Chinese question's ranking statement 76 phrases (38 distinct), of which 6 occur in Chinese
    /// chunks. Which occur is asked once per index version (<see cref="PhrasePresence"/>); the ranking reads the rest.
    /// </summary>
    private async Task<string?> WithoutAbsentAsync(string language, string match, CancellationToken ct)
    {
        var phrases = MatchExpression.Parse(match);
        var distinct = phrases.Phrases.Distinct().ToList();
        if (distinct.Count == 0) return null;
        // A statement has at most 2,000 columns; a question of hundreds of terms is ranked as written.
        if (distinct.Count > MaxPhrasesChecked) return match;
        var present = await PresentAsync(language, distinct, ct);
        return present.Count == distinct.Count ? match : phrases.Without(present.Contains);
    }

    /// <summary>The phrases some chunk of the language holds: those known for the index's version, the others asked
    /// in one statement (one EXISTS each, stopping at the first row) that also reads the version its answers hold for.</summary>
    private async Task<HashSet<Phrase>> PresentAsync(string language, List<Phrase> distinct, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var known = await PhrasePresence.ForAsync(connection, ct);
        var present = new HashSet<Phrase>();
        var asked = new List<Phrase>();
        foreach (var phrase in distinct)
        {
            if (known is null || !known.TryGet(language, phrase, out var has)) asked.Add(phrase);
            else if (has) present.Add(phrase);
        }
        if (asked.Count == 0) return present;

        await using var cmd = connection.CreateCommand();
        var sql = new StringBuilder("SELECT ").Append(known is null ? "''" : PhrasePresence.VersionSql);
        for (var i = 0; i < asked.Count; i++)
        {
            sql.Append($", EXISTS (SELECT 1 FROM {KnowledgeSchema.FtsTable} WHERE {KnowledgeSchema.FtsTable} MATCH $p{i})");
            KnowledgeIndex.Add(cmd, $"$p{i}", $"{LanguageFilter(language)} AND {{SearchHeading SearchBody}} : ({asked[i].ToMatch()})");
        }
        cmd.CommandText = sql.ToString();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var answers = known is null ? null : PhrasePresence.At(connection, reader.GetString(0));
        for (var i = 0; i < asked.Count; i++)
        {
            var has = reader.GetInt64(1 + i) != 0;
            if (has) present.Add(asked[i]);
            answers?.Set(language, asked[i], has);
        }
        return present;
    }

    public async Task<bool> AnyAsync(string language, string match, CancellationToken ct)
    {
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = $"SELECT 1 FROM {KnowledgeSchema.FtsTable} WHERE {KnowledgeSchema.FtsTable} MATCH $match LIMIT 1";
        KnowledgeIndex.Add(cmd, "$match", $"{LanguageFilter(language)} AND {{SearchHeading SearchBody}} : ({match})");
        return await cmd.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<IReadOnlyList<IndexedChunk>> HeadingsMatchingAsync(string language, string match, string documentId, long exceptChunkId, CancellationToken ct)
    {
        // Only the document's sections whose heading path holds a word of the match are read: a document of hundreds
        // of sections costs no more than one of ten.
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
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
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
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
/// through its GIN index; they are ranked here with FTS5's BM25 (<see cref="Bm25"/>): per term of the match, its idf
/// over every chunk, its frequency with the heading weighing 3 and the text 1, and the chunk's length in tokens. ts_rank is not used: its scale is
/// not BM25's, and the floors are BM25 scores.
/// </summary>
internal sealed class PostgreSqlKnowledgeIndex(PartnerBotDb db) : IKnowledgeIndex
{
    private const double HeadingWeight = 3.0, BodyWeight = 1.0;
    private const string Columns = """c."Id", c."DocumentId", c."Slug", c."Language", c."HeadingPath", c."Text", c."SearchHeading", c."SearchBody", c."SearchTokens" """;

    public async Task<IReadOnlyList<IndexedChunk>> RankAsync(string language, string match, int limit, CancellationToken ct)
    {
        var expression = MatchExpression.Parse(match);
        if (expression.Phrases.Count == 0) return [];
        var connection = db.Database.GetDbConnection();
        var candidates = new List<(IndexedChunk Chunk, int Tokens)>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"""
                SELECT {Columns} FROM "KnowledgeChunks" c
                WHERE c."Language" = @language AND c."SearchVector" @@ to_tsquery('simple', @match)
                """;
            KnowledgeIndex.Add(cmd, "language", language);
            KnowledgeIndex.Add(cmd, "match", expression.ToTsQuery(headingOnly: false));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) candidates.Add((KnowledgeIndex.Read(reader, 0), reader.GetInt32(8)));
        }
        if (candidates.Count == 0) return [];

        // The table's statistics, as FTS5 keeps them: rows, tokens, and how many rows hold each term.
        var distinct = expression.Phrases.Distinct().ToList();
        long rows, tokens;
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
            rows = reader.GetInt64(0);
            tokens = reader.GetInt64(1);
            for (var i = 0; i < distinct.Count; i++) hits[distinct[i]] = reader.GetInt64(2 + i);
        }
        var averageLength = rows == 0 ? 1 : (double)tokens / rows;
        var idf = distinct.ToDictionary(p => p, p => Bm25.Idf(rows, hits[p]));

        double Score(IndexedChunk c, int length)
        {
            var heading = c.SearchHeading.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var body = c.SearchBody.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var score = 0.0;
            // Every term of the match counts, as often as it is written in it (FTS5 scores each phrase of the expression).
            foreach (var phrase in expression.Phrases)
            {
                var f = HeadingWeight * phrase.CountIn(heading) + BodyWeight * phrase.CountIn(body);
                score += Bm25.Term(idf[phrase], f, length, averageLength);
            }
            return score;
        }

        return candidates.Select(c => c.Chunk with { Score = Score(c.Chunk, c.Tokens) })
            .OrderByDescending(c => c.Score).ThenBy(c => c.Id).Take(limit).ToList();
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

/// <summary>One quoted term of a match: its tokens, the last one a prefix when it ends in *.</summary>
internal sealed record Phrase(string Tokens, bool Prefix)
{
    private string[] Parts { get; } = Tokens.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    // The same term is the same phrase: the generated equality would also compare Parts, an array, by reference, and
    // Distinct() kept every copy of a term the m-of-n expression repeats (one count per copy in the statistics query).
    public bool Equals(Phrase? other) => other is not null && Tokens == other.Tokens && Prefix == other.Prefix;

    public override int GetHashCode() => HashCode.Combine(Tokens, Prefix);

    /// <summary>As a tsquery: tokens in a row (&lt;-&gt;), the last with :* when a prefix, restricted to the heading (A) when asked.</summary>
    public string ToTsQuery(bool headingOnly)
    {
        var weight = headingOnly ? "A" : "";
        var parts = Parts.Select((t, i) => $"'{t.Replace("'", "''", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal)}'" +
                                           (Prefix && i == Parts.Length - 1 ? ":*" + weight : weight.Length > 0 ? ":" + weight : ""));
        return "(" + string.Join(" <-> ", parts) + ")";
    }

    /// <summary>As FTS5 syntax, as <see cref="KnowledgeText"/> wrote it: "market development fund"*.</summary>
    public string ToMatch() => $"\"{Tokens}\"" + (Prefix ? "*" : "");

    /// <summary>How many times the term occurs in indexed tokens, as FTS5 counts a phrase's instances.</summary>
    public int CountIn(string[] tokens)
    {
        var n = 0;
        for (var i = 0; i + Parts.Length <= tokens.Length; i++)
        {
            var all = true;
            for (var j = 0; j < Parts.Length && all; j++)
                all = Prefix && j == Parts.Length - 1
                    ? tokens[i + j].StartsWith(Parts[j], StringComparison.Ordinal)
                    : tokens[i + j] == Parts[j];
            if (all) n++;
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
