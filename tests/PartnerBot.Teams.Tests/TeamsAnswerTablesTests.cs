using System.Text.Json.Nodes;
using PartnerBot.Conversations;
using PartnerBot.Knowledge;
using PartnerBot.Localization;
using PartnerBot.People;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>
/// A document's table reaches Teams as an Adaptive Card Table (schema 1.5) with a header row, and its lists as
/// marked lines: the demo program's commission rates asked in a personal chat, and hostile cells kept literal.
/// </summary>
public sealed class TeamsAnswerTablesTests : IAsyncLifetime
{
    private FakeBotFramework _fake = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _host = TeamsHost.Create(_fake);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _fake.DisposeAsync();
    }

    private static List<string> RowText(JsonNode row) =>
        row["cells"]!.AsArray().Select(c => (string)c!["items"]![0]!["text"]!).ToList();

    [Fact]
    public async Task CommissionRatesAskedInAPersonalChat_AreACardTable_WithAHeaderRow_AndEveryCell()
    {
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "what are the commission rates by tier?"));

        var card = _fake.Sent()[^1].Activity["attachments"]![0]!["content"]!;
        Assert.Equal(AdaptiveCardRenderer.Version, (string?)card["version"]);
        var table = card["body"]!.AsArray().Single(e => (string?)e!["type"] == "Table")!;
        Assert.True((bool)table["firstRowAsHeader"]!);
        Assert.Equal(5, table["columns"]!.AsArray().Count);
        var rows = table["rows"]!.AsArray();
        Assert.Equal(6, rows.Count);
        Assert.Equal(["Partner type", "Bronze", "Silver", "Gold", "Platinum"], RowText(rows[0]!));
        Assert.Equal(["Reseller", "20%", "22.5%", "25%", "30%"], RowText(rows[2]!));
        Assert.Equal(["Technology", "10%", "15%", "20%", "25%"], RowText(rows[5]!));
        Assert.DoesNotContain("|", card.ToJsonString());
    }

    [Fact]
    public void HostileCells_AreEscapedForTeamsMarkdown()
    {
        var markdown = "| Tier | Note |\n|---|---|\n| **Gold** [x](javascript:alert(1)) | <at>Tom</at> a \\| b |\n\n1. <b>bold</b> # sign\n2. _plain_\n";
        var card = new AdaptiveCardRenderer(new Localizer()).Render(new Reply(PassageBlocks.From(markdown)), Languages.English);

        var table = card["body"]![0]!;
        Assert.Equal(["Gold x", "\\<at\\>Tom\\</at\\> a \\| b"], RowText(table["rows"]![1]!));
        var list = (string)card["body"]![1]!["text"]!;
        Assert.Equal("1\\. \\<b\\>bold\\</b\\> \\# sign\n2\\. plain", list);
    }
}
