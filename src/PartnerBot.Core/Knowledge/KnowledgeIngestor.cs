using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Knowledge;

public enum IngestAction { Added, Updated, Unchanged, Removed }

/// <summary>One document handled: what happened to it and how many chunks it has now.</summary>
public sealed record IngestStep(int Index, int Total, string DocumentId, IngestAction Action, int Chunks);

public sealed record IngestReport(int Added, int Updated, int Unchanged, int Removed, int Chunks);

/// <summary>
/// Brings the knowledge base in line with a folder of Markdown files: new and changed files (by SHA-256 of their
/// bytes) are cut into chunks and indexed, unchanged files are left alone, and documents whose file is gone are
/// removed with their chunks. The language comes from the first folder ("pl/tiers.md") or a suffix ("tiers.pl.md");
/// anything else is English. Saves itself in one transaction: it runs at start and from the command line, not in a turn.
/// </summary>
public sealed partial class KnowledgeIngestor(PartnerBotDb db, TimeProvider clock, ILogger<KnowledgeIngestor> logger)
{
    public async Task<IngestReport> IngestFolderAsync(string folder, IProgress<IngestStep>? progress = null, CancellationToken ct = default)
    {
        // A missing folder is a mistake, not "every document was deleted": refuse rather than empty the base.
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"No knowledge folder at {folder}.");
        var files = Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var stored = await db.KnowledgeDocuments.ToDictionaryAsync(d => d.Id, ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int added = 0, updated = 0, unchanged = 0, removed = 0;
        var ids = files.Select(f => RelativeId(folder, f)).ToHashSet(StringComparer.Ordinal);
        var total = files.Count + stored.Keys.Count(k => !ids.Contains(k));
        var index = 0;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var file in files)
        {
            var id = RelativeId(folder, file);
            seen.Add(id);
            var bytes = await File.ReadAllBytesAsync(file, ct);
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            stored.TryGetValue(id, out var doc);
            if (doc is not null && doc.ContentHash == hash)
            {
                unchanged++;
                progress?.Report(new IngestStep(++index, total, id, IngestAction.Unchanged, -1));
                continue;
            }

            var (slug, language) = SlugAndLanguage(id);
            var parsed = MarkdownChunker.Parse(System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'), slug);
            var action = doc is null ? IngestAction.Added : IngestAction.Updated;
            if (doc is null)
            {
                doc = new KnowledgeDocument { Id = id, Slug = slug, Language = language, Title = parsed.Title, ContentHash = hash };
                db.KnowledgeDocuments.Add(doc);
                added++;
            }
            else
            {
                await db.KnowledgeChunks.Where(c => c.DocumentId == id).ExecuteDeleteAsync(ct);
                doc.Title = parsed.Title;
                doc.ContentHash = hash;
                updated++;
            }
            doc.IngestedAt = clock.GetUtcNow();
            foreach (var c in parsed.Chunks)
            {
                db.KnowledgeChunks.Add(new KnowledgeChunk
                {
                    DocumentId = id, Slug = slug, Language = language, Ordinal = c.Ordinal, HeadingPath = c.HeadingPath, Text = c.Text,
                    SearchHeading = KnowledgeText.ForIndex(c.HeadingPath), SearchBody = KnowledgeText.ForIndex(c.Text),
                });
            }
            await db.SaveChangesAsync(ct);
            Log.Ingested(logger, id, parsed.Chunks.Count);
            progress?.Report(new IngestStep(++index, total, id, action, parsed.Chunks.Count));
        }

        foreach (var gone in stored.Values.Where(d => !seen.Contains(d.Id)).OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            await db.KnowledgeChunks.Where(c => c.DocumentId == gone.Id).ExecuteDeleteAsync(ct);
            db.KnowledgeDocuments.Remove(gone);
            await db.SaveChangesAsync(ct);
            removed++;
            Log.Removed(logger, gone.Id);
            progress?.Report(new IngestStep(++index, total, gone.Id, IngestAction.Removed, 0));
        }
        await tx.CommitAsync(ct);
        if (added + updated + removed > 0) await KnowledgeIndex.For(db).OptimizeAsync(ct);

        var chunks = await db.KnowledgeChunks.CountAsync(ct);
        Log.Summary(logger, files.Count, added, updated, removed, chunks);
        return new IngestReport(added, updated, unchanged, removed, chunks);
    }

    public static string RelativeId(string folder, string file) =>
        Path.GetRelativePath(folder, file).Replace('\\', '/');

    /// <summary>"pl/tiers.md" → (tiers, pl); "tiers.zh-Hans.md" → (tiers, zh-Hans); "tiers.md" → (tiers, en).</summary>
    public static (string Slug, string Language) SlugAndLanguage(string id)
    {
        var parts = id.Split('/');
        var name = Path.GetFileNameWithoutExtension(parts[^1]);
        foreach (var lang in Languages.All)
        {
            if (name.EndsWith("." + lang, StringComparison.OrdinalIgnoreCase))
                return (name[..^(lang.Length + 1)], lang);
        }
        var folderLang = parts.Length > 1 ? Languages.All.FirstOrDefault(l => string.Equals(l, parts[0], StringComparison.OrdinalIgnoreCase)) : null;
        return (name, folderLang ?? Languages.English);
    }

    private static partial class Log
    {
        // One line a document is detail; the summary below is what an administrator reads at start.
        [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "Knowledge document {DocumentId} ingested: {Chunks} chunks")]
        public static partial void Ingested(ILogger logger, string documentId, int chunks);

        [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Knowledge document {DocumentId} removed: its file is gone")]
        public static partial void Removed(ILogger logger, string documentId);

        [LoggerMessage(EventId = 6003, Level = LogLevel.Information,
            Message = "Knowledge base: {Documents} documents ({Added} new, {Updated} changed, {Removed} removed), {Chunks} passages to answer from")]
        public static partial void Summary(ILogger logger, int documents, int added, int updated, int removed, int chunks);
    }
}

/// <summary>Ingests {ProgramData:Path}/knowledge at every start; only changed documents are re-read. The glossary is
/// read here too, so that a glossary file in error stops the start with its name rather than failing the first question
/// each host is asked.</summary>
public sealed class KnowledgeLoader(KnowledgeIngestor ingestor, KnowledgeGlossary glossary) : IProgramDataLoader
{
    public int Order => 50;

    public async Task LoadAsync(PartnerBotDb db, string folder, CancellationToken ct)
    {
        var knowledge = Path.Combine(folder, "knowledge");
        _ = glossary.ConceptCount; // read at start: see the summary
        if (Directory.Exists(knowledge)) await ingestor.IngestFolderAsync(knowledge, null, ct);
    }
}
