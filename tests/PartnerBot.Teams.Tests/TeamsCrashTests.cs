using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>
/// The real host as a process while the Bot Connector answers 500: every activity is acknowledged (never a 5xx), the
/// replies wait in the inbox, Teams' resends are not new turns, and after a SIGKILL and a restart with the connector
/// back, every conversation gets its answer exactly once.
/// </summary>
public sealed class TeamsCrashTests : IAsyncLifetime
{
    private FakeBotFramework _fake = null!;
    private readonly DrillDatabase _db = new();

    public async Task InitializeAsync() => _fake = await FakeBotFramework.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _db.Dispose();
    }

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Inbox:Lease"] = "00:00:02",
        ["Inbox:FirstRetryDelay"] = "00:00:00.500",
        ["Inbox:MaxRetryDelay"] = "00:00:01",
        ["Inbox:MaxAttempts"] = "1000",
        ["Teams:ConnectorMaxAttempts"] = "1",
        // The drill counts its own messages: jobs that run on the wall clock (a digest or reminder that falls due while
        // the drill runs) would add deliveries of their own, to people this host cannot reach.
        ["Jobs:Digests:Enabled"] = "false",
        ["Jobs:DealReminders:Enabled"] = "false",
        ["Jobs:MdfReminders:Enabled"] = "false",
        ["Jobs:OnboardingNudges:Enabled"] = "false",
        ["Jobs:Leads:Enabled"] = "false",
        ["Jobs:Commission:Enabled"] = "false",
    };

    [Fact]
    public async Task ConnectorAnswering500_ThenKilled_EveryActivityIsAnsweredOnce_AfterRestart()
    {
        const int n = 10;
        string[] words = ["help", "bantuan", "pomoc", "帮助", "menu"];
        var activities = Enumerable.Range(0, n)
            .Select(i => Demo.Message(_fake.ServiceUrl, words[i % words.Length], conversationId: Conversation(i), id: $"drill-{i:00}")).ToList();
        _fake.AlwaysFail = 500;
        var host = await HostProcess.StartAsync(_db.Path, Settings);

        var first = await Task.WhenAll(activities.Select(a => PostAsync(host, a)));
        Assert.All(first, s => Assert.Equal(HttpStatusCode.OK, s));
        await host.WaitUntilAsync(() => Task.FromResult(_fake.Requests.Count >= n), Describe); // every reply was tried, and refused
        // Teams resends what it thinks was lost: acknowledged again, never a second turn.
        var resent = await Task.WhenAll(activities.Select(a => PostAsync(host, a)));
        Assert.All(resent, s => Assert.Equal(HttpStatusCode.OK, s));
        await host.KillAsync();
        Assert.Empty(_fake.Answered);

        _fake.AlwaysFail = null;
        await using var again = await HostProcess.StartAsync(_db.Path, Settings);
        await again.WaitUntilAsync(async () => Enumerable.Range(0, n).All(i => Replies(i) > 0) && await PendingAsync() == 0, Describe);

        for (var i = 0; i < n; i++) Assert.Equal(1, Replies(i));
        Assert.Equal(n, await _db.CountAsync("""SELECT COUNT(*) FROM "Inbox" WHERE "Channel" = 'teams' AND "State" = 'Done'"""));
        Assert.Equal(0, await _db.CountAsync("""SELECT COUNT(*) FROM "WebChatMessages" """));
    }

    private static string Conversation(int i) => $"a:drill-{i:00}";

    private int Replies(int i) => _fake.Answered.Count(a =>
        a.Path.Contains(Uri.EscapeDataString(Conversation(i)), StringComparison.Ordinal) && a.Activity["type"]?.GetValue<string>() == "message");

    private Task<long> PendingAsync() => _db.CountAsync("""SELECT COUNT(*) FROM "Inbox" WHERE "State" IN ('Received', 'Answered')""");

    private async Task<string> Describe() =>
        $"{await _db.DescribeInboxAsync()}connector answered: {string.Join(", ", _fake.Answered.Select(a => a.Path))}";

    private static async Task<HttpStatusCode> PostAsync(HostProcess host, JsonObject activity)
    {
        using var response = await host.Http.PostAsync(TeamsEndpoints.Path.TrimStart('/'),
            new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }
}
