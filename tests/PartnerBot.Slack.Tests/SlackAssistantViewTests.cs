using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Conversations;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// Slack's assistant split view, with the payloads Slack sends: a new thread gets a greeting and suggested prompts
/// for the person's role and language; a message in the thread shows a status while the answer is worked out and is
/// answered in the thread; the App Home lists the same prompts.
/// </summary>
public sealed class SlackAssistantViewTests
{
    private const string Thread = "1700000500.000100";

    /// <summary>
    /// The event names only the user: their home team comes from users.info, as for any event without it (a partner's
    /// Slack Connect account lives in their own company's workspace).
    /// </summary>
    private static JsonObject ThreadStarted(SlackTestHost t, string team, string user, string dm, string eventId)
    {
        t.Slack.Users[user] = (team, team != SlackTestHost.VendorTeam);
        var body = SlackTestHost.MessageIm(team, user, "", eventId, dm);
        body["event"] = new JsonObject
        {
            ["type"] = "assistant_thread_started",
            ["assistant_thread"] = new JsonObject
            {
                ["user_id"] = user, ["channel_id"] = dm, ["thread_ts"] = Thread,
                ["context"] = new JsonObject { ["channel_id"] = "C0SHAREDACME", ["team_id"] = team, ["enterprise_id"] = null },
            },
            ["event_ts"] = "1700000500.000200",
        };
        return body;
    }

    private static JsonObject InThread(string team, string user, string dm, string text, string eventId)
    {
        var body = SlackTestHost.MessageIm(team, user, text, eventId, dm);
        body["event"]!["thread_ts"] = Thread;
        body["event"]!["ts"] = "1700000600.000100";
        return body;
    }

    private static List<string> PromptMessages(SlackCall call) =>
        call.Args["prompts"]!.AsArray().Select(p => p!["message"]!.ToString()).ToList();

    [Theory]
    [InlineData("T0ACMEINT", "U0ACMEJANE", "D0DMJANE", "Hi Jane Porter! Ask me anything", "Try these", "how do I reach Gold?", "my deals")]
    [InlineData("T0WISLASYS", "U0WISLAPIOTR", "D0DMPIOTR", "Zapytaj mnie o cokolwiek", "Wypróbuj", "jak osiągnąć poziom Gold?", "moje transakcje")]
    [InlineData("T0LOTUSCLD", "U0LOTUSWEI", "D0DMWEI", "你好！关于合作伙伴计划", "试试这些", "怎样才能升到 Gold 等级？", "我的商机")]
    [InlineData("T0KEDAIAWAN", "U0KEDAISYAH", "D0DMAISYAH", "Tanya saya apa-apa", "Cuba ini", "bagaimana mencapai tahap Gold?", "urusan saya")]
    public async Task ThreadStarted_GreetsInTheThread_AndSuggestsPromptsInTheirLanguage(
        string team, string user, string dm, string greeting, string title, string question, string command)
    {
        await using var t = await SlackTestHost.StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await t.PostEventAsync(ThreadStarted(t, team, user, dm, "EvAssist1"))).StatusCode);
        await t.IdleAsync();

        Assert.Empty(t.Host.Services.GetRequiredService<InboxWorker>().Failures);
        var post = Assert.Single(t.Slack.Posts);
        Assert.Equal(dm, post.Channel);
        Assert.Equal(Thread, post.Args["thread_ts"]!.ToString());
        Assert.Contains(greeting, System.Text.RegularExpressions.Regex.Unescape(post.BlocksJson));
        Assert.DoesNotContain(post.Blocks!, b => b!["type"]!.ToString() == "actions"); // a greeting, not the menu
        var prompts = Assert.Single(t.Slack.Calls, c => c.Method == "assistant.threads.setSuggestedPrompts");
        Assert.Equal(dm, prompts.Args["channel_id"]!.ToString());
        Assert.Equal(Thread, prompts.Args["thread_ts"]!.ToString());
        Assert.Equal(title, prompts.Args["title"]!.ToString());
        var messages = PromptMessages(prompts);
        Assert.InRange(messages.Count, 2, 4);
        Assert.Equal(question, messages[0]);
        Assert.Contains(command, messages);
    }

    [Fact]
    public async Task ThreadStarted_ByARep_SuggestsTheRepsCommands_NotThePartners()
    {
        await using var t = await SlackTestHost.StartAsync();

        await t.PostEventAsync(ThreadStarted(t, SlackTestHost.VendorTeam, "U0REPMAYA", "D0MAYA", "EvAssist2"));
        await t.IdleAsync();

        var messages = PromptMessages(Assert.Single(t.Slack.Calls, c => c.Method == "assistant.threads.setSuggestedPrompts"));
        Assert.Contains("review queue", messages);
        Assert.DoesNotContain("register a deal", messages);
    }

    [Fact]
    public async Task MessageInTheThread_ShowsAStatus_ThenIsAnsweredInTheThread()
    {
        await using var t = await SlackTestHost.StartAsync();

        await t.PostEventAsync(InThread("T0WISLASYS", "U0WISLAPIOTR", "D0DMPIOTR", "jak długo chroniona jest rejestracja?", "EvAssist3"));
        await t.IdleAsync();

        var calls = t.Slack.Calls.Where(c => c.Method is "assistant.threads.setStatus" or "chat.postMessage").ToList();
        Assert.Equal("assistant.threads.setStatus", calls[0].Method);
        Assert.Equal("sprawdza…", calls[0].Args["status"]!.ToString());
        Assert.Equal(Thread, calls[0].Args["thread_ts"]!.ToString());
        var answer = Assert.Single(calls, c => c.Method == "chat.postMessage");
        Assert.Equal(Thread, answer.Args["thread_ts"]!.ToString());
        Assert.Equal("D0DMPIOTR", answer.Channel);
    }

    [Fact]
    public async Task StatusRefusedBySlack_TheAnswerStillComes()
    {
        await using var t = await SlackTestHost.StartAsync();
        t.Slack.Script("assistant.threads.setStatus", 200, """{"ok":false,"error":"not_allowed_token_type"}""");

        await t.PostEventAsync(InThread("T0ACMEINT", "U0ACMEJANE", "D0DMJANE", "my deals", "EvAssist4"));
        await t.IdleAsync();

        Assert.Empty(t.Host.Services.GetRequiredService<InboxWorker>().Failures);
        var answer = Assert.Single(t.Slack.Posts);
        Assert.Equal(Thread, answer.Args["thread_ts"]!.ToString());
    }

    [Fact]
    public async Task MessageOutsideAThread_GetsNoStatus()
    {
        await using var t = await SlackTestHost.StartAsync();

        await t.PostEventAsync(SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "my deals", "EvAssist5"));
        await t.IdleAsync();

        Assert.DoesNotContain(t.Slack.Calls, c => c.Method.StartsWith("assistant.", StringComparison.Ordinal));
        Assert.Null(Assert.Single(t.Slack.Posts).Args["thread_ts"]);
    }

    [Fact]
    public async Task AppHome_ListsTheSamePrompts_AsButtonsThatSayThem()
    {
        await using var t = await SlackTestHost.StartAsync();
        await t.PostEventAsync(ThreadStarted(t, "T0ACMEINT", "U0ACMEJANE", "D0DMJANE", "EvAssist6"));
        var home = SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "", "EvAssist7");
        home["event"] = new JsonObject { ["type"] = "app_home_opened", ["user"] = "U0ACMEJANE", ["channel"] = "D0DMJANE", ["tab"] = "home", ["event_ts"] = "1" };
        await t.PostEventAsync(home);
        await t.IdleAsync();

        var prompts = PromptMessages(Assert.Single(t.Slack.Calls, c => c.Method == "assistant.threads.setSuggestedPrompts"));
        var view = Assert.Single(t.Slack.Calls, c => c.Method == "views.publish").BlocksJson;
        Assert.Contains("Try these", view);
        foreach (var prompt in prompts)
            Assert.Contains($"\"text\":\"{prompt}\"", System.Text.RegularExpressions.Regex.Unescape(view));
    }

    [Fact]
    public async Task ThreadStarted_BySomeoneUnknown_GetsOnboardingInTheThread_AndNoPrompts()
    {
        await using var t = await SlackTestHost.StartAsync();

        await t.PostEventAsync(ThreadStarted(t, "T0STRANGER", "U0NOBODY", "D0NOBODY", "EvAssist8"));
        await t.IdleAsync();

        var post = Assert.Single(t.Slack.Posts);
        Assert.Contains("who you are yet", post.BlocksJson);
        Assert.DoesNotContain(t.Slack.Calls, c => c.Method == "assistant.threads.setSuggestedPrompts");
    }
}
