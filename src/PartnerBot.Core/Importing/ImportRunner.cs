using Microsoft.EntityFrameworkCore;
using PartnerBot.Storage;

namespace PartnerBot.Importing;

/// <summary>
/// Runs an import: checks the header against the kind's columns, reads the rows in batches (each checked, stored and
/// saved, then the change tracker cleared, so a large file keeps memory flat), all in one transaction that commits only
/// when no row was refused, or with <see cref="ImportOptions.Partial"/>. Rows are matched to stored ones by their
/// external id, so importing the same file again changes nothing.
/// </summary>
public sealed class ImportRunner(PartnerBotDb db, IEnumerable<IImporter> importers, TimeProvider clock)
{
    private readonly Dictionary<string, IImporter> _importers = importers.ToDictionary(i => i.Kind, StringComparer.OrdinalIgnoreCase);

    /// <summary>The kinds that can be imported, in the order a program's data is best imported.</summary>
    public static readonly IReadOnlyList<string> KindOrder = ["people", "partners", "identities", "direct-accounts", "deals", "certifications", "leads"];

    public IReadOnlyList<string> Kinds => KindOrder.Where(_importers.ContainsKey).Concat(_importers.Keys.Except(KindOrder).Order()).ToList();

    public IImporter? Find(string kind) => _importers.GetValueOrDefault(kind);

    public async Task<ImportReport> ImportAsync(string kind, IImportSource source, ImportOptions options,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        var importer = Find(kind) ?? throw new ArgumentException($"There is no import of '{kind}'; there is {string.Join(", ", Kinds)}.", nameof(kind));
        var state = new ImportState(options, clock.GetUtcNow());

        var header = await source.ReadHeaderAsync(ct);
        if (header is not null)
        {
            var problems = HeaderProblems(importer, header).ToList();
            if (problems.Count > 0)
            {
                state.Refuse(problems);
                return Report(importer, state, applied: false);
            }
        }

        var own = db.Database.CurrentTransaction is null;
        await using var transaction = own ? await db.Database.BeginTransactionAsync(ct) : null;
        var batch = new List<ImportRow>(options.BatchSize);
        await foreach (var row in source.ReadRowsAsync(ct))
        {
            batch.Add(row);
            state.Rows++;
            if (batch.Count < options.BatchSize) continue;
            await WriteAsync(importer, batch, state, ct);
            progress?.Report(new ImportProgress(state.Rows, source.Fraction));
        }
        if (batch.Count > 0) await WriteAsync(importer, batch, state, ct);
        progress?.Report(new ImportProgress(state.Rows, 1));

        var apply = !source.Stopped && (state.Refused == 0 || options.Partial);
        if (transaction is not null)
        {
            if (apply) await transaction.CommitAsync(ct);
            else await transaction.RollbackAsync(ct);
        }
        return Report(importer, state, apply);
    }

    /// <summary>
    /// Loads rows of a program folder's file at start: rows already stored are kept as they are, and a refused row stops
    /// the start with every problem named (the program folder is the operator's own, and must be right).
    /// </summary>
    public async Task<ImportReport> LoadProgramDataAsync(string kind, string file, IEnumerable<ImportRow> rows, CancellationToken ct)
    {
        var report = await ImportAsync(kind, new RowListSource(rows), new ImportOptions { KeepExisting = true }, null, ct);
        if (report.Refused > 0)
            throw new InvalidDataException($"{file} ({kind}): " + string.Join("; ", report.Problems.Take(20)) + (report.Problems.Count > 20 ? "; ..." : ""));
        return report;
    }

    private async Task WriteAsync(IImporter importer, List<ImportRow> batch, ImportState state, CancellationToken ct)
    {
        await importer.ImportBatchAsync(db, batch, state, ct);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        batch.Clear();
    }

    /// <summary>A header must name every required column (or the one that stands in for it), once each, and nothing else.</summary>
    public static IEnumerable<ImportProblem> HeaderProblems(IImporter importer, IReadOnlyList<string> header)
    {
        var names = header.Select(h => h.Trim()).ToList();
        var known = importer.Columns.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (names.Count == 0 || names is [""])
        {
            yield return new ImportProblem(1, null, "the file is empty: the first row must name the columns (" + string.Join(",", importer.Columns.Select(c => c.Name)) + ")");
            yield break;
        }
        if (names.Count == 1 && names[0].IndexOfAny([';', '\t', '|']) is var at and >= 0)
        {
            var separator = names[0][at] == '\t' ? "tabs" : $"'{names[0][at]}'";
            yield return new ImportProblem(1, null, $"the columns are separated by {separator}; save the file with commas between columns");
            yield break;
        }
        foreach (var column in importer.Columns.Where(c => c.Required))
            if (!names.Contains(column.Name, StringComparer.OrdinalIgnoreCase) && (column.Or is null || !names.Contains(column.Or, StringComparer.OrdinalIgnoreCase)))
                yield return new ImportProblem(1, column.Name, column.Or is null ? "required column is missing" : $"required column is missing (or {column.Or})");
        foreach (var name in names.Where(n => !known.Contains(n)))
            yield return new ImportProblem(1, name, $"is not a column of {importer.Kind}; the columns are {string.Join(", ", importer.Columns.Select(c => c.Name))}");
        foreach (var repeated in names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            yield return new ImportProblem(1, repeated.Key, "is in the header more than once");
    }

    private static ImportReport Report(IImporter importer, ImportState state, bool applied) =>
        new(importer.Kind, state.Rows, state.Added, state.Updated, state.Unchanged, state.Refused, state.Problems, applied)
        {
            ProblemsLeftOut = state.ProblemsLeftOut,
        };
}
