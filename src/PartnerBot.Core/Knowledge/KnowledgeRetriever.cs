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
/// FTS5 BM25 search over the knowledge base. Searches the asker's language first; when nothing there clears the
/// relevance floor it searches the English documents, and says so. Headings weigh three times the text. The floor has
/// two parts: a passage must cover at least Assistant:MinCoverage of the question's terms (two common words out of six
/// is chance, not an answer) and score at least Assistant:MinScore.
/// </summary>
public sealed class KnowledgeRetriever(PartnerBotDb db, IOptions<AssistantOptions> options)
{
    public async Task<SearchResult> SearchAsync(string question, string language, int? topK = null, CancellationToken ct = default)
    {
        var query = KnowledgeText.ToQuery(question);
        if (query is null) return SearchResult.Empty with { Language = language };
        var k = topK ?? options.Value.TopK;
        var found = await QueryAsync(query, language, k, ct);
        if (found.Count > 0 || language == Languages.English) return new SearchResult(found, language, false);
        var english = await QueryAsync(query, Languages.English, k, ct);
        return new SearchResult(english, Languages.English, english.Count > 0);
    }

    /// <summary>Top passages in one language at or above the floor, best first.</summary>
    public async Task<IReadOnlyList<Passage>> QueryAsync(KnowledgeQuery query, string language, int k, CancellationToken ct = default)
    {
        var all = await RankAsync(query, language, k, ct);
        return all.Where(p => p.Score >= options.Value.MinScore && p.Coverage >= options.Value.MinCoverage).ToList();
    }

    /// <summary>
    /// Top passages with their scores, no floor: the best 4k by BM25, re-ranked by BM25 × coverage.
    /// </summary>
    public async Task<IReadOnlyList<Passage>> RankAsync(KnowledgeQuery query, string language, int k, CancellationToken ct = default)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            await using var cmd = connection.CreateCommand();
            // The FTS table ranks (rank = bm25 with the weights set in KnowledgeSchema) and keeps the best 4k of the
            // asker's language; only those are joined to their text.
            cmd.CommandText = $"""
                SELECT c.Id, c.DocumentId, c.Slug, c.Language, c.HeadingPath, c.Text, -f.rank AS Score, c.SearchHeading, c.SearchBody
                FROM (SELECT rowid, rank FROM {KnowledgeSchema.FtsTable} WHERE {KnowledgeSchema.FtsTable} MATCH $match ORDER BY rank LIMIT $k) AS f
                JOIN KnowledgeChunks c ON c.Id = f.rowid
                ORDER BY f.rank
                """;
            // The question's terms match the heading and text only: a word such as "en" must not match the language column.
            Add(cmd, "$match", $"Language : \"{language.Replace("\"", "", StringComparison.Ordinal)}\" AND {{SearchHeading SearchBody}} : ({query.MatchAtLeast(options.Value.MinCoverage)})");
            Add(cmd, "$k", k * 4);
            var list = new List<Passage>();
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var coverage = query.Coverage(reader.GetString(7) + " " + reader.GetString(8));
                list.Add(new Passage(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetString(4), reader.GetString(5), reader.GetDouble(6) * coverage) { Coverage = coverage });
            }
            return list.OrderByDescending(p => p.Score).Take(k).ToList();
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
