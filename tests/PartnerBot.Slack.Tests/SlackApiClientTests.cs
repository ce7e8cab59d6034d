using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace PartnerBot.Slack.Tests;

public sealed class SlackApiClientTests : IAsyncLifetime
{
    private FakeSlack _slack = null!;
    private SlackApiClient _api = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync();
        _http = new HttpClient();
        _api = new SlackApiClient(_http, Options.Create(new SlackOptions { BotToken = "xoxb-1", AppToken = "xapp-1", ApiBaseUrl = _slack.ApiBaseUrl }));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task OkFalse_ThrowsWithSlacksErrorCode()
    {
        _slack.Script("chat.postMessage", 200, """{"ok":false,"error":"channel_not_found"}""");
        var ex = await Assert.ThrowsAsync<SlackApiException>(() => _api.PostMessageAsync(new JsonObject { ["channel"] = "C404", ["text"] = "x" }, default));
        Assert.Equal("channel_not_found", ex.Error);
        Assert.Equal("chat.postMessage", ex.Method);
        Assert.True(ex.IsPermanent);
    }

    [Fact]
    public async Task TooManyRequests_CarriesRetryAfter()
    {
        _slack.Script("views.publish", 429, "{}", retryAfter: 12);
        var ex = await Assert.ThrowsAsync<SlackRateLimitedException>(() => _api.PublishViewAsync("U1", new JsonObject { ["type"] = "home" }, default));
        Assert.Equal(TimeSpan.FromSeconds(12), ex.RetryAfter);
    }

    [Fact]
    public async Task Methods_SendTokenAndArguments()
    {
        Assert.Equal("DU1", await _api.OpenConversationAsync("U1", default));
        await _api.PostEphemeralAsync(new JsonObject { ["channel"] = "C1", ["user"] = "U1", ["text"] = "hi" }, default);
        await _api.UpdateAsync(new JsonObject { ["channel"] = "C1", ["ts"] = "1.2", ["text"] = "hi" }, default);
        await _api.OpenViewAsync("trig", new JsonObject { ["type"] = "modal" }, default);
        await _api.UpdateViewAsync("V1", new JsonObject { ["type"] = "modal" }, default);
        _slack.Users["U1"] = ("T1", false);
        Assert.Equal("T1", (await _api.UsersInfoAsync("U1", default))["user"]!["team_id"]!.ToString());
        Assert.Equal("T0NWCLOUD", (await _api.TeamInfoAsync(null, default))["team"]!["id"]!.ToString());
        var url = await _api.OpenConnectionAsync(default);
        Assert.Equal("ws", url.Scheme);
        Assert.Equal(
            ["conversations.open", "chat.postEphemeral", "chat.update", "views.open", "views.update", "users.info", "team.info", "apps.connections.open"],
            _slack.Calls.Select(c => c.Method));
        Assert.All(_slack.Calls.SkipLast(1), c => Assert.Equal("xoxb-1", c.Token));
        Assert.Equal("xapp-1", _slack.Calls[^1].Token);
        Assert.Equal("U1", _slack.Calls[5].Args["user"]!.ToString());
    }

    [Fact]
    public async Task NotJson_IsAnError()
    {
        _slack.Script("chat.update", 200, "<html>");
        var ex = await Assert.ThrowsAsync<SlackApiException>(() => _api.UpdateAsync(new JsonObject(), default));
        Assert.Equal("invalid_response", ex.Error);
    }
}
