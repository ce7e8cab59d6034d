using System.Net;
using System.Text.RegularExpressions;
using PartnerBot.Conversations;
using PartnerBot.Host.WebChat;
using PartnerBot.Knowledge;
using PartnerBot.Localization;
using PartnerBot.People;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Knowledge;

/// <summary>
/// A document's table and lists reach the web chat as HTML tables and lists: the demo program's commission rates
/// (samples/demo-program/knowledge/en/commission.md), asked as a partner asks, and hostile cells stay text.
/// </summary>
public sealed partial class AnswerTablesWebChatTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("acme-jane", "what are the commission rates by tier?")]
    [InlineData("acme-jane", "commission % per tier for resellers?")]
    public async Task CommissionRatesTable_IsAnHtmlTable_WithEveryCell_AndNoPipes(string person, string question)
    {
        var messages = await _host.Chat(person).SayAsync(question);

        var html = messages[^1].Html!;
        var table = TableHtml().Match(html);
        Assert.True(table.Success, html);
        var headings = Cells("th", table.Value);
        Assert.Equal(["Partner type", "Bronze", "Silver", "Gold", "Platinum"], headings);
        var cells = Cells("td", table.Value);
        Assert.Equal(25, cells.Count);
        Assert.Equal(["Reseller", "20%", "22.5%", "25%", "30%"], cells.Skip(5).Take(5));
        Assert.Equal(["Technology", "10%", "15%", "20%", "25%"], cells.Skip(20));
        Assert.DoesNotContain("|", WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " ")));
        Assert.DoesNotContain("---", html);
    }

    [Fact]
    public async Task OnboardingSteps_AreAnOrderedList()
    {
        var html = (await _host.Chat("acme-jane").SayAsync("what are the onboarding steps for a new partner?"))[^1].Html!;

        var list = Regex.Match(html, "<ol class=\"list\">(.*?)</ol>");
        Assert.True(list.Success, html);
        var items = Cells("li", list.Value);
        Assert.True(items.Count >= 5, html);
        Assert.StartsWith("Sign the partner agreement", items[0]);
        Assert.DoesNotMatch(@"(^|>)\s*1\. Sign", html);
    }

    [Fact]
    public void HostileCellsAndItems_AreEscaped_NotMarkup()
    {
        var markdown = "Rates:\n\n| Tier | Note |\n|---|---|\n| <script>alert(1)</script> | a \\| b & <b>bold</b> |\n| Gold |\n\n- <img src=x onerror=alert(1)>\n- **Gold** & `code`\n";
        var reply = new Reply(PassageBlocks.From(markdown));
        var html = new WebChatRenderer(new Localizer()).Render(reply, Languages.English);

        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        var cells = Cells("td", html);
        Assert.Equal(["<script>alert(1)</script>", "a | b & <b>bold</b>", "Gold", ""], cells);
        Assert.Equal(["<img src=x onerror=alert(1)>", "Gold & code"], Cells("li", html));
    }

    private static List<string> Cells(string tag, string html) =>
        Regex.Matches(html, $"<{tag}(?:\\s[^>]*)?>(.*?)</{tag}>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [GeneratedRegex("<table class=\"table\">.*?</table>")]
    private static partial Regex TableHtml();
}
