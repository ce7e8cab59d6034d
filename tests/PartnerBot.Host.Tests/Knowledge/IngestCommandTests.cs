using PartnerBot.Host.Knowledge;
using PartnerBot.Knowledge;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Knowledge;

/// <summary>`PartnerBot.Host ingest &lt;folder&gt;`: progress per document, totals, and clear refusals.</summary>
public sealed class IngestCommandTests : IDisposable
{
    private readonly TestHost _host = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("partnerbot-ingest-").FullName;

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Ingest_Folder_ShowsProgressAndTotals()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "pl"));
        File.WriteAllText(Path.Combine(_folder, "alpha.md"), "# Alpha\n## One\nokapi feeding\n## Two\nyak grooming");
        File.WriteAllText(Path.Combine(_folder, "pl", "alpha.md"), "# Alfa\n## Jeden\nkarmienie okapi");
        var output = new StringWriter();

        var code = await IngestCommandLine.IngestAsync(_host.Services, ["ingest", _folder], output);

        Assert.Equal(0, code);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // The host loaded the 52 demo documents at start (13 articles in four languages); this folder replaces them.
        Assert.Equal(56, lines.Length);
        Assert.Equal($"Ingesting {_folder}", lines[0]);
        Assert.Equal("[  1/54] Added     alpha.md (2 chunks)", lines[1]);
        Assert.Equal("[  2/54] Added     pl/alpha.md (1 chunks)", lines[2]);
        Assert.Equal("[  3/54] Removed   en/co-selling.md (0 chunks)", lines[3]);
        Assert.All(lines[3..^1], l => Assert.Contains("] Removed   ", l));
        Assert.Equal("Done: 2 added, 0 updated, 0 unchanged, 52 removed; 3 chunks in the index.", lines[^1]);
    }

    [Fact]
    public async Task Ingest_NoFolderArgument_PrintsUsage()
    {
        var output = new StringWriter();

        var code = await IngestCommandLine.IngestAsync(_host.Services, ["ingest"], output);

        Assert.Equal(2, code);
        Assert.StartsWith("Usage: ingest <folder>", output.ToString());
    }

    [Fact]
    public async Task Ingest_MissingFolder_SaysSo_AndKeepsTheKnowledgeBase()
    {
        var output = new StringWriter();
        var missing = Path.Combine(_folder, "nope");

        var code = await IngestCommandLine.IngestAsync(_host.Services, ["ingest", missing], output);

        Assert.Equal(2, code);
        Assert.Equal($"No folder at {missing}.", output.ToString().Trim());
        Assert.True(await _host.WithDbAsync(db => Task.FromResult(db.KnowledgeDocuments.Count() == 52)));
    }
}
