using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerBot.Knowledge;
using PartnerBot.Storage;

namespace PartnerBot.Host.Knowledge;

/// <summary>
/// `PartnerBot.Host ingest &lt;folder&gt;`: applies migrations, ingests the folder into the configured database
/// (ConnectionStrings:PartnerBot) with a line per document, and prints the totals. Returns the process exit code:
/// 0 done, 2 bad arguments.
/// </summary>
public static class IngestCommandLine
{
    public static Task<int> IngestAsync(WebApplicationBuilder builder, string[] args, TextWriter output, CancellationToken ct = default) =>
        CommandLine.RunAsync(builder, services => IngestAsync(services, args, output, ct));

    public static async Task<int> IngestAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken ct = default)
    {
        if (args.Length < 2 || string.IsNullOrWhiteSpace(args[1]))
        {
            await output.WriteLineAsync("Usage: ingest <folder>   (a folder of Markdown documents; pl/, ms/, zh-Hans/ subfolders for translations)");
            return 2;
        }
        var folder = Path.GetFullPath(args[1]);
        if (!Directory.Exists(folder))
        {
            await output.WriteLineAsync($"No folder at {folder}.");
            return 2;
        }
        await using (var migrate = services.CreateAsyncScope())
            await migrate.ServiceProvider.GetRequiredService<PartnerBotDb>().Database.MigrateAsync(ct);

        await using var scope = services.CreateAsyncScope();
        var ingestor = scope.ServiceProvider.GetRequiredService<KnowledgeIngestor>();
        await output.WriteLineAsync($"Ingesting {folder}");
        var progress = new CommandLine.SyncProgress<IngestStep>(step =>
        {
            var chunks = step.Chunks >= 0 ? $" ({step.Chunks} chunks)" : "";
            output.WriteLine($"[{step.Index,3}/{step.Total}] {step.Action,-9} {step.DocumentId}{chunks}");
        });
        var report = await ingestor.IngestFolderAsync(folder, progress, ct);
        await output.WriteLineAsync(
            $"Done: {report.Added} added, {report.Updated} updated, {report.Unchanged} unchanged, {report.Removed} removed; {report.Chunks} chunks in the index.");
        return 0;
    }
}
