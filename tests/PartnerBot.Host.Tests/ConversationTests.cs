using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Conversations;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

public sealed class ConversationTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("acme-jane", "Hi Jane Porter! Here&#x27;s what I can do for you and your company:")]
    [InlineData("rep-maya", "Hi Maya Lindqvist! Here&#x27;s what I can do for you and the partners you look after:")]
    [InlineData("mgr-helena", "Hi Helena Kowalczyk! Here&#x27;s what I can do for you across the partner program:")]
    [InlineData("lotus-wei", "Chen Wei，你好！我可以为你和你的公司做这些：")]
    [InlineData("kedai-aisyah", "Hai Nur Aisyah Rahman! Ini yang saya boleh buat untuk anda dan syarikat anda:")]
    public async Task Help_AnswersByRole_InThePersonsLanguage(string person, string intro)
    {
        var reply = await _host.Chat(person).SayAsync("help");
        Assert.Contains(intro, reply[^1].Html);
    }

    [Fact]
    public async Task UnknownSentence_GetsTheClosestCommands_NotTheWholeMenu()
    {
        var reply = await _host.Chat("acme-jane").SayAsync("sing me a song");
        Assert.Equal(2, reply.Count);
        Assert.Contains("Sorry, I didn&#x27;t understand that. Closest:", reply[1].Html);
        Assert.DoesNotContain("what I can do for you", reply[1].Html);
    }

    [Fact]
    public async Task UnknownQuestion_TheAssistantSaysItDoesNotKnow_AndOffersTheRep_WithoutTheMenu()
    {
        var reply = await _host.Chat("acme-jane").SayAsync("can you sing me a song?");
        Assert.Equal(2, reply.Count);
        Assert.Contains("I don&#x27;t know: nothing in the program documents answers that", reply[1].Html);
        Assert.Contains("Ask my partner manager", reply[1].Html);
    }

    [Fact]
    public async Task UnknownChatUser_GetsOnboarding_AndNoData()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var engine = scope.ServiceProvider.GetRequiredService<ConversationEngine>();
        var result = await engine.HandleAsync(new Turn
        {
            User = new ChannelUser("slack", "T0STRANGER", "U0WHO"),
            Conversation = new ConversationAddress("slack", "D0001", ConversationKind.Personal),
            Text = "my deals",
            Locale = "pl-PL",
        });
        var reply = Assert.Single(result.Replies);
        Assert.Null(result.Actor);
        Assert.Equal(Visibility.Asker, reply.Visibility);
        Assert.StartsWith("Cześć! Jestem PartnerBot", reply.ToPlainText());
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<Storage.PartnerBotDb>().DialogStates.CountAsync());
    }

    [Fact]
    public async Task PrivateReply_InASharedChannel_IsSeenOnlyByTheAsker()
    {
        var jane = _host.Chat("acme-jane", "org-acme");
        var tom = _host.Chat("acme-tom", "org-acme");
        await jane.SayAsync("help");
        var form = await jane.SayAsync("settings");

        Assert.True(form[^1].Private);
        var janeSees = await jane.ReadAsync();
        var tomSees = await tom.ReadAsync();
        Assert.Equal(4, janeSees.Count);
        Assert.Equal(3, tomSees.Count); // both messages and the public help, not Jane's settings form
        Assert.DoesNotContain(tomSees, m => m.Html?.Contains("Your settings") == true);
        Assert.Contains(tomSees, m => m.Html?.Contains("what I can do for you") == true && !m.Private);
    }

    [Fact]
    public async Task SharedChannels_OnlyForTheirMembers()
    {
        var response = await _host.CreateClient().GetAsync("/api/webchat/conversations/org-acme/messages?as=borealis-lena");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>();
        Assert.Equal("You are not in a conversation 'org-acme'. See GET /api/webchat/people/{id}/conversations.", problem!.Detail);

        var rooms = await _host.CreateClient().GetFromJsonAsync<List<Host.WebChat.WebChatRoomDto>>("/api/webchat/people/rep-maya/conversations");
        Assert.Equal(["dm-rep-maya", "org-acme", "org-borealis", "org-wisla", "team"], rooms!.Select(r => r.Id).Order());
    }

    [Fact]
    public async Task SavingSettings_IsAudited_WithWhoWhenChannelAndWhatChanged()
    {
        var chat = _host.Chat("acme-jane");
        var form = (await chat.SayAsync("settings"))[^1].Html!;
        var data = WebChatClient.ActionData(form, "dialog.submit");
        data["language"] = "en";
        data["timeZone"] = "Asia/Tokyo";
        data["reminders"] = "Off";
        await chat.ActAsync("dialog.submit", data);

        var entry = await _host.WithDbAsync(db => db.AuditLog.SingleAsync(a => a.EntityType == "Person.Preferences" && a.ActorId != "system"));
        Assert.Equal("acme-jane", entry.ActorId);
        Assert.Equal("web", entry.Channel);
        Assert.Equal("acme-jane", entry.EntityId);
        Assert.Equal("Modified", entry.Action);
        Assert.Equal(TestHost.DefaultNow, entry.At);
        Assert.Contains("\"TimeZone\":{\"from\":\"Europe/London\",\"to\":\"Asia/Tokyo\"}", entry.Changes);
        Assert.Contains("\"Reminders\":{\"from\":\"AsTheyHappen\",\"to\":\"Off\"}", entry.Changes);
        Assert.DoesNotContain("Language", entry.Changes); // unchanged fields are not listed
    }

    [Fact]
    public async Task Talking_IsNotAChangeOfState_SoItIsNotAudited()
    {
        await _host.Chat("acme-jane").SayAsync("help");
        Assert.Equal(0, await _host.WithDbAsync(db => db.AuditLog.CountAsync(a => a.ActorId == "acme-jane")));
        Assert.NotNull(await _host.WithDbAsync(db => db.People.Where(p => p.Id == "acme-jane").Select(p => p.LastSeenAt).SingleAsync()));
    }

    [Fact]
    public async Task DemoLoad_IsAuditedAsSystem()
    {
        var entries = await _host.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == "PartnerOrganisation").ToListAsync());
        Assert.Equal(6, entries.Count);
        Assert.All(entries, e => Assert.Equal("system", e.ActorId));
        Assert.Contains(entries, e => e.EntityId == "lotus" && e.Action == "Added" && e.Changes.Contains("\"Tier\":\"Platinum\""));
    }

    [Fact]
    public async Task SameClientMessageId_IsHandledOnce()
    {
        var chat = _host.Chat("acme-jane");
        var first = await chat.SayAsync("settings", clientMessageId: "msg-1");
        var again = await chat.SayAsync("settings", clientMessageId: "msg-1");
        Assert.Equal(2, first.Count);
        Assert.Empty(again);
        Assert.Equal(2, (await chat.ReadAsync()).Count);
    }

    [Fact]
    public async Task Healthz_Answers200_WhenTheDatabaseAnswers()
    {
        var response = await _host.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        var version = body.RootElement.GetProperty("version").GetString();
        Assert.Matches(@"^\d+\.\d+\.\d+", version);
        Assert.Equal(PartnerBot.Host.HostInfo.Version, version);
    }

    [Fact]
    public async Task WebChatPage_IsServedAtTheRoot()
    {
        var html = await _host.CreateClient().GetStringAsync("/");
        Assert.Contains("<title>PartnerBot — web chat</title>", html);
        Assert.Contains("<script src=\"app.js\"></script>", html);
    }
}
