using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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

    [Fact]
    public async Task An_existing_knowledge_index_gets_its_prefix_indexes_and_keeps_every_chunk_searchable()
    {
        // A database as main left it: the FTS5 table without prefix indexes, a chunk indexed by the trigger.
        await using (var db = NewDb())
        {
            await db.GetService<IMigrator>().MigrateAsync("20261129153830_InboxDueIndex");
            db.KnowledgeDocuments.Add(new KnowledgeDocument { Id = "en/deals.md", Slug = "deals", Language = "en", Title = "Deals", ContentHash = "h" });
            db.KnowledgeChunks.Add(new KnowledgeChunk
            {
                DocumentId = "en/deals.md", Slug = "deals", Language = "en", HeadingPath = "Deals › Registration", Text = "Register a deal.",
                SearchHeading = KnowledgeText.ForIndex("Deals › Registration"), SearchBody = KnowledgeText.ForIndex("Register a deal."),
            });
            await db.SaveChangesAsync();
        }

        await using (var db = NewDb())
        {
            await db.Database.MigrateAsync();
            var table = await db.Database
                .SqlQueryRaw<string>($"SELECT sql AS Value FROM sqlite_master WHERE name = '{KnowledgeSchema.FtsTable}'").SingleAsync();
            Assert.Contains($"prefix='{KnowledgeSchema.PrefixLengths}'", table, StringComparison.Ordinal);
            // Re-indexed from the chunks: a prefix of an indexed length ("regis"*) and a whole word find the old chunk.
            await db.Database.OpenConnectionAsync();
            var index = KnowledgeIndex.For(db);
            Assert.True(await index.AnyAsync("en", "\"regis\"*", CancellationToken.None));
            Assert.Single(await index.RankAsync("en", "\"deal\"", 3, null, CancellationToken.None));
            // And the triggers still keep it in step.
            db.KnowledgeChunks.Add(new KnowledgeChunk
            {
                DocumentId = "en/deals.md", Slug = "deals", Language = "en", Ordinal = 1, HeadingPath = "Deals › Tiers", Text = "Gold partners.",
                SearchHeading = KnowledgeText.ForIndex("Deals › Tiers"), SearchBody = KnowledgeText.ForIndex("Gold partners."),
            });
            await db.SaveChangesAsync();
            Assert.True(await index.AnyAsync("en", "\"gold\"", CancellationToken.None));
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _path, _path + "-wal", _path + "-shm" })
            try { File.Delete(f); } catch (IOException) { }
    }
}
