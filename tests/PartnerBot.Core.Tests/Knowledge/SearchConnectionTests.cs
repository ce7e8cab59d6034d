using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Knowledge;
using PartnerBot.Storage;
using PartnerBot.Testing;

namespace PartnerBot.Core.Tests.Knowledge;

/// <summary>
/// On SQLite a knowledge search reads on a connection of its own (issue 19): read-only, reading the file through a
/// memory map, while every other connection (a turn's, the inbox's) reads through its page cache and is never mapped.
/// A mapped connection is remapped each time a checkpoint grows the file; with every connection mapped, a turn cost half
/// as much CPU again. On PostgreSQL, or a SQLite database only one connection can see, the search reads on the context's.
/// </summary>
public sealed class SearchConnectionTests
{
    [Fact]
    public async Task A_search_connection_is_read_only_and_mapped_while_the_contexts_connection_is_not()
    {
        await using var kb = await KnowledgeDatabase.CreateAsync();
        await using var db = kb.NewDb();
        await db.Database.OpenConnectionAsync();
        var context = db.Database.GetDbConnection();

        await using var search = await SqliteTuning.OpenSearchConnectionAsync(context, CancellationToken.None);
        if (TestStorage.OnPostgreSql)
        {
            Assert.Null(search);
            return;
        }

        Assert.NotNull(search);
        Assert.Equal(0L, await ScalarAsync(context, "PRAGMA mmap_size"));
        Assert.Equal(SqliteTuning.MemoryMapBytes, await ScalarAsync(search, "PRAGMA mmap_size"));
        Assert.Equal((long)SqliteTuning.BusyTimeoutMs, await ScalarAsync(search, "PRAGMA busy_timeout"));
        var write = await Assert.ThrowsAsync<SqliteException>(() => ScalarAsync(search, "CREATE TABLE Scratch (A INTEGER)"));
        Assert.Equal(8, write.SqliteErrorCode); // SQLITE_READONLY
    }

    [Fact]
    public async Task A_database_only_its_own_connection_sees_has_no_search_connection()
    {
        await using var memory = new SqliteConnection("Data Source=:memory:");
        await memory.OpenAsync();
        Assert.Null(await SqliteTuning.OpenSearchConnectionAsync(memory, CancellationToken.None));

        await using var shared = new SqliteConnection("Data Source=search-tests;Mode=Memory;Cache=Shared");
        await shared.OpenAsync();
        Assert.Null(await SqliteTuning.OpenSearchConnectionAsync(shared, CancellationToken.None));
    }

    [Fact]
    public async Task Searches_on_their_own_connection_see_every_commit_made_on_the_contexts_between_them()
    {
        await using var kb = await KnowledgeDatabase.CreateAsync(KnowledgeDatabase.DemoFolder);
        await using var db = kb.NewDb();
        var retriever = kb.Retriever(db);
        string[] animals = ["okapi", "tapir", "quokka", "dugong", "saola", "kakapo"];
        string[] habits = ["grazing", "wallowing", "hopping", "diving", "hiding", "climbing"];

        for (var i = 0; i < animals.Length; i++)
        {
            db.KnowledgeDocuments.Add(new KnowledgeDocument
            {
                Id = $"en/{animals[i]}.md", Slug = animals[i], Language = "en", Title = animals[i], ContentHash = animals[i],
            });
            var text = $"{animals[i]} {habits[i]} times";
            db.KnowledgeChunks.Add(new KnowledgeChunk
            {
                DocumentId = $"en/{animals[i]}.md", Slug = animals[i], Language = "en", Ordinal = 0, HeadingPath = animals[i],
                Text = text, SearchHeading = KnowledgeText.ForIndex(animals[i]), SearchBody = KnowledgeText.ForIndex(text),
            });
            await db.SaveChangesAsync();
            // Found at once, and the one committed before still found: the pooled search connections read the file as
            // it is now, and the statistics kept for the index's last version are not used for this one.
            Assert.Equal(animals[i], (await retriever.SearchAsync($"{animals[i]} {habits[i]}", "en")).Passages[0].Slug);
            if (i > 0) Assert.Equal(animals[i - 1], (await retriever.SearchAsync($"{animals[i - 1]} {habits[i - 1]}", "en")).Passages[0].Slug);
        }
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
