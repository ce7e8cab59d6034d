using System.Net;
using System.Text.Json;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

/// <summary>
/// The web chat lets whoever reaches it talk as anyone listed. The real host outside Development: off unless switched
/// on (the page says how), and when switched on its page carries a notice that it is exposed.
/// </summary>
public sealed class WebChatExposureTests
{
    [Fact]
    public async Task OutsideDevelopment_ByDefault_TheWebChatIsOff_AndItsPageSaysHowToSwitchItOn()
    {
        using var db = new DrillDatabase();
        await using var host = await HostProcess.StartAsync(db.Path, new Dictionary<string, string>());

        var page = await host.Http.GetStringAsync("");
        Assert.Contains("The web chat is off", page);
        Assert.Contains("WebChat:Enabled=true", page);
        using var people = await host.Http.GetAsync("api/webchat/people");
        Assert.Equal(HttpStatusCode.NotFound, people.StatusCode);
        using var post = await host.Http.PostAsync("api/webchat/conversations/dm-acme-jane/messages?as=acme-jane",
            new StringContent("""{"text":"my deals"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task OutsideDevelopment_SwitchedOn_ThePageSaysItIsExposed()
    {
        using var db = new DrillDatabase();
        await using var host = await HostProcess.StartAsync(db.Path, new Dictionary<string, string> { ["WebChat:Enabled"] = "true" });

        using var status = JsonDocument.Parse(await host.Http.GetStringAsync("api/webchat/status"));
        var notice = status.RootElement.GetProperty("notice").GetString();
        Assert.Contains("switched on outside Development", notice);
        Assert.Contains("talk as any person", notice);
    }
}
