using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PartnerBot.Storage;

namespace PartnerBot.Enablement;

/// <summary>
/// The content catalog's full-text index, one per provider: it scores the items that match a query's words and Chinese
/// runs (higher is better); <see cref="ContentSearch"/> filters, boosts the person's language and orders.
/// </summary>
public interface IContentIndex
{
    Task<Dictionary<string, double>> ScoreAsync(QueryTerms terms, CancellationToken ct);
}

public static class ContentIndex
{
    public static IContentIndex For(PartnerBotDb db) => db.Database.IsNpgsql() ? new PostgreSqlContentIndex(db) : new SqliteContentIndex(db);

    /// <summary>The three-character runs of the unspaced words (Chinese, kana) long enough to have them.</summary>
    internal static List<string> Trigrams(QueryTerms terms) => terms.Unspaced.Where(h => h.Length >= 3)
        .SelectMany(h => Enumerable.Range(0, h.Length - 2).Select(i => h.Substring(i, 3))).Distinct().ToList();

    internal sealed class Row
    {
        public string ItemId { get; set; } = "";
        public double Score { get; set; }
    }

    internal static void Add(Dictionary<string, double> scores, IEnumerable<Row> rows)
    {
        foreach (var r in rows) scores[r.ItemId] = scores.GetValueOrDefault(r.ItemId) + r.Score;
    }
}

/// <summary>FTS5 (see <see cref="EnablementSchema"/>): bm25 over words (title and tags weigh most), bm25 over trigrams for Chinese.</summary>
internal sealed class SqliteContentIndex(PartnerBotDb db) : IContentIndex
{
    /// <summary>Higher is better: bm25 is negative-better in SQLite, so it is negated.</summary>
    public async Task<Dictionary<string, double>> ScoreAsync(QueryTerms terms, CancellationToken ct)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        if (terms.Words.Count > 0)
        {
            var match = string.Join(" OR ", terms.Words.Select(w => $"\"{ContentSearch.Stem(w).Replace("\"", "", StringComparison.Ordinal)}\"*"));
            ContentIndex.Add(scores, await db.Database.SqlQueryRaw<ContentIndex.Row>(
                $"SELECT item_id AS ItemId, -bm25({EnablementSchema.WordsTable}, 0.0, 8.0, 3.0, 5.0, 4.0) AS Score " +
                $"FROM {EnablementSchema.WordsTable} WHERE {EnablementSchema.WordsTable} MATCH @q",
                new SqliteParameter("@q", match)).ToListAsync(ct));
        }

        var trigrams = ContentIndex.Trigrams(terms);
        if (trigrams.Count > 0)
        {
            var match = string.Join(" OR ", trigrams.Select(t => $"\"{t}\""));
            ContentIndex.Add(scores, await db.Database.SqlQueryRaw<ContentIndex.Row>(
                $"SELECT item_id AS ItemId, -bm25({EnablementSchema.TrigramTable}, 0.0, 8.0, 3.0, 5.0) AS Score " +
                $"FROM {EnablementSchema.TrigramTable} WHERE {EnablementSchema.TrigramTable} MATCH @q",
                new SqliteParameter("@q", match)).ToListAsync(ct));
        }

        // Unspaced words shorter than a trigram: a substring scan (the trigram table answers LIKE), one point per field.
        foreach (var shortWord in terms.Unspaced.Where(h => h.Length < 3))
        {
            ContentIndex.Add(scores, await db.Database.SqlQueryRaw<ContentIndex.Row>(
                $"SELECT item_id AS ItemId, (title LIKE @p) * 3.0 + (summary LIKE @p) * 1.0 + (tags LIKE @p) * 2.0 AS Score " +
                $"FROM {EnablementSchema.TrigramTable} WHERE title LIKE @p OR summary LIKE @p OR tags LIKE @p",
                new SqliteParameter("@p", $"%{shortWord}%")).ToListAsync(ct));
        }
        return scores;
    }
}

/// <summary>
/// PostgreSQL (see <see cref="EnablementPostgreSqlSchema"/>): the tsvector finds the items holding a word (prefixes of
/// the same crude stems as on SQLite), ranked here with FTS5's BM25 (<see cref="Bm25"/>) and the same field weights
/// (title 8, tags 5, type/product/stage 4, summary 3), so the person's-language boost weighs the same on both. Chinese
/// goes by substrings through the pg_trgm indexes: each three-character run of a long word, and each short word whole,
/// scores 3 in the title, 2 in the tags and 1 in the summary.
/// </summary>
internal sealed partial class PostgreSqlContentIndex(PartnerBotDb db) : IContentIndex
{
    private const double Title = 8, Summary = 3, Tags = 5, Facets = 4;

    public async Task<Dictionary<string, double>> ScoreAsync(QueryTerms terms, CancellationToken ct)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var stems = terms.Words.Select(w => new string(ContentSearch.Fold(ContentSearch.Stem(w)).Where(char.IsLetterOrDigit).ToArray()))
            .Where(w => w.Length > 0).ToList();
        if (stems.Count > 0) await ScoreWordsAsync(stems, scores, ct);

        foreach (var run in ContentIndex.Trigrams(terms).Concat(terms.Unspaced.Where(h => h.Length < 3)))
        {
            ContentIndex.Add(scores, await db.Database.SqlQueryRaw<ContentIndex.Row>(
                """
                SELECT "Id" AS "ItemId",
                       (CASE WHEN "Title" LIKE @p THEN 3.0 ELSE 0 END) + (CASE WHEN "Summary" LIKE @p THEN 1.0 ELSE 0 END)
                       + (CASE WHEN "Tags" LIKE @p THEN 2.0 ELSE 0 END) AS "Score"
                FROM "ContentItems" WHERE "Title" LIKE @p OR "Summary" LIKE @p OR "Tags" LIKE @p
                """,
                new NpgsqlParameter("p", $"%{run}%")).ToListAsync(ct));
        }
        return scores;
    }

    private sealed class Candidate
    {
        public string Id { get; set; } = "";
        public string Title { get; set; } = "";
        public string Summary { get; set; } = "";
        public string Tags { get; set; } = "";
        public string Facets { get; set; } = "";
    }

    private async Task ScoreWordsAsync(List<string> stems, Dictionary<string, double> scores, CancellationToken ct)
    {
        var any = string.Join(" | ", stems.Distinct().Select(s => $"'{s}':*"));
        var candidates = await db.Database.SqlQueryRaw<Candidate>(
            """
            SELECT "Id", "Title", "Summary", "Tags", replace("Type", '-', ' ') || ' ' || "Product" || ' ' || "Stage" AS "Facets"
            FROM "ContentItems" WHERE "SearchVector" @@ to_tsquery('simple', @q)
            """, new NpgsqlParameter("q", any)).ToListAsync(ct);
        if (candidates.Count == 0) return;

        // The catalog's statistics: items, tokens, and how many items hold each stem.
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            await using var cmd = connection.CreateCommand();
            var counts = string.Concat(stems.Distinct().Select((s, i) => $""", count(*) FILTER (WHERE c."SearchVector" @@ to_tsquery('simple', @s{i}))"""));
            cmd.CommandText = $"""
                SELECT count(*), coalesce(sum(t.n), 0){counts}
                FROM "ContentItems" c, LATERAL (SELECT sum(cardinality(positions)) AS n FROM unnest(c."SearchVector")) t
                """;
            var distinct = stems.Distinct().ToList();
            for (var i = 0; i < distinct.Count; i++) cmd.Parameters.Add(new NpgsqlParameter($"s{i}", $"'{distinct[i]}':*"));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var rows = reader.GetInt64(0);
            var average = rows == 0 ? 1 : Convert.ToDouble(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture) / rows;
            var idf = distinct.Select((s, i) => (s, Bm25.Idf(rows, reader.GetInt64(2 + i)))).ToDictionary(x => x.s, x => x.Item2);

            foreach (var c in candidates)
            {
                var fields = new[] { (Tokens(c.Title), Title), (Tokens(c.Summary), Summary), (Tokens(c.Tags), Tags), (Tokens(c.Facets), Facets) };
                var length = fields.Sum(f => f.Item1.Length);
                var score = stems.Sum(s => Bm25.Term(idf[s],
                    fields.Sum(f => f.Item2 * f.Item1.Count(t => t.StartsWith(s, StringComparison.Ordinal))), length, average));
                scores[c.Id] = scores.GetValueOrDefault(c.Id) + score;
            }
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }

    /// <summary>A field's words as the index sees them: folded, split at anything that is not a letter or digit.</summary>
    private static string[] Tokens(string text) =>
        NotAWordCharacter().Split(ContentSearch.Fold(text)).Where(t => t.Length > 0).ToArray();

    [System.Text.RegularExpressions.GeneratedRegex(@"[^\p{L}\p{Nd}]+")]
    private static partial System.Text.RegularExpressions.Regex NotAWordCharacter();
}
