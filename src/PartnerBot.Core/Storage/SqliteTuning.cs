using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PartnerBot.Storage;

/// <summary>
/// SQLite as a server needs it: write-ahead logging (readers never wait for the writer), synchronous=NORMAL (durable
/// at each checkpoint, safe against a process crash) and a busy timeout (a second writer waits instead of failing).
/// WAL is a property of the file, set once at start; the other two belong to the connection, and stay with it while
/// the pool lends it out again: they are set once for each connection SQLite opens, not at every open from the pool.
/// <para>Knowledge searches read on connections of their own (<see cref="OpenSearchConnectionAsync"/>), which read
/// through a memory map of the file (mmap_size, up to <see cref="MemoryMapBytes"/>): a search reads hundreds of
/// scattered chunk rows, and through the 2 MiB page cache each missed page was a read() and a copy (a third of a
/// ranking statement's CPU at 10,000 chunks). Every other connection reads through its page cache: a mapped connection
/// maps the file again each time a checkpoint grows it, and parses every page it reads again, which made a turn cost
/// half as much CPU again when every connection was mapped (see the benchmarks' README, issue 19).</para>
/// </summary>
public static class SqliteTuning
{
    public const int BusyTimeoutMs = 10_000;
    public const long MemoryMapBytes = 256L * 1024 * 1024;
    private static readonly string Pragmas = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={BusyTimeoutMs};";
    private static readonly string MappedPragmas = $"{Pragmas} PRAGMA mmap_size={MemoryMapBytes};";

    // The native connections already tuned (the pool hands out the same handle again; a new one is a new object).
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Tuned = new();

    public static async Task ApplyAsync(DbConnection connection, CancellationToken ct)
    {
        if (connection is not SqliteConnection { Handle: { } handle } || Tuned.TryGetValue(handle, out _)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = PragmasFor(connection);
        await command.ExecuteNonQueryAsync(ct);
        Tuned.AddOrUpdate(handle, command.CommandText);
    }

    public static void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } || Tuned.TryGetValue(handle, out _)) return;
        using var command = connection.CreateCommand();
        command.CommandText = PragmasFor(connection);
        command.ExecuteNonQuery();
        Tuned.AddOrUpdate(handle, command.CommandText);
    }

    // A search connection is the only read-only one (its own pool: Microsoft.Data.Sqlite pools by connection string).
    private static string PragmasFor(DbConnection connection) =>
        new SqliteConnectionStringBuilder(connection.ConnectionString).Mode == SqliteOpenMode.ReadOnly ? MappedPragmas : Pragmas;

    /// <summary>
    /// A connection for a knowledge search, opened and tuned: read-only, from a pool of its own, reading through a
    /// memory map. Null when <paramref name="connection"/> (the context's) is not a SQLite file (another provider, or an
    /// in-memory database another connection would not see): the search then reads on the context's connection.
    /// </summary>
    public static async Task<DbConnection?> OpenSearchConnectionAsync(DbConnection connection, CancellationToken ct)
    {
        if (connection is not SqliteConnection) return null;
        var builder = new SqliteConnectionStringBuilder(connection.ConnectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:") return null;
        builder.Mode = SqliteOpenMode.ReadOnly;
        var search = new SqliteConnection(builder.ToString());
        try
        {
            await search.OpenAsync(ct);
            await ApplyAsync(search, ct);
            return search;
        }
        catch
        {
            await search.DisposeAsync();
            throw;
        }
    }

    /// <summary>Switches the database file to WAL (persistent; a no-op when it already is).</summary>
    public static async Task UseWriteAheadLogAsync(DbConnection connection, CancellationToken ct)
    {
        if (connection is not SqliteConnection) return;
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Applies <see cref="SqliteTuning"/> to every connection EF Core opens.</summary>
public sealed class SqliteTuningInterceptor : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => SqliteTuning.Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        SqliteTuning.ApplyAsync(connection, cancellationToken);
}
