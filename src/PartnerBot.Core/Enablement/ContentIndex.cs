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

    /// <summary>The three-character runs of the Han words long enough to have them.</summary>
    internal static List<string> Trigrams(QueryTerms terms) => terms.Han.Where(h => h.Length >= 3)
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

        // Han words shorter than a trigram: a substring scan (the trigram table answers LIKE), one point per field.
        foreach (var shortWord in terms.Han.Where(h => h.Length < 3))
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
/// PostgreSQL (see <see cref="EnablementPostgreSqlSchema"/>): words by the tsvector (prefixes of the same crude stems,
/// ranked by ts_rank with the fields weighted as bm25's are on SQLite: title 8, tags 5, type/product/stage 4, summary 3),
/// Chinese by substrings through the pg_trgm indexes: each three-character run of a long word, and each short word
/// whole, scores 3 in the title, 2 in the tags and 1 in the summary.
/// </summary>
internal sealed class PostgreSqlContentIndex(PartnerBotDb db) : IContentIndex
{
    // ts_rank's weights are given {D, C, B, A}: summary, facets, tags, title, as shares of the title's.
    private const string Weights = "'{0.375, 0.5, 0.625, 1.0}'";
    // ts_rank of one matched title word is about a tenth; bm25 of the same on SQLite is a few units.
    private const double WordScale = 40.0;

    public async Task<Dictionary<string, double>> ScoreAsync(QueryTerms terms, CancellationToken ct)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        if (terms.Words.Count > 0)
        {
            var query = string.Join(" | ", terms.Words
                .Select(w => ContentSearch.Fold(ContentSearch.Stem(w)).Replace("'", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal))
                .Where(w => w.Length > 0).Distinct().Select(w => $"'{w}':*"));
            if (query.Length > 0)
                ContentIndex.Add(scores, await db.Database.SqlQueryRaw<ContentIndex.Row>(
                    $"""
                    SELECT "Id" AS "ItemId", ts_rank({Weights}, "SearchVector", q) * {WordScale} AS "Score"
                    FROM "ContentItems", to_tsquery('simple', @q) AS q WHERE "SearchVector" @@ q
                    """,
                    new NpgsqlParameter("q", query)).ToListAsync(ct));
        }

        foreach (var run in ContentIndex.Trigrams(terms).Concat(terms.Han.Where(h => h.Length < 3)))
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
}
