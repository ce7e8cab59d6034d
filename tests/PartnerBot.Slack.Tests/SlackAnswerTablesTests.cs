using System.Text.Json.Nodes;
using PartnerBot.Conversations;
using PartnerBot.Knowledge;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// A document's table reaches Slack as Block Kit fields (a row each, every cell named by its column) and its lists as
/// rich text lists: the demo program's commission rates asked in a DM, and hostile cells that stay text.
/// </summary>
public sealed class SlackAnswerTablesTests
{
    [Fact]
    public async Task CommissionRatesAskedInADm_AreFieldsPerRow_WithEveryCell_AndNoPipes()
    {
        await using var t = await SlackTestHost.StartAsync();
        await t.PostEventAsync(SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "what are the commission rates by tier?", "EvTbl1"));
        await t.IdleAsync();

        var post = t.Slack.Posts[^1];
        var fields = post.Blocks!.OfType<JsonObject>().Where(b => (string?)b["type"] == "section" && b["fields"] is JsonArray)
            .SelectMany(b => b["fields"]!.AsArray()).Select(f => (string)f!["text"]!).ToList();
        Assert.Contains("*Referral*\nBronze: 15%\nSilver: 20%\nGold: 25%\nPlatinum: 30%", fields);
        Assert.Contains("*Reseller*\nBronze: 20%\nSilver: 22.5%\nGold: 25%\nPlatinum: 30%", fields);
        Assert.Contains("*Technology*\nBronze: 10%\nSilver: 15%\nGold: 20%\nPlatinum: 25%", fields);
        Assert.DoesNotContain("|", post.BlocksJson);
        Assert.DoesNotContain("|", (string)post.Args["text"]!);
    }

    [Fact]
    public async Task OnboardingSteps_AreARichTextOrderedList()
    {
        await using var t = await SlackTestHost.StartAsync();
        await t.PostEventAsync(SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "what are the onboarding steps for a new partner?", "EvTbl2"));
        await t.IdleAsync();

        var list = t.Slack.Posts[^1].Blocks!.OfType<JsonObject>().Where(b => (string?)b["type"] == "rich_text")
            .SelectMany(b => b["elements"]!.AsArray()).OfType<JsonObject>().First(e => (string?)e["type"] == "rich_text_list");
        Assert.Equal("ordered", (string?)list["style"]);
        var items = list["elements"]!.AsArray().Select(i => (string)i!["elements"]![0]!["text"]!).ToList();
        Assert.True(items.Count >= 5);
        Assert.StartsWith("Sign the partner agreement", items[0]);
    }

    [Fact]
    public void HostileCells_AreEscapedForMrkdwn_AndListItemsAreLiteralRichText()
    {
        var markdown = "| Tier | Note |\n|---|---|\n| <!channel> & co | <https://evil.example|click> |\n| Gold |\n\n- <!here> now\n- <@U123>\n";
        var message = new BlockKitRenderer().Message(new Reply(PassageBlocks.From(markdown)));
        var json = message.ToJsonString();

        var field = (string)message["blocks"]![0]!["fields"]![0]!["text"]!;
        // The disguised link loses its angle brackets (Markdig reads it as an autolink): its address is shown as it is.
        Assert.Equal("*&lt;!channel&gt; &amp; co*\nhttps://evil.example|click", field);
        Assert.DoesNotContain("<", field);
        Assert.Equal("*Gold*", (string)message["blocks"]![0]!["fields"]![1]!["text"]!);
        Assert.DoesNotContain("<!channel>", json.Replace("\\u003C", "<").Replace("\\u003E", ">").Replace("&lt;!here&gt;", ""));
        var list = message["blocks"]![1]!["elements"]![0]!;
        Assert.Equal("rich_text_list", (string?)list["type"]);
        // Rich text's words are literal: no mention, no link, whatever they say.
        Assert.Equal(["<!here> now", "<@U123>"], list["elements"]!.AsArray().Select(i => (string)i!["elements"]![0]!["text"]!));
        Assert.Equal("text", (string?)list["elements"]![0]!["elements"]![0]!["type"]);
        Assert.DoesNotContain("<!channel>", (string)message["text"]!);
    }
}
