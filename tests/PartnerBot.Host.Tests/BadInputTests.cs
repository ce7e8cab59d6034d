using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

public sealed class BadInputTests : IDisposable
{
    private readonly TestHost _host = new();
    private const string Url = "/api/webchat/conversations/dm-acme-jane/messages?as=acme-jane";

    public void Dispose() => _host.Dispose();

    private Task<int> StateCountAsync() => _host.WithDbAsync(async db =>
        await db.DialogStates.CountAsync() + await db.AuditLog.CountAsync(a => a.ActorId != "system") + await db.Outbox.CountAsync());

    private async Task<(HttpStatusCode, ProblemDetails?)> PostRawAsync(string url, string body)
    {
        var r = await _host.CreateClient().PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = r.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? await r.Content.ReadFromJsonAsync<ProblemDetails>() : null;
        return (r.StatusCode, problem);
    }

    [Fact]
    public async Task EmptyMessage_GetsASentence_AndStoresNothing()
    {
        var reply = await _host.Chat("acme-jane").SayAsync("   ");
        var only = Assert.Single(reply);
        Assert.Contains("I didn&#x27;t get any text. Type &quot;help&quot; to see what I can do.", only.Html);
        Assert.Equal(0, await StateCountAsync());
    }

    [Fact]
    public async Task OverLongMessage_GetsASentence_AndStoresNothing()
    {
        var chat = _host.Chat("acme-jane");
        await chat.SayAsync("settings");
        var before = await StateCountAsync();

        var reply = await chat.SayAsync("cancel " + new string('x', 4001));

        var only = Assert.Single(reply);
        Assert.Contains("That message is 4,008 characters long; I read up to 4,000.", only.Html);
        Assert.Equal(before, await StateCountAsync()); // the settings dialog is still open: "cancel" was not obeyed
        Assert.Equal(1, await _host.WithDbAsync(db => db.DialogStates.CountAsync()));
    }

    [Fact]
    public async Task MessageOfExactly4000Characters_IsAccepted()
    {
        var reply = await _host.Chat("acme-jane").SayAsync("help " + new string('x', 3995));
        Assert.Contains("what I can do for you", reply[^1].Html);
    }

    [Fact]
    public async Task MalformedJson_Is400ProblemDetails()
    {
        var (status, problem) = await PostRawAsync(Url, "{\"text\": \"help\"");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Malformed JSON", problem!.Title);
        Assert.StartsWith("The body is not valid JSON for a chat message:", problem.Detail);
        Assert.Equal(0, await StateCountAsync());
    }

    [Fact]
    public async Task WrongJsonShape_Is400ProblemDetails()
    {
        var (status, problem) = await PostRawAsync(Url, "{\"text\": 42}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Malformed JSON", problem!.Title);
    }

    [Fact]
    public async Task NothingToSend_Is400ProblemDetails()
    {
        var (status, problem) = await PostRawAsync(Url, "{}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Nothing to send", problem!.Title);
    }

    [Fact]
    public async Task ActionWithoutName_Is400ProblemDetails()
    {
        var (status, problem) = await PostRawAsync(Url, "{\"action\": {\"values\": {}}}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("An action needs a name, such as \"dialog.submit\" or \"command\".", problem!.Detail);
    }

    [Fact]
    public async Task OversizedBody_Is413ProblemDetails()
    {
        var (status, problem) = await PostRawAsync(Url, $"{{\"text\": \"{new string('x', 70_000)}\"}}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("The request body is larger than 65,536 bytes.", problem!.Detail);
    }

    [Fact]
    public async Task UnknownPerson_Is404ProblemDetails()
    {
        var (status, problem) = await PostRawAsync("/api/webchat/conversations/dm-ghost/messages?as=ghost", "{\"text\":\"help\"}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("There is no web chat person 'ghost'. Pick one from GET /api/webchat/people.", problem!.Detail);

        var r = await _host.CreateClient().GetAsync("/api/webchat/people/ghost/conversations");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
    }

    [Fact]
    public async Task MissingAs_Is400ProblemDetails()
    {
        var (status, problem) = await PostRawAsync("/api/webchat/conversations/dm-acme-jane/messages", "{\"text\":\"help\"}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Who is asking?", problem!.Title);
    }

    [Fact]
    public async Task AnotherPersonsDirectMessages_AreNotReachable()
    {
        var (status, _) = await PostRawAsync("/api/webchat/conversations/dm-acme-jane/messages?as=borealis-lena", "{\"text\":\"help\"}");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task UnknownButton_GetsASentence()
    {
        var reply = await _host.Chat("acme-jane").ActAsync("nothing.here", new Dictionary<string, string>());
        Assert.Contains("That button no longer does anything.", reply[^1].Html);
    }

    [Fact]
    public async Task Markup_IsShownAsText_NeverInterpreted()
    {
        var reply = await _host.Chat("acme-jane").SayAsync("<script>alert(1)</script> <!channel> @here");
        Assert.Equal("<script>alert(1)</script> <!channel> @here", reply[0].Text); // the page sets it as text
        Assert.Null(reply[0].Html);
        Assert.DoesNotContain("<script>", string.Concat(reply.Select(m => m.Html)));
    }

    [Fact]
    public async Task FormForAnExpiredDialog_IsRefused_EvenWithAForgedId()
    {
        var reply = await _host.Chat("acme-jane").ActAsync("dialog.submit", new Dictionary<string, string>
        {
            ["dialog"] = "0123456789abcdef", ["timeZone"] = "UTC",
        });
        Assert.Contains("That form is no longer open", reply[^1].Html);
        Assert.Equal(0, await StateCountAsync());
    }
}
