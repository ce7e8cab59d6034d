using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PartnerBot.Storage;

/// <summary>
/// SQLite as a server needs it: write-ahead logging (readers never wait for the writer), synchronous=NORMAL (durable
/// at each checkpoint, safe against a process crash) and a busy timeout (a second writer waits instead of failing).
/// WAL is a property of the file, set once at start; the other two are per connection.
/// </summary>
public static class SqliteTuning
{
    public const int BusyTimeoutMs = 10_000;

    public static async Task ApplyAsync(DbConnection connection, CancellationToken ct)
    {
        if (connection is not SqliteConnection) return;
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={BusyTimeoutMs};";
        await command.ExecuteNonQueryAsync(ct);
    }

    public static void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection) return;
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={BusyTimeoutMs};";
        command.ExecuteNonQuery();
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
