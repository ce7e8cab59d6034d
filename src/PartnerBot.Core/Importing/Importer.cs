using Microsoft.EntityFrameworkCore;
using PartnerBot.Storage;

namespace PartnerBot.Importing;

/// <summary>
/// One kind of program data that can be imported (partners, people, identities, direct accounts, deals,
/// certifications). Channel-neutral: the command line, the program folder at start and any later API read rows and
/// hand them here, so a row is checked and stored by one piece of code whatever brought it.
/// </summary>
public interface IImporter
{
    /// <summary>The kind's name on the command line ("partners").</summary>
    string Kind { get; }

    /// <summary>The columns it reads; a file must have the required ones and no others.</summary>
    IReadOnlyList<ImportColumn> Columns { get; }

    /// <summary>Checks a batch of rows, and adds or updates the stored rows of those that pass (not saved: the runner saves).</summary>
    Task ImportBatchAsync(PartnerBotDb db, IReadOnlyList<ImportRow> rows, ImportState state, CancellationToken ct);
}

/// <summary>What an import has found so far: rows matched by their external id, counts and problems.</summary>
public sealed class ImportState(ImportOptions options, DateTimeOffset now)
{
    private readonly Dictionary<string, long> _keys = new(StringComparer.Ordinal);
    private readonly List<ImportProblem> _problems = [];

    public ImportOptions Options => options;
    public DateTimeOffset Now => now;
    public DateOnly Today { get; } = DateOnly.FromDateTime(now.UtcDateTime);
    public long Rows { get; set; }
    public long Added { get; set; }
    public long Updated { get; set; }
    public long Unchanged { get; set; }
    public long Refused { get; private set; }
    public long ProblemsLeftOut { get; private set; }
    public IReadOnlyList<ImportProblem> Problems => _problems;

    /// <summary>Refuses a row with its problems.</summary>
    public void Refuse(IEnumerable<ImportProblem> problems)
    {
        Refused++;
        foreach (var p in problems)
        {
            if (_problems.Count < options.MaxListedProblems) _problems.Add(p);
            else ProblemsLeftOut++;
        }
    }

    /// <summary>The row that already has <paramref name="key"/> in this input, or null (and the key is now taken by <paramref name="row"/>).</summary>
    public long? EarlierRowWith(string key, long row) => _keys.TryAdd(key, row) ? null : _keys[key];
}

/// <summary>
/// An importer of one entity: reads a row into its input (<see cref="Read"/>), checks what it refers to
/// (<see cref="CheckAsync"/>), and matches it by its external id (<see cref="KeyOf"/>) to the stored row, which is
/// added, updated, or left unchanged when the row says nothing new (EF Core's change tracking decides).
/// </summary>
public abstract class Importer<TEntity, TInput> : IImporter where TEntity : class where TInput : class
{
    public abstract string Kind { get; }
    public abstract IReadOnlyList<ImportColumn> Columns { get; }

    /// <summary>The column named in a refusal for a repeated external id.</summary>
    protected abstract string KeyColumn { get; }

    /// <summary>Reads one row by itself; null (with the row's problems noted on <paramref name="row"/>) when it does not read.</summary>
    protected abstract TInput? Read(RowCheck row);

    /// <summary>The row's external id: the same id in a later import updates the same stored row.</summary>
    protected abstract string KeyOf(TInput input);

    /// <summary>Checks, for the whole batch at once, what the rows refer to (organisations, people, courses).</summary>
    protected virtual Task CheckAsync(PartnerBotDb db, IReadOnlyList<(RowCheck Row, TInput Input)> rows, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The stored rows of these external ids, tracked.</summary>
    protected abstract Task<Dictionary<string, TEntity>> FindAsync(PartnerBotDb db, IReadOnlyCollection<string> keys, CancellationToken ct);

    protected abstract TEntity Create(TInput input, DateTimeOffset now);

    /// <summary>Writes the row's values onto the stored entity: only what the import owns (never a person's own settings).</summary>
    protected abstract void Update(TEntity stored, TInput input, DateOnly today);

    /// <summary>Called for a stored entity the row changed (to stamp when it changed).</summary>
    protected virtual void Changed(TEntity stored, DateTimeOffset now) { }

    public async Task ImportBatchAsync(PartnerBotDb db, IReadOnlyList<ImportRow> rows, ImportState state, CancellationToken ct)
    {
        var read = new List<(RowCheck Row, TInput Input)>(rows.Count);
        foreach (var row in rows)
        {
            var check = new RowCheck(row, state.Now);
            if (row.Problem is { } unreadable) check.Refuse(null, unreadable);
            var input = check.Refused ? null : Read(check);
            if (input is not null && state.EarlierRowWith(KeyOf(input), row.Number) is { } earlier)
                check.Refuse(KeyColumn, $"'{KeyOf(input)}' is already on row {earlier}");
            if (input is null || check.Refused) state.Refuse(check.Problems);
            else read.Add((check, input));
        }

        await CheckAsync(db, read, ct);
        var passed = new List<TInput>(read.Count);
        foreach (var (check, input) in read)
            if (check.Refused) state.Refuse(check.Problems);
            else passed.Add(input);
        if (passed.Count == 0) return;

        var stored = await FindAsync(db, passed.Select(KeyOf).ToList(), ct);
        foreach (var input in passed)
        {
            if (!stored.TryGetValue(KeyOf(input), out var entity))
            {
                db.Add(Create(input, state.Now));
                state.Added++;
                continue;
            }
            if (state.Options.KeepExisting)
            {
                state.Unchanged++;
                continue;
            }
            Update(entity, input, state.Today);
            if (HasChanges(db, entity))
            {
                Changed(entity, state.Now);
                state.Updated++;
            }
            else state.Unchanged++;
        }
    }

    private static bool HasChanges(PartnerBotDb db, TEntity entity)
    {
        var entry = db.Entry(entity);
        entry.DetectChanges();
        if (entry.State == EntityState.Modified) return true;
        foreach (var owned in entry.References)
        {
            if (owned.TargetEntry is not { } target || !target.Metadata.IsOwned()) continue;
            target.DetectChanges();
            if (target.State == EntityState.Modified) return true;
        }
        return false;
    }
}
