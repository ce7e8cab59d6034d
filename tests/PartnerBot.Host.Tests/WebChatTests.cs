using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

public sealed class WebChatTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Help_AsPartnerUser_ShowsPartnerMenu()
    {
        var chat = _host.Chat("acme-jane");
        var messages = await chat.SayAsync("help");

        Assert.Equal(2, messages.Count);
        Assert.True(messages[0].Mine);
        Assert.Equal("help", messages[0].Text);
        var html = messages[1].Html!;
        Assert.Contains("Hi Jane Porter", html);
        Assert.Contains("what I can do for you and your company", html);
        Assert.Contains("settings", html);
    }
}
