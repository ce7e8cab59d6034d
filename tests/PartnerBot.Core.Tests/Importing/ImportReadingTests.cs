using System.Text;
using PartnerBot.Importing;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.People;

namespace PartnerBot.Core.Tests.Importing;

/// <summary>How an import reads a file and its values, without a database: the CSV reader, the header, and the owners of dates and amounts.</summary>
public sealed class ImportReadingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static async Task<(IReadOnlyList<string>? Header, List<ImportRow> Rows)> ReadAsync(string csv, Encoding? encoding = null)
    {
        await using var source = new CsvImportSource(new MemoryStream((encoding ?? new UTF8Encoding(false)).GetPreamble().Concat((encoding ?? Encoding.UTF8).GetBytes(csv)).ToArray()));
        var header = await source.ReadHeaderAsync(default);
        var rows = new List<ImportRow>();
        await foreach (var row in source.ReadRowsAsync(default)) rows.Add(row);
        return (header, rows);
    }

    [Fact]
    public async Task Csv_RowsAreNumberedAsASpreadsheetShowsThem_QuotedCommasAndLineBreaksStayInTheirValue()
    {
        var (header, rows) = await ReadAsync("id,name,owner\r\nda-1,\"Wisła Systemy, Sp. z o.o.\",\"Direct sales\nCEE\"\r\nda-2, Kedai Awan ,\r\n", new UTF8Encoding(true));

        Assert.Equal(["id", "name", "owner"], header);
        Assert.Equal([2L, 3L], rows.Select(r => r.Number));
        Assert.Equal("Wisła Systemy, Sp. z o.o.", rows[0]["name"]);
        Assert.Equal("Direct sales\nCEE", rows[0]["owner"]);
        Assert.Equal("Kedai Awan", rows[1]["NAME"]);
        Assert.Null(rows[1]["owner"]);
    }

    [Fact]
    public async Task Csv_ARecordWithAnotherNumberOfValues_OrABrokenQuote_IsUnreadable_AndTheRowsAfterItKeepTheirNumbers()
    {
        var (_, rows) = await ReadAsync("id,name\nda-1,Acme,extra\nda-2,Bo\"rea\"lis\nda-3,星辰软件\n");

        Assert.Equal([2L, 3L, 4L], rows.Select(r => r.Number));
        Assert.Equal("has 3 values, the header has 2 columns", rows[0].Problem);
        Assert.StartsWith("a quote is out of place", rows[1].Problem);
        Assert.Null(rows[2].Problem);
        Assert.Equal("星辰软件", rows[2]["name"]);
    }

    private sealed class Things(params ImportColumn[] columns) : IImporter
    {
        public string Kind => "things";
        public IReadOnlyList<ImportColumn> Columns => columns;
        public Task ImportBatchAsync(PartnerBot.Storage.PartnerBotDb db, IReadOnlyList<ImportRow> rows, ImportState state, CancellationToken ct) => Task.CompletedTask;
    }

    [Theory]
    [InlineData("id;name;type", "row 1: the columns are separated by ';'; save the file with commas between columns")]
    [InlineData("id|name|type", "row 1: the columns are separated by '|'")]
    [InlineData("id,name", "row 1, column type: required column is missing")]
    [InlineData("id,name,type,colour", "row 1, column colour: is not a column of things; the columns are id, name, type, closeDate, closeInDays")]
    [InlineData("id,name,type,ID", "row 1, column id: is in the header more than once")]
    [InlineData("id,name,type", null)]
    [InlineData(" Id , NAME ,type,closeInDays", null)]
    public void Header_NamesEveryRequiredColumn_OnceEach_AndNothingElse(string header, string? expected)
    {
        var kind = new Things(new("id", Required: true), new("name", Required: true), new("type", Required: true), new("closeDate", Or: "closeInDays"), new("closeInDays"));

        var problems = ImportRunner.HeaderProblems(kind, header.Split(',')).Select(p => p.ToString()).ToList();

        if (expected is null) Assert.Empty(problems);
        else Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Header_ARequiredColumnMayBeGivenByTheOneThatStandsInForIt()
    {
        var kind = new Things(new("closeDate", Required: true, Or: "closeInDays"), new("closeInDays"));
        Assert.Empty(ImportRunner.HeaderProblems(kind, ["closeInDays"]));
        Assert.Equal("row 1, column closeDate: required column is missing (or closeInDays)", ImportRunner.HeaderProblems(kind, ["closeOn"]).First().ToString());
    }

    [Theory]
    [InlineData("2026-02-28", true)]
    [InlineData(" 2028-02-29 ", true)]
    [InlineData("2026-02-29", false)]
    [InlineData("28/02/2026", false)]
    [InlineData("2026-2-28", false)]
    [InlineData("28 lutego 2026", false)]
    [InlineData("", false)]
    public void IsoDates_AreTheOnlyDatesAFileGives(string text, bool reads) =>
        Assert.Equal(reads, LocaleFormat.TryParseIsoDate(text, out _));

    [Theory]
    [InlineData("48000", "USD", 48000)]
    [InlineData("48000.5", "EUR", 48000.5)]
    [InlineData("-12.25", "GBP", -12.25)]
    [InlineData("1200.125", "KWD", 1200.125)]
    [InlineData("5000", "JPY", 5000)]
    public void Amounts_ReadWithTheCurrencysDecimals(string text, string currency, decimal expected)
    {
        Assert.True(Money.TryParse(text, currency, out var amount));
        Assert.Equal(expected, amount);
    }

    [Theory]
    [InlineData("48,000", "USD")]
    [InlineData("48 000,50", "PLN")]
    [InlineData("12.345", "USD")]
    [InlineData("5000.5", "JPY")]
    [InlineData("$40k", "USD")]
    [InlineData("1e5", "USD")]
    [InlineData("", "USD")]
    public void Amounts_WrittenForPeopleOrWithTooManyDecimals_AreRefused(string text, string currency) =>
        Assert.False(Money.TryParse(text, currency, out _));

    [Fact]
    public void RowCheck_NamesEachBadValue_WithItsColumn()
    {
        var row = new ImportRow(7, new Dictionary<string, string?>
        {
            ["role"] = "Partner", ["joinedOn"] = "31.12.2025", ["reps"] = "-1", ["flag"] = "maybe", ["name"] = new string('x', 201),
        });
        var check = new RowCheck(row, Now);

        check.Enum<Role>("role", required: true);
        check.Date("joinedOn");
        check.Count("reps");
        check.Flag("flag");
        check.Text("name", 200);
        check.Text("id", 64);

        Assert.Equal([
            "row 7, column role: 'Partner' is not one of PartnerUser, Rep, Manager, Admin",
            "row 7, column joinedOn: '31.12.2025' is not a date written yyyy-MM-dd",
            "row 7, column reps: '-1' is not a whole number of 0 or more",
            "row 7, column flag: 'maybe' is not true or false",
            "row 7, column name: is longer than 200 characters",
            "row 7, column id: is required",
        ], check.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void RowCheck_DaysAgoAndInDays_CountFromToday()
    {
        var check = new RowCheck(new ImportRow(2, new Dictionary<string, string?> { ["joinedDaysAgo"] = "30", ["closeInDays"] = "45" }), Now);

        Assert.Equal(new DateOnly(2026, 10, 24), check.Date("joinedOn", "joinedDaysAgo"));
        Assert.Equal(new DateOnly(2027, 1, 7), check.Date("closeDate", "closeInDays"));
        Assert.False(check.Refused);
    }
}
