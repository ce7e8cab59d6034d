using System.Runtime.CompilerServices;
using System.Text.Json;
using CsvHelper;

namespace PartnerBot.Importing;

/// <summary>Rows to import, with the columns they have (null when the input has no header, such as JSON) and how far reading has got.</summary>
public interface IImportSource
{
    /// <summary>Reads the header; null for an input without one.</summary>
    Task<IReadOnlyList<string>?> ReadHeaderAsync(CancellationToken ct);

    IAsyncEnumerable<ImportRow> ReadRowsAsync(CancellationToken ct);

    /// <summary>How much of the input has been read (0..1), when its size is known.</summary>
    double? Fraction { get; }

    /// <summary>Reading stopped before the end (the input broke in a way no later row recovers from): nothing is applied.</summary>
    bool Stopped { get; }
}

/// <summary>
/// A comma-separated file with a header row, read as a stream record by record (CsvHelper): memory does not grow with
/// the file. Rows are numbered as a spreadsheet shows them (the header is row 1). A record with broken quoting or a
/// different number of fields than the header is handed on as unreadable, with the reason, not guessed at.
/// </summary>
public sealed class CsvImportSource : IImportSource, IAsyncDisposable
{
    /// <summary>A record longer than this is refused: an unclosed quote must not swallow a whole file into memory.</summary>
    public const int MaxRecordBytes = 1 << 20;

    private readonly Stream _stream;
    private readonly long? _length;
    private readonly CsvReader _reader;
    private readonly Dictionary<long, string> _malformed = [];
    private int _columns;

    public CsvImportSource(Stream stream)
    {
        _stream = stream;
        _length = stream.CanSeek && stream.Length > 0 ? stream.Length : null;
        _reader = CsvReader.Create(stream, new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            MaxRecordSize = MaxRecordBytes,
            OnMalformedRecord = record => _malformed[record.RecordNumber] = record.Reason switch
            {
                CsvMalformedReason.UnterminatedQuote => "a quoted value is never closed",
                CsvMalformedReason.LineBreakInQuotes => "a quoted value runs over a line break",
                _ => "a quote is out of place (quote a value that has a comma or a quote, and double the quotes inside it)",
            },
        });
    }

    public static CsvImportSource Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));

    public double? Fraction => _length is { } total ? Math.Min(1, (double)_reader.ByteOffset / total) : null;

    public bool Stopped { get; private set; }

    public async Task<IReadOnlyList<string>?> ReadHeaderAsync(CancellationToken ct)
    {
        await _reader.ReadHeaderAsync(ct);
        var header = _reader.Headers.ToList();
        _columns = header.Count;
        return header;
    }

    public async IAsyncEnumerable<ImportRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
        {
            ImportRow row;
            try
            {
                if (!await _reader.ReadAsync(ct)) yield break;
                var number = _reader.RowNumber + 1;
                if (_malformed.Remove(number, out var reason)) row = ImportRow.Unreadable(number, reason);
                else if (_reader.FieldCount != _columns)
                    row = ImportRow.Unreadable(number, $"has {_reader.FieldCount} values, the header has {_columns} columns");
                else
                {
                    var values = new KeyValuePair<string, string?>[_columns];
                    for (var i = 0; i < _columns; i++) values[i] = new(_reader.Headers[i], _reader.GetString(i));
                    row = new ImportRow(number, values);
                }
            }
            catch (CsvFormatException e)
            {
                Stopped = true;
                row = ImportRow.Unreadable(Math.Max(e.RecordNumber, 2), "the file cannot be read from here on: " + e.Message);
            }
            yield return row;
            if (Stopped) yield break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync();
        await _stream.DisposeAsync();
    }
}

/// <summary>
/// Rows already in memory: the objects of a program folder's JSON files (people.json, deals.json...), each a row whose
/// columns are the object's properties (<see cref="FromJson"/>). Nested lists are left to the caller.
/// </summary>
public sealed class RowListSource(IEnumerable<ImportRow> rows) : IImportSource
{
    public double? Fraction => null;
    public bool Stopped => false;

    public Task<IReadOnlyList<string>?> ReadHeaderAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<string>?>(null);

    public async IAsyncEnumerable<ImportRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await Task.CompletedTask;
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            yield return row;
        }
    }

    /// <summary>One JSON object as a row (numbered from 1 in its list), with <paramref name="more"/> values added.</summary>
    public static ImportRow FromJson(long number, JsonElement item, params KeyValuePair<string, string?>[] more) =>
        item.ValueKind != JsonValueKind.Object ? ImportRow.Unreadable(number, "is not a JSON object")
        : new ImportRow(number, item.EnumerateObject().Select(p => new KeyValuePair<string, string?>(p.Name, p.Value.ValueKind switch
        {
            JsonValueKind.String => p.Value.GetString(),
            JsonValueKind.Number => p.Value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        })).Concat(more));

    /// <summary>The list in <paramref name="path"/>: the root when it is one, else the first of <paramref name="properties"/> it has.</summary>
    public static async Task<List<JsonElement>> ReadJsonListAsync(string path, IReadOnlyList<string> properties, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object)
            root = properties.Select(p => root.TryGetProperty(p, out var list) ? list : default).FirstOrDefault(l => l.ValueKind != JsonValueKind.Undefined);
        if (root.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{path}: expected a list of items{(properties.Count > 0 ? " (or an object with '" + string.Join("' or '", properties) + "')" : "")}.");
        return root.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>The rows of a JSON file's list (see <see cref="ReadJsonListAsync"/>).</summary>
    public static async Task<RowListSource> FromJsonFileAsync(string path, IReadOnlyList<string> properties, CancellationToken ct) =>
        new((await ReadJsonListAsync(path, properties, ct)).Select((e, i) => FromJson(i + 1, e)).ToList());
}
