using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Knowledge;
using PartnerBot.Storage;
using PartnerBot.Testing;

namespace PartnerBot.Core.Tests.Knowledge;

/// <summary>
/// A migrated database of the suite's provider (the real migrations, so the real search index: FTS5 on SQLite, the
/// tsvector on PostgreSQL; see <see cref="TestStorage"/>) for knowledge tests.
/// </summary>
public sealed class KnowledgeDatabase : IAsyncDisposable
{
    private readonly string _path = TestStorage.NewDatabase();

    public static string DemoFolder => Path.Combine(AppContext.BaseDirectory, "knowledge");

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    public AssistantOptions Options { get; } = new();
    /// <summary>The glossary of the folder last ingested.</summary>
    public KnowledgeGlossary Glossary { get; private set; } = KnowledgeGlossary.Empty;

    public PartnerBotDb NewDb() => StorageProviders.CreateContext(TestStorage.Settings(_path));

    public static async Task<KnowledgeDatabase> CreateAsync(string? ingest = null)
    {
        var kb = new KnowledgeDatabase();
        if (TestStorage.OnPostgreSql) TestStorage.Create(kb._path);
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
        TestStorage.Remove(_path);
        return ValueTask.CompletedTask;
    }
}
