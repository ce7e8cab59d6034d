using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Enablement;
using PartnerBot.Knowledge;
using PartnerBot.Storage;

namespace PartnerBot.Core.Tests.Storage;

/// <summary>The migrations and the model agree, and a fresh database gets every table, the search indexes included.</summary>
public sealed class MigrationsTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"partnerbot-migrations-{Guid.NewGuid():N}.db");

    private PartnerBotDb NewDb() =>
        new(new DbContextOptionsBuilder<PartnerBotDb>().UseSqlite($"Data Source={_path}").Options);

    [Fact]
    public void The_model_has_no_changes_missing_from_the_migrations()
    {
        using var db = NewDb();
        Assert.False(db.Database.HasPendingModelChanges(),
            "The EF model differs from the migrations' snapshot: add a migration (see README, Storage/Migrations).");
    }

    [Fact]
    public async Task A_fresh_database_migrates_to_every_table_of_the_model_and_the_full_text_indexes()
    {
        await using var db = NewDb();
        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var objects = await db.Database
            .SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type IN ('table', 'trigger')")
            .ToListAsync();
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct();
        Assert.All(tables, t => Assert.Contains(t, objects));
        Assert.All(new[] { EnablementSchema.WordsTable, EnablementSchema.TrigramTable, KnowledgeSchema.FtsTable },
            t => Assert.Contains(t, objects));
        Assert.Contains(objects, o => o.StartsWith("ContentItems_Search", StringComparison.Ordinal));
        Assert.Contains(objects, o => o.StartsWith("KnowledgeChunks_After", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _path, _path + "-wal", _path + "-shm" })
            try { File.Delete(f); } catch (IOException) { }
    }
}
