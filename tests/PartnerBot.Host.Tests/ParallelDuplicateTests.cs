using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

/// <summary>The same web chat message or button sent several times at once (a double click, a retrying client): one turn, no 5xx.</summary>
public sealed class ParallelDuplicateTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("help")]
    [InlineData("bantuan")]
    [InlineData("帮助")]
    [InlineData("pomoc")]
    public async Task SameMessage_EightTimesAtOnce_IsOneTurn_AndNeverA5xx(string text)
    {
        var clientId = $"dup-{Guid.NewGuid():N}";
        var url = "/api/webchat/conversations/dm-acme-jane/messages?as=acme-jane";
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var client = _host.CreateClient();
            return await client.PostAsJsonAsync(url, new { text, clientMessageId = clientId });
        }));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var said = await _host.WithDbAsync(db => db.WebChatMessages.CountAsync(m => m.AuthorPersonId == "acme-jane" && m.Text == text));
        Assert.Equal(1, said);
    }

    [Fact]
    public async Task SameButton_PressedEightTimesAtOnce_IsOneTurn_AndNeverA5xx()
    {
        var jane = _host.Chat("acme-jane");
        var menu = await jane.SayAsync("settings");
        var data = WebChatClient.ActionData(menu[^1].Html!, "dialog.submit");
        data["language"] = "ms";
        var clientId = $"press-{Guid.NewGuid():N}";
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var client = _host.CreateClient();
            return await client.PostAsJsonAsync("/api/webchat/conversations/dm-acme-jane/messages?as=acme-jane",
                new { action = new { name = "dialog.submit", values = data }, label = "Save", clientMessageId = clientId });
        }));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var pressed = await _host.WithDbAsync(db => db.WebChatMessages.CountAsync(m => m.AuthorPersonId == "acme-jane" && m.Text == "› Save"));
        Assert.Equal(1, pressed);
    }
}
