using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;
using PartnerBot.Storage;
using PartnerBot.Testing;

namespace PartnerBot.Core.Tests.Storage;

/// <summary>Storage:Provider, PostgreSQL's own migrations, and one host at a time migrating a shared database.</summary>
public sealed class StorageProviderTests
{
    private static StorageSettings Read(params (string Key, string Value)[] settings) =>
        StorageSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build(),
            () => "Data Source=default.db");

    [Fact]
    public void NothingConfigured_IsSqlite_OnTheHostsOwnFile()
    {
        Assert.Equal(new StorageSettings(StorageProvider.Sqlite, "Data Source=default.db"), Read());
        Assert.Equal(StorageProvider.Sqlite, Read(("Storage:Provider", "sqlite")).Provider);
    }

    [Theory]
    [InlineData("PostgreSQL")]
    [InlineData("postgres")]
    [InlineData(" POSTGRESQL ")]
    public void PostgreSQL_TakesTheConnectionString(string provider)
    {
        var storage = Read(("Storage:Provider", provider), ("ConnectionStrings:PartnerBot", "Host=db;Database=pb"));
        Assert.Equal(new StorageSettings(StorageProvider.PostgreSQL, "Host=db;Database=pb"), storage);
    }

    [Theory]
    [InlineData("Oracle")]
    [InlineData("1")]
    [InlineData("sql server")]
    [InlineData("'; DROP TABLE x; --")]
    public void UnknownProvider_StopsTheHost_NamingTheSetting(string provider)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Read(("Storage:Provider", provider)));
        Assert.Contains($"Storage:Provider is '{provider}'", ex.Message);
        Assert.Contains("Sqlite", ex.Message);
        Assert.Contains("PostgreSQL", ex.Message);
    }

    [Fact]
    public void PostgreSQL_WithoutConnectionString_StopsTheHost_NamingIt()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Read(("Storage:Provider", "PostgreSQL")));
        Assert.Contains("ConnectionStrings:PartnerBot is empty", ex.Message);
    }

    [Fact]
    public void ThePostgreSqlModel_HasNoChangesMissingFromItsMigrations()
    {
        using var db = StorageProviders.CreateContext(new StorageSettings(StorageProvider.PostgreSQL, "Host=127.0.0.1;Database=unused"));
        Assert.IsType<PostgreSqlPartnerBotDb>(db);
        Assert.False(db.Database.HasPendingModelChanges(),
            "The EF model differs from PostgreSQL's snapshot: add a migration with --context PostgreSqlPartnerBotDb (see CONTRIBUTING.md).");
        Assert.All(db.Database.GetMigrations(), m => Assert.DoesNotContain(m, new PartnerBotDb(
            new DbContextOptionsBuilder<PartnerBotDb>().UseSqlite("Data Source=unused.db").Options).Database.GetMigrations()));
    }

    [PostgresFact]
    public async Task AFreshPostgreSqlDatabase_MigratesToEveryTable_AndTheSearchIndexes()
    {
        var name = TestStorage.NewPostgresDatabase();
        try
        {
            await using var db = StorageProviders.CreateContext(new StorageSettings(StorageProvider.PostgreSQL, TestStorage.ConnectionString(name)));
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var tables = await db.Database.SqlQueryRaw<string>(
                "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'").ToListAsync();
            Assert.All(db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct(), t => Assert.Contains(t, tables));
            var columns = await db.Database.SqlQueryRaw<string>(
                "SELECT table_name || '.' || column_name AS \"Value\" FROM information_schema.columns WHERE data_type = 'tsvector'").ToListAsync();
            Assert.Contains("KnowledgeChunks.SearchVector", columns);
            Assert.Contains("ContentItems.SearchVector", columns);
            var extensions = await db.Database.SqlQueryRaw<string>("SELECT extname AS \"Value\" FROM pg_extension").ToListAsync();
            Assert.Contains("pg_trgm", extensions);
        }
        finally
        {
            TestStorage.TryDrop(name);
        }
    }

    [PostgresFact]
    public async Task HostsStartingTogether_MigrateAndLoadOneAtATime_AndAllFindTheDatabaseReady()
    {
        var name = TestStorage.NewPostgresDatabase();
        try
        {
            var storage = new StorageSettings(StorageProvider.PostgreSQL, TestStorage.ConnectionString(name));
            var inside = 0;
            var most = 0;
            var starts = Enumerable.Range(0, 4).Select(_ => Task.Run(() => StorageProviders.AsOnlyStartingHostAsync(storage, async () =>
            {
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref most, now);
                await using var db = StorageProviders.CreateContext(storage);
                await db.Database.MigrateAsync();
                Interlocked.Decrement(ref inside);
            }, CancellationToken.None))).ToList();
            await Task.WhenAll(starts);
            Assert.Equal(1, most);
            await using var check = StorageProviders.CreateContext(storage);
            Assert.Empty(await check.Database.GetPendingMigrationsAsync());
        }
        finally
        {
            TestStorage.TryDrop(name);
        }
    }

    [PostgresFact]
    public async Task AHostKilledWhileStarting_ReleasesTheStartLock()
    {
        var name = TestStorage.NewPostgresDatabase();
        try
        {
            var storage = new StorageSettings(StorageProvider.PostgreSQL, TestStorage.ConnectionString(name));
            // The first start's session ends in the middle of its work (as when its process is killed): the lock goes with it.
            await Assert.ThrowsAnyAsync<Exception>(() => StorageProviders.AsOnlyStartingHostAsync(storage, async () =>
            {
                await using var admin = new NpgsqlConnection(TestStorage.ConnectionString(name));
                await admin.OpenAsync();
                await using var kill = admin.CreateCommand();
                kill.CommandText = "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid() " +
                    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
                await kill.ExecuteNonQueryAsync();
                throw new InvalidOperationException("killed");
            }, CancellationToken.None));
            var ran = false;
            await StorageProviders.AsOnlyStartingHostAsync(storage, () => { ran = true; return Task.CompletedTask; }, CancellationToken.None);
            Assert.True(ran);
        }
        finally
        {
            TestStorage.TryDrop(name);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
