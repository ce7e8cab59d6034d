using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Knowledge;
using PartnerBot.Localization;
using PartnerBot.People;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>
/// The assistant's answers in Teams. A document's table arrives as an Adaptive Card Table (schema 1.5) with a header
/// row and its lists as marked lines (the demo program's commission rates asked in a personal chat; hostile cells kept
/// literal). The rating buttons under an answer are Action.Submit (the answer card stays as it is; an Action.Execute
/// would have replaced it with the thanks), kept for the asker, refused for anyone else.
/// </summary>
public sealed class TeamsAnswerTests : IAsyncLifetime
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

    private string LastSaid() => Regex.Unescape(_fake.Sent()[^1].Activity.ToJsonString());

    [Fact]
    public async Task AskerRates_ByActionSubmit_ReplayStaysOne_SomeoneElseIsRefused()
    {
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "how long is a deal registration protected?"));
        var card = _fake.Sent()[^1].Activity["attachments"]![0]!["content"]!;
        var buttons = card["body"]!.AsArray().Where(e => (string?)e!["type"] == "ActionSet").SelectMany(s => s!["actions"]!.AsArray())
            .Where(a => (string?)a!["data"]!["pb.action"] == AssistantActions.Rate).ToList();
        Assert.Equal(["👍 Helpful", "👎 Not helpful", "This didn't answer my question"], buttons.Select(b => (string)b!["title"]!));
        Assert.All(buttons, b => Assert.Equal("Action.Submit", (string?)b!["type"]));
        var missed = buttons.Single(b => (string?)b!["data"]!["rating"] == AssistantActions.Ratings.DidNotAnswer)!["data"]!;

        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "", value: missed.DeepClone()));
        Assert.Contains("your question still needs an answer", LastSaid());
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "", value: missed.DeepClone()));
        Assert.Contains("You've already rated this answer that way.", LastSaid());

        var lena = (JsonObject)missed.DeepClone();
        lena["rating"] = AssistantActions.Ratings.Helpful;
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "", aad: Demo.LenaAad, name: "Lena", conversationId: "a:lena-personal", value: lena));
        Assert.Contains("Only the person who asked can rate this answer.", LastSaid());

        var stored = await _host.WithDbAsync(db => db.KnowledgeAnswers.AsNoTracking().SingleAsync());
        Assert.Equal(AnswerRating.DidNotAnswer, stored.Rating);
    }
}
