using System.Collections.Concurrent;
using Npgsql;
using PartnerBot.Storage;

namespace PartnerBot.Testing;

/// <summary>
/// Which database the suite runs on. SQLite unless PARTNERBOT_TEST_PROVIDER=PostgreSQL, with
/// PARTNERBOT_TEST_POSTGRES the connection string of a role that may create databases (.ci/run sets both). On
/// PostgreSQL every test database is a database of its own on that server, named with this test process's own prefix
/// (so runs sharing a server never meet), created empty or as a copy of a prepared one (CREATE DATABASE … TEMPLATE), and
/// dropped when the test ends or, at the latest, when the test process exits. A process stopped before it could drop
/// them (the test runner gives a finished one a moment only) leaves them behind: .ci/run sweeps every pbt_&lt;process
/// id&gt;_… database, and every SQLite file named with a process id, whose process no longer runs.
/// </summary>
public static class TestStorage
{
    public const string ProviderVariable = "PARTNERBOT_TEST_PROVIDER";
    public const string PostgresVariable = "PARTNERBOT_TEST_POSTGRES";

    public static StorageProvider Provider { get; } = StorageSettings.Parse(Environment.GetEnvironmentVariable(ProviderVariable));
    public static bool OnPostgreSql => Provider == StorageProvider.PostgreSQL;

    /// <summary>The server's connection string (PARTNERBOT_TEST_POSTGRES), or null when none is given.</summary>
    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;

    /// <summary>Why a PostgreSQL-only test cannot run here, or null when it can (never skipped where peers are required, as in .ci/run).</summary>
    public static string? PostgresMissing => Peers.Required || PostgresServer is not null ? null
        : $"Needs a PostgreSQL server: set {PostgresVariable} to a connection string of a role that may create databases (.ci/run does).";

    private static readonly string RunPrefix = $"pbt_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..8]}";
    private static int _counter;
    private static readonly ConcurrentDictionary<string, bool> Created = new();

    static TestStorage() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var name in Created.Keys) TryDrop(name);
    };

    /// <summary>A database name (PostgreSQL) or file path (SQLite) nobody else uses; nothing is created yet.</summary>
    public static string NewDatabase() => OnPostgreSql
        ? $"{RunPrefix}_{Interlocked.Increment(ref _counter)}"
        : Path.Combine(Path.GetTempPath(), $"partnerbot-test-{Environment.ProcessId}-{Guid.NewGuid():N}.db");

    /// <summary>A new, empty PostgreSQL database on the test server, whatever provider the suite runs on.</summary>
    public static string NewPostgresDatabase()
    {
        var name = $"{RunPrefix}_{Interlocked.Increment(ref _counter)}";
        Create(name);
        return name;
    }

    /// <summary>The host's settings for a database made by <see cref="NewDatabase"/>.</summary>
    public static StorageSettings Settings(string database) => OnPostgreSql
        ? new StorageSettings(StorageProvider.PostgreSQL, ConnectionString(database))
        : new StorageSettings(StorageProvider.Sqlite, $"Data Source={database}");

    public static string ConnectionString(string database)
    {
        var server = PostgresServer ?? throw new InvalidOperationException(
            $"{ProviderVariable}=PostgreSQL needs {PostgresVariable}: the connection string of a role that may create databases.");
        // Small pools that let idle connections go soon: many test databases live on one server at once. Patient
        // timeouts: on a busy 2-core machine a new server process can take longer than Npgsql's default 15 s to start.
        return new NpgsqlConnectionStringBuilder(server)
        {
            Database = database, MaxPoolSize = 20, ConnectionIdleLifetime = 2, ConnectionPruningInterval = 1,
            Timeout = 60, CommandTimeout = 120,
        }.ConnectionString;
    }

    /// <summary>Whether the PostgreSQL database exists.</summary>
    public static bool Exists(string database) =>
        Admin(c => { c.CommandText = "SELECT 1 FROM pg_database WHERE datname = @n"; c.Parameters.AddWithValue("n", database); return c.ExecuteScalar() is not null; });

    /// <summary>Creates the PostgreSQL database, empty or as a copy of <paramref name="template"/> (nobody may be connected to it).</summary>
    public static void Create(string database, string? template = null)
    {
        Admin(c =>
        {
            c.CommandText = $"CREATE DATABASE \"{database}\"" + (template is null ? "" : $" TEMPLATE \"{template}\"");
            return c.ExecuteNonQuery();
        });
        Created[database] = true;
    }

    /// <summary>Creates the PostgreSQL database unless it exists (two hosts started together on one database both ask).</summary>
    public static void CreateIfMissing(string database)
    {
        try
        {
            if (!Exists(database)) Create(database);
        }
        catch (PostgresException e) when (e.SqlState is "42P04" or "23505") // created by the other one meanwhile
        {
            Created[database] = true;
        }
    }

    /// <summary>Removes a test database when its test ends: dropped on PostgreSQL, its file and WAL files deleted on SQLite.</summary>
    public static void Remove(string database)
    {
        if (OnPostgreSql)
        {
            TryDrop(database);
            return;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { database, database + "-wal", database + "-shm" })
            try { File.Delete(f); } catch (IOException) { }
    }

    /// <summary>Drops the database, closing whatever is still connected to it.</summary>
    public static void TryDrop(string database)
    {
        try
        {
            Admin(c => { c.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"; return c.ExecuteNonQuery(); });
            Created.TryRemove(database, out _);
        }
        catch (NpgsqlException) { /* the server is gone: nothing left to drop */ }
    }

    private static T Admin<T>(Func<NpgsqlCommand, T> work)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Pooling = false, Timeout = 60, CommandTimeout = 120 }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        return work(command);
    }
}

/// <summary>
/// A test that needs a PostgreSQL server whatever provider the suite runs on: skipped with the reason when
/// PARTNERBOT_TEST_POSTGRES is not set, except where peers are required (.ci/run), where it runs and fails instead.
/// </summary>
public sealed class PostgresFactAttribute : Xunit.FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestStorage.PostgresMissing is { } reason) Skip = reason;
    }
}
