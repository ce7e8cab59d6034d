using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PartnerBot.Knowledge;

/// <summary>
/// Which phrases occur in a language's chunks, kept for one SQLite database while its full-text index is unchanged
/// (see <see cref="SqliteKnowledgeIndex"/>: a search asks it before every ranking statement, and a question in another
/// language asks it for its language and for English, with the same glossary phrases search after search).
/// <para>
/// The index's version is FTS5's own structure record (the segments and a counter of segments written: every
/// committed change to the index, whoever makes it, the ingestor or a plain insert into the chunks, writes a new one)
/// with the schema's version (a recreated table starts its counter again). A new version starts an empty set of
/// answers; the old one is dropped.
/// </para>
/// Nothing is kept for an in-memory database (no name to keep it under) or while a transaction is open on the
/// connection: its uncommitted chunks may be rolled back.
/// </summary>
internal sealed class PhrasePresence
{
    private static readonly ConcurrentDictionary<string, PhrasePresence> Databases = new(StringComparer.Ordinal);

    // A bound on what one version keeps (each answer is a language and a phrase): past it, phrases are asked afresh.
    private const int MaxAnswers = 50_000;

    private readonly ConcurrentDictionary<(string Language, Phrase Phrase), bool> _answers = new();

    private PhrasePresence(string version) => Version = version;

    /// <summary>The index version these answers hold for.</summary>
    public string Version { get; }

    /// <summary>The version, as a statement's column: read in the same statement as the answers it labels.</summary>
    public static string VersionSql =>
        $"coalesce((SELECT hex(block) FROM {KnowledgeSchema.FtsTable}_data WHERE id = 10), '') || '/' || (SELECT schema_version FROM pragma_schema_version())";

    /// <summary>The answers kept for the connection's database at its index's current version; null when none may be kept.</summary>
    public static async Task<PhrasePresence?> ForAsync(DbConnection connection, CancellationToken ct)
    {
        if (Database(connection) is not { } database) return null;
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT " + VersionSql;
        return At(database, await cmd.ExecuteScalarAsync(ct) as string ?? "");
    }

    /// <summary>The answers of one version of the database's index, started empty when it is not the version kept.</summary>
    public static PhrasePresence? At(DbConnection connection, string version) =>
        Database(connection) is { } database ? At(database, version) : null;

    private static PhrasePresence At(string database, string version)
    {
        var kept = Databases.GetOrAdd(database, _ => new PhrasePresence(version));
        if (kept.Version == version) return kept;
        var fresh = new PhrasePresence(version);
        Databases[database] = fresh;
        return fresh;
    }

    private static string? Database(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle, DataSource: { Length: > 0 } file } && file != ":memory:"
        && SQLitePCL.raw.sqlite3_get_autocommit(handle) != 0
            ? file
            : null;

    public bool TryGet(string language, Phrase phrase, out bool present) => _answers.TryGetValue((language, phrase), out present);

    public void Set(string language, Phrase phrase, bool present)
    {
        if (_answers.Count < MaxAnswers) _answers[(language, phrase)] = present;
    }
}
