using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PartnerBot.Knowledge;

/// <summary>
/// What BM25 needs to know about a SQLite database's full-text index, kept while the index is unchanged (see
/// <see cref="SqliteKnowledgeIndex"/>): how many chunks and tokens it holds, which phrases occur in a language's chunks,
/// and how many chunks hold each phrase (its idf). A search asks them before every ranking statement, and a question
/// in another language asks them for its language and for English, with the same glossary phrases search after search.
/// <para>
/// The index's version is FTS5's own structure record (the segments and a counter of segments written: every
/// committed change to the index, whoever makes it, the ingestor or a plain insert into the chunks, writes a new one)
/// with the schema's version (a recreated table starts its counter again). A new version starts empty; the old one is
/// dropped.
/// </para>
/// Nothing is kept for an in-memory database (no name to keep it under) or while a transaction is open on the
/// connection: its uncommitted chunks may be rolled back.
/// </summary>
internal sealed class IndexStatistics
{
    private static readonly ConcurrentDictionary<string, IndexStatistics> Databases = new(StringComparer.Ordinal);

    // A bound on what one version keeps (each answer is a language and a phrase, or a phrase's count): past it,
    // phrases are asked afresh.
    private const int MaxAnswers = 50_000;

    private readonly ConcurrentDictionary<(string Language, Phrase Phrase), bool> _present = new();
    private readonly ConcurrentDictionary<Phrase, long> _hits = new();

    private IndexStatistics(string version) => Version = version;

    /// <summary>The index version these answers hold for.</summary>
    public string Version { get; }

    /// <summary>The index's chunks and their tokens, once asked at this version.</summary>
    public IndexTotals? Totals { get; set; }

    /// <summary>The version, as a statement's column: read in the same statement as the answers it labels.</summary>
    public static string VersionSql =>
        $"coalesce((SELECT hex(block) FROM {KnowledgeSchema.FtsTable}_data WHERE id = 10), '') || '/' || (SELECT schema_version FROM pragma_schema_version())";

    /// <summary>The answers kept for the connection's database at its index's current version; null when none may be kept.</summary>
    public static async Task<IndexStatistics?> ForAsync(DbConnection connection, CancellationToken ct)
    {
        if (Database(connection) is not { } database) return null;
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT " + VersionSql;
        return At(database, await cmd.ExecuteScalarAsync(ct) as string ?? "");
    }

    /// <summary>The answers of one version of the database's index, started empty when it is not the version kept.</summary>
    public static IndexStatistics? At(DbConnection connection, string version) =>
        Database(connection) is { } database ? At(database, version) : null;

    private static IndexStatistics At(string database, string version)
    {
        var kept = Databases.GetOrAdd(database, _ => new IndexStatistics(version));
        if (kept.Version == version) return kept;
        var fresh = new IndexStatistics(version);
        Databases[database] = fresh;
        return fresh;
    }

    private static string? Database(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle, DataSource: { Length: > 0 } file } && file != ":memory:"
        && SQLitePCL.raw.sqlite3_get_autocommit(handle) != 0
            ? file
            : null;

    /// <summary>Whether some chunk of the language holds the phrase and, when one does, how many chunks of any language do.</summary>
    public bool TryGet(string language, Phrase phrase, out bool present, out long hits)
    {
        hits = 0;
        return _present.TryGetValue((language, phrase), out present) && (!present || _hits.TryGetValue(phrase, out hits));
    }

    /// <summary>Whether some chunk of the language holds the phrase; when one does, <paramref name="hits"/> chunks of any language do.</summary>
    public void Set(string language, Phrase phrase, bool present, long hits)
    {
        if (_present.Count + _hits.Count >= MaxAnswers) return;
        if (present) _hits[phrase] = hits;
        _present[(language, phrase)] = present;
    }
}

/// <summary>An index's chunks and their tokens, as BM25's average length counts them (see <see cref="MatchScorer.Length"/>).</summary>
internal sealed record IndexTotals(long Rows, long Tokens)
{
    /// <summary>
    /// SQLite: the languages of the chunks, whose codes FTS5 indexes as words (the Language column), so a search names
    /// its columns when a phrase could match one. PostgreSQL's tsvector holds no language; it leaves this empty.
    /// </summary>
    public IReadOnlyList<string> Languages { get; init; } = [];
}
