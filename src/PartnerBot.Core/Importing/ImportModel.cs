namespace PartnerBot.Importing;

/// <summary>A column of an import kind. <see cref="Or"/> names the column that may stand in for it (a date, or its days-ago form).</summary>
public sealed record ImportColumn(string Name, bool Required = false, string? Or = null);

/// <summary>
/// One row of input: its number as a person finds it (in a CSV the header is row 1, the first record row 2; in a JSON
/// file the first item is 1), and its values by column, trimmed, with empty values left out.
/// </summary>
public sealed class ImportRow
{
    private readonly Dictionary<string, string> _values;

    public ImportRow(long number, IEnumerable<KeyValuePair<string, string?>> values)
    {
        Number = number;
        _values = new(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in values)
            if (v?.Trim() is { Length: > 0 } t) _values[k.Trim()] = t;
    }

    /// <summary>A row the reader could not read as a record (bad quoting, a different number of fields): refused as it is.</summary>
    public static ImportRow Unreadable(long number, string reason) => new(number, []) { Problem = reason };

    public long Number { get; }
    public string? Problem { get; private init; }

    /// <summary>The value of <paramref name="column"/>, or null when it is empty or absent.</summary>
    public string? this[string column] => _values.GetValueOrDefault(column);

    /// <summary>The same row with <paramref name="column"/> set to <paramref name="value"/> (a value the caller decides, such as its own organisation).</summary>
    public ImportRow With(string column, string value) =>
        Problem is not null ? this : new ImportRow(Number, _values.Where(v => !string.Equals(v.Key, column, StringComparison.OrdinalIgnoreCase))
            .Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)).Append(new(column, value)));
}

/// <summary>Why a row was refused: its number, the column at fault (null for the whole row) and the reason.</summary>
public sealed record ImportProblem(long Row, string? Column, string Reason)
{
    public override string ToString() => Column is null ? $"row {Row}: {Reason}" : $"row {Row}, column {Column}: {Reason}";
}

/// <summary>How an import treats the rows it reads.</summary>
public sealed record ImportOptions
{
    /// <summary>Apply the good rows even when some are refused (the command line's --partial).</summary>
    public bool Partial { get; init; }

    /// <summary>Leave rows already stored as they are (the program folder at start: a person's own settings survive a restart).</summary>
    public bool KeepExisting { get; init; }

    /// <summary>Rows written per save; the change tracker is cleared after each, so memory stays flat on a large file.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>Refusals listed in the report; further ones are counted only.</summary>
    public int MaxListedProblems { get; init; } = 1000;
}

/// <summary>Where an import is: rows read so far, and how much of the input that is (0..1) when the input's size is known.</summary>
public sealed record ImportProgress(long Rows, double? Fraction);

/// <summary>
/// What an import did: rows added, updated, unchanged and refused (each listed with its row, column and reason, up to
/// <see cref="ImportOptions.MaxListedProblems"/>). <see cref="Applied"/> is false when refused rows stopped the whole
/// file: the counts then say what it would have done, and nothing was changed.
/// </summary>
public sealed record ImportReport(string Kind, long Rows, long Added, long Updated, long Unchanged, long Refused,
    IReadOnlyList<ImportProblem> Problems, bool Applied)
{
    /// <summary>Problems found but not listed (a row can have several).</summary>
    public long ProblemsLeftOut { get; init; }
}
