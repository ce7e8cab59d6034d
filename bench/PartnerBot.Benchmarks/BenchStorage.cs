using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PartnerBot.Storage;

namespace PartnerBot.Benchmarks;

/// <summary>
/// The database a data benchmark runs on: a fresh SQLite file (the default), or, with
/// <c>PARTNERBOT_BENCH_PROVIDER=PostgreSQL</c>, a fresh database on the server <c>PARTNERBOT_BENCH_POSTGRES</c> names
/// (a connection string to a database the role may create databases from, e.g. <c>postgres</c>). Either way the
/// product's own migrations make it, and it is removed afterwards.
/// </summary>
public sealed class BenchStorage : IAsyncDisposable
{
    public const string ProviderVariable = "PARTNERBOT_BENCH_PROVIDER";
    public const string ServerVariable = "PARTNERBOT_BENCH_POSTGRES";

    private readonly string? _server;
    private readonly string _name;

    public StorageSettings Settings { get; }
    public bool IsPostgreSql => Settings.Provider == StorageProvider.PostgreSQL;

    private BenchStorage(StorageSettings settings, string name, string? server)
    {
        Settings = settings;
        _name = name;
        _server = server;
    }

    /// <summary>"SQLite" or "PostgreSQL", for the benchmark's output.</summary>
    public static string ProviderName => Provider == StorageProvider.PostgreSQL ? "PostgreSQL" : "SQLite";

    private static StorageProvider Provider => StorageSettings.Parse(Environment.GetEnvironmentVariable(ProviderVariable));

    /// <summary>A new, migrated, empty database of the configured provider.</summary>
    public static async Task<BenchStorage> CreateAsync()
    {
        var name = $"partnerbot_bench_{Guid.NewGuid():N}";
        BenchStorage storage;
        if (Provider == StorageProvider.PostgreSQL)
        {
            var server = Environment.GetEnvironmentVariable(ServerVariable);
            if (string.IsNullOrWhiteSpace(server))
                throw new InvalidOperationException($"{ProviderVariable}=PostgreSQL needs {ServerVariable}, e.g. Host=127.0.0.1;Username=partnerbot_ci;Password=…;Database=postgres");
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await using var create = admin.CreateCommand();
                create.CommandText = $"CREATE DATABASE \"{name}\"";
                await create.ExecuteNonQueryAsync();
            }
            var connection = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
            storage = new BenchStorage(new StorageSettings(StorageProvider.PostgreSQL, connection), name, server);
        }
        else
        {
            var path = Path.Combine(Path.GetTempPath(), $"{name}.db");
            storage = new BenchStorage(new StorageSettings(StorageProvider.Sqlite, $"Data Source={path}"), path, null);
        }
        await using var db = storage.NewContext();
        await db.Database.MigrateAsync();
        return storage;
    }

    /// <summary>A new context on the database, as a turn would have.</summary>
    public PartnerBotDb NewContext() => StorageProviders.CreateContext(Settings);

    public async ValueTask DisposeAsync()
    {
        if (_server is null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _name, _name + "-wal", _name + "-shm" })
                try { File.Delete(f); } catch (IOException) { }
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        await using var drop = admin.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)";
        await drop.ExecuteNonQueryAsync();
    }
}
