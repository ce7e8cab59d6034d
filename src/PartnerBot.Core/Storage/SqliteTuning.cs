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
/// Reads go through a memory map of the file (mmap_size, up to <see cref="MemoryMapBytes"/>): a knowledge search reads
/// hundreds of scattered chunk rows, and through the 2 MiB page cache each missed page was a read() and a copy
/// (a third of a ranking statement's CPU at 10,000 chunks; see the benchmarks' README).
/// </summary>
public static class SqliteTuning
{
    public const int BusyTimeoutMs = 10_000;
    public const long MemoryMapBytes = 256L * 1024 * 1024;
    private static readonly string Pragmas = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={BusyTimeoutMs}; PRAGMA mmap_size={MemoryMapBytes};";

    // The native connections already tuned (the pool hands out the same handle again; a new one is a new object).
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Tuned = new();

    public static async Task ApplyAsync(DbConnection connection, CancellationToken ct)
    {
        if (connection is not SqliteConnection { Handle: { } handle } || Tuned.TryGetValue(handle, out _)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(ct);
        Tuned.AddOrUpdate(handle, Pragmas);
    }

    public static void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } || Tuned.TryGetValue(handle, out _)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        Tuned.AddOrUpdate(handle, Pragmas);
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
