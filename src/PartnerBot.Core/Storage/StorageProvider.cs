using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PartnerBot.Storage;

/// <summary>The database behind the program: SQLite, embedded (the default), or a PostgreSQL server.</summary>
public enum StorageProvider { Sqlite, PostgreSQL }

/// <summary>
/// Storage:Provider and ConnectionStrings:PartnerBot, read once when the services are registered (the provider decides
/// which services exist). SQLite needs nothing: without a connection string the host uses its own file. PostgreSQL
/// needs the connection string; a provider the host does not know stops it, naming the setting.
/// </summary>
public sealed record StorageSettings(StorageProvider Provider, string ConnectionString)
{
    public const string ProviderKey = "Storage:Provider";
    public const string ConnectionStringKey = "ConnectionStrings:PartnerBot";

    public static StorageSettings Read(IConfiguration configuration, Func<string> sqliteFile)
    {
        var provider = Parse(configuration[ProviderKey]);
        var connectionString = configuration.GetConnectionString("PartnerBot");
        if (!string.IsNullOrWhiteSpace(connectionString)) return new(provider, connectionString);
        if (provider == StorageProvider.PostgreSQL)
            throw Invalid($"{ConnectionStringKey} is empty: with {ProviderKey}=PostgreSQL it must name the database " +
                          "(for example Host=db;Database=partnerbot;Username=partnerbot;Password=…).");
        return new(provider, sqliteFile());
    }

    public static StorageProvider Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => StorageProvider.Sqlite,
        "postgresql" or "postgres" or "npgsql" => StorageProvider.PostgreSQL,
        _ => throw Invalid($"{ProviderKey} is '{value}': use Sqlite (the default, nothing to configure) or PostgreSQL."),
    };

    private static OptionsValidationException Invalid(string message) =>
        new(ProviderKey, typeof(StorageSettings), [message]);
}

/// <summary>
/// The one owner of what differs between the providers: which context type and migrations a provider uses, how its
/// connections are tuned and opened outside EF Core, and how start-up migration is kept to one host at a time.
/// Everything else (the model, the queries, the "once" claims: INSERT … ON CONFLICT DO NOTHING, UPDATE … RETURNING,
/// conditional UPDATEs) is written once in SQL both providers run alike. Search has its own per-provider pair
/// (<c>IKnowledgeIndex</c>, <c>IContentIndex</c>).
/// </summary>
public static class StorageProviders
{
    private static readonly SqliteTuningInterceptor SqliteTuningInterceptorInstance = new();

    /// <summary>
    /// Points <paramref name="options"/> at the database, with the provider's own migrations: SQLite's belong to
    /// <see cref="PartnerBotDb"/> (Storage/Migrations), PostgreSQL's to <see cref="PostgreSqlPartnerBotDb"/>
    /// (Storage/PostgreSqlMigrations).
    /// </summary>
    public static DbContextOptionsBuilder UseStorage(this DbContextOptionsBuilder options, StorageSettings storage)
    {
        var migrations = typeof(PartnerBotDb).Assembly.GetName().Name;
        return storage.Provider switch
        {
            StorageProvider.PostgreSQL => options.UseNpgsql(storage.ConnectionString, o => o.MigrationsAssembly(migrations)),
            _ => options.UseSqlite(storage.ConnectionString, o => o.MigrationsAssembly(migrations))
                .AddInterceptors(SqliteTuningInterceptorInstance),
        };
    }

    /// <summary>A context outside dependency injection (tools, benchmarks, tests that build the database by hand).</summary>
    public static PartnerBotDb CreateContext(StorageSettings storage)
    {
        if (storage.Provider == StorageProvider.PostgreSQL)
        {
            var postgres = new DbContextOptionsBuilder<PostgreSqlPartnerBotDb>();
            postgres.UseStorage(storage);
            return new PostgreSqlPartnerBotDb(postgres.Options);
        }
        var sqlite = new DbContextOptionsBuilder<PartnerBotDb>();
        sqlite.UseStorage(storage);
        return new PartnerBotDb(sqlite.Options);
    }

    /// <summary>An open connection of the provider's own kind, tuned as EF Core's are, for the few statements run without a context.</summary>
    public static async Task<DbConnection> OpenConnectionAsync(StorageSettings storage, CancellationToken ct)
    {
        DbConnection connection = storage.Provider == StorageProvider.PostgreSQL
            ? new NpgsqlConnection(storage.ConnectionString)
            : new SqliteConnection(storage.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await SqliteTuning.ApplyAsync(connection, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A named parameter, spelled the way both providers read it (@name).</summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
        return command;
    }

    /// <summary>Any number: chosen once, so every host of one program asks for the same lock.</summary>
    private const long StartLockKey = 0x5042_5354_4152_54; // "PBSTART"

    /// <summary>
    /// Runs <paramref name="start"/> (migrations, then the program's data) on one host at a time. On PostgreSQL a
    /// session advisory lock makes a second host starting at the same moment wait, then find everything in place; the
    /// lock goes with the session, so a host killed while holding it releases it. SQLite is one file on one machine:
    /// hosts sharing it take an exclusive lock on a file beside it (released by the system when a process dies).
    /// </summary>
    public static async Task AsOnlyStartingHostAsync(StorageSettings storage, Func<Task> start, CancellationToken ct)
    {
        if (storage.Provider != StorageProvider.PostgreSQL)
        {
            await using var held = await SqliteStartLockAsync(storage, ct);
            await start();
            return;
        }
        await using var connection = await OpenConnectionAsync(storage, ct);
        await using (var take = connection.CreateCommand())
        {
            take.CommandText = "SELECT pg_advisory_lock(@key)";
            take.CommandTimeout = 0; // waits as long as the other host's start takes
            await take.With("key", StartLockKey).ExecuteNonQueryAsync(ct);
        }
        try
        {
            await start();
        }
        finally
        {
            await using var release = connection.CreateCommand();
            release.CommandText = "SELECT pg_advisory_unlock(@key)";
            await release.With("key", StartLockKey).ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>An exclusive lock on "{database file}.start-lock", waited for; null for an in-memory database.</summary>
    private static async Task<FileStream?> SqliteStartLockAsync(StorageSettings storage, CancellationToken ct)
    {
        var file = new SqliteConnectionStringBuilder(storage.ConnectionString).DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:" || file.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return null;
        var path = Path.GetFullPath(file) + ".start-lock";
        if (Path.GetDirectoryName(path) is { } dir) Directory.CreateDirectory(dir);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(100, ct); // another host is starting on this file
            }
        }
    }
}

/// <summary>The PostgreSQL context: <see cref="PartnerBotDb"/>'s model, with the migrations in Storage/PostgreSqlMigrations.</summary>
public sealed class PostgreSqlPartnerBotDb(DbContextOptions<PostgreSqlPartnerBotDb> options) : PartnerBotDb(options);
