using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Audit;
using PartnerBot.Importing;
using PartnerBot.Localization;
using PartnerBot.People;
using PartnerBot.Storage;
using Spectre.Console;

namespace PartnerBot.Host.Importing;

/// <summary>
/// `PartnerBot.Host import &lt;kind&gt; &lt;file&gt; [--partial]`: applies migrations, imports a CSV file (or a JSON list) of
/// one kind into the configured database with a progress bar and the rows per second, and prints the report: rows
/// added, updated, unchanged, and each refused row with its column and reason. Returns the process exit code: 0 every
/// row imported, 1 rows refused (nothing changed, or with --partial the others imported), 2 bad arguments.
/// </summary>
public static class ImportCommandLine
{
    public static Task<int> ImportAsync(WebApplicationBuilder builder, string[] args, TextWriter output, CancellationToken ct = default) =>
        CommandLine.RunAsync(builder, services => ImportAsync(services, args, output, ct));

    public static async Task<int> ImportAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken ct = default)
    {
        var partial = args.Contains("--partial", StringComparer.Ordinal);
        var positional = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var unknown = args.Skip(1).Where(a => a.StartsWith("--", StringComparison.Ordinal) && a != "--partial").ToList();
        await using var scope = services.CreateAsyncScope();
        var runner = scope.ServiceProvider.GetRequiredService<ImportRunner>();
        if (positional.Count != 2 || unknown.Count > 0 || runner.Find(positional[0]) is null)
        {
            if (unknown.Count > 0) await output.WriteLineAsync($"Unknown option {string.Join(", ", unknown)}.");
            else if (positional.Count >= 1 && runner.Find(positional[0]) is null) await output.WriteLineAsync($"There is no import of '{positional[0]}'.");
            await output.WriteLineAsync("Usage: import <kind> <file> [--partial]");
            await output.WriteLineAsync($"  kinds, in the order a program is best imported: {string.Join(", ", runner.Kinds)}");
            await output.WriteLineAsync("  <file> is a comma-separated file with a header row (or a JSON list); --partial imports the good rows even when some are refused.");
            return 2;
        }
        var (kind, file) = (runner.Find(positional[0])!.Kind, Path.GetFullPath(positional[1]));
        if (!File.Exists(file))
        {
            await output.WriteLineAsync($"No file at {file}.");
            return 2;
        }

        await using (var migrate = services.CreateAsyncScope())
            await migrate.ServiceProvider.GetRequiredService<PartnerBotDb>().Database.MigrateAsync(ct);
        scope.ServiceProvider.GetRequiredService<AuditScope>().Set("import", "import");

        // Spectre draws the bar (a line per step when the output is not a terminal); the report is plain lines, never wrapped.
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        await output.WriteLineAsync($"Importing {kind} from {file}{(partial ? " (partial: good rows are kept even when others are refused)" : "")}");
        var clock = Stopwatch.StartNew();
        ImportReport report;
        try
        {
            report = await console.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask(kind, maxValue: 1);
                    var progress = new CommandLine.SyncProgress<ImportProgress>(p =>
                    {
                        task.Description = $"{kind}: {English.Number(p.Rows)} rows, {Rate(p.Rows, clock.Elapsed)} rows/s";
                        task.Value = p.Fraction ?? task.Value;
                    });
                    return await Run(runner, kind, file, partial, progress, ct);
                });
        }
        catch (InvalidDataException e)
        {
            await output.WriteLineAsync($"Nothing was imported: {e.Message}");
            return 1;
        }
        catch (System.Text.Json.JsonException e)
        {
            await output.WriteLineAsync($"Nothing was imported: {file} is not JSON ({e.Message})");
            return 1;
        }

        await output.WriteLineAsync($"{English.Number(report.Rows)} rows in {English.Number(Math.Round((decimal)clock.Elapsed.TotalSeconds, 1))} s ({Rate(report.Rows, clock.Elapsed)} rows/s).");
        await output.WriteLineAsync($"{(report.Applied ? "Imported" : "Would have imported")}: {report.Added} added, {report.Updated} updated, {report.Unchanged} unchanged, {report.Refused} refused.");
        foreach (var problem in report.Problems) await output.WriteLineAsync("  refused " + problem);
        if (report.ProblemsLeftOut > 0) await output.WriteLineAsync($"  ... and {English.Number(report.ProblemsLeftOut)} more problems.");
        if (!report.Applied) await output.WriteLineAsync("Nothing was changed: correct the rows above and import the file again, or give --partial to import the others.");
        return report.Refused == 0 ? 0 : 1;
    }

    private static async Task<ImportReport> Run(ImportRunner runner, string kind, string file, bool partial, IProgress<ImportProgress> progress, CancellationToken ct)
    {
        var options = new ImportOptions { Partial = partial };
        if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return await runner.ImportAsync(kind, await RowListSource.FromJsonFileAsync(file, JsonListNames(kind), ct), options, progress, ct);
        await using var csv = CsvImportSource.Open(file);
        return await runner.ImportAsync(kind, csv, options, progress, ct);
    }

    /// <summary>Where a JSON file keeps its list when it is an object: under the kind's name (people.json says "organisations" for partners).</summary>
    private static string[] JsonListNames(string kind) => kind == "partners" ? [kind, "organisations"] : [kind];

    /// <summary>The command speaks to the operator in English, with numbers written by their owner.</summary>
    private static readonly LocaleFormat English = LocaleFormat.For(Languages.English);

    /// <summary>Rows per second, written as a whole number.</summary>
    private static string Rate(long rows, TimeSpan elapsed) =>
        English.Number(elapsed.TotalSeconds > 0 ? Math.Round((decimal)(rows / elapsed.TotalSeconds)) : 0);
}
