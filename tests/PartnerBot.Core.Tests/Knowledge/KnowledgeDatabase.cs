using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Knowledge;
using PartnerBot.Storage;

namespace PartnerBot.Core.Tests.Knowledge;

/// <summary>A migrated SQLite file (the real migrations, so the real FTS5 table and triggers) for knowledge tests.</summary>
public sealed class KnowledgeDatabase : IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"partnerbot-knowledge-{Guid.NewGuid():N}.db");

    public static string DemoFolder => Path.Combine(AppContext.BaseDirectory, "knowledge");

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    public AssistantOptions Options { get; } = new();
    /// <summary>The glossary of the folder last ingested.</summary>
    public KnowledgeGlossary Glossary { get; private set; } = KnowledgeGlossary.Empty;

    public PartnerBotDb NewDb() =>
        new(new DbContextOptionsBuilder<PartnerBotDb>().UseSqlite($"Data Source={_path}").Options);

    public static async Task<KnowledgeDatabase> CreateAsync(string? ingest = null)
    {
        var kb = new KnowledgeDatabase();
        await using var db = kb.NewDb();
        await db.Database.MigrateAsync();
        if (ingest is not null) await kb.IngestAsync(ingest);
        return kb;
    }

    public async Task<IngestReport> IngestAsync(string folder, IProgress<IngestStep>? progress = null)
    {
        Glossary = KnowledgeGlossary.Load(folder);
        await using var db = NewDb();
        return await new KnowledgeIngestor(db, Clock, NullLogger<KnowledgeIngestor>.Instance).IngestFolderAsync(folder, progress);
    }

    public KnowledgeRetriever Retriever(PartnerBotDb db) => new(db, Microsoft.Extensions.Options.Options.Create(Options), Glossary);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _path, _path + "-wal", _path + "-shm" })
            try { File.Delete(f); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
