using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PartnerBot.Conversations;
using PartnerBot.Notifications;
using PartnerBot.Testing;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// The real host as a process, killed with SIGKILL at the worst moments and started again on the same database:
/// every request it acknowledged is answered exactly once at the (fake) Slack API, and nothing meant for Slack ends
/// up in the web chat. "Answered" means the API answered the call to a host still there to read it.
/// </summary>
public sealed class SlackCrashTests : IAsyncLifetime
{
    private FakeSlack _slack = null!;
    private readonly DrillDatabase _db = new();

    public async Task InitializeAsync() => _slack = await FakeSlack.StartAsync();

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        _db.Dispose();
    }

    private Dictionary<string, string> Settings => new(TestHost.QuietJobs(PartnerBot.Notifications.OutboxDispatcher.JobName))
    {
        ["Slack:SigningSecret"] = SlackTestHost.Secret,
        ["Slack:BotToken"] = SlackTestHost.BotToken,
        ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl.ToString(),
        // A claim by the killed host runs out quickly, so the restarted one takes its work over.
        ["Inbox:Lease"] = "00:00:02",
        ["Inbox:FirstRetryDelay"] = "00:00:01",
        // A send is cut off at three quarters of the lease and sent again: 3 s, so a CPU-starved CI machine's slow but
        // answered post is not cut off (and posted twice, as it would be in Slack).
        ["Outbox:Lease"] = "00:00:04",
        ["Jobs:Outbox:Interval"] = "00:00:00.200",
        // The drill counts its own messages: jobs that run on the wall clock (a digest or reminder that falls due while
        // the drill runs) would add deliveries of their own, to people this host cannot reach.
    };

    private static readonly string[] Words = ["help", "bantuan", "pomoc", "帮助", "menu", "菜单"];

    [Fact]
    public async Task KilledRightAfterAcknowledgingCommands_EveryCommandIsAnsweredOnce_AfterRestart()
    {
        const int n = 20;
        var host = await StartHoldingSlacksAnswersAsync();
        var acks = await Task.WhenAll(Enumerable.Range(0, n).Select(i => PostCommandAsync(host, i)));
        Assert.All(acks, s => Assert.Equal(HttpStatusCode.OK, s));
        await KillAndReleaseAsync(host);

        await using var again = await RestartUntilAnsweredAsync(Enumerable.Range(0, n));

        for (var i = 0; i < n; i++) Assert.Equal(1, AnsweredIn(Channel(i)));
        Assert.Equal(0, await _db.CountAsync("""SELECT COUNT(*) FROM "WebChatMessages" """));
    }

    /// <summary>
    /// Killed while a burst of commands is being acknowledged, some answered, some in flight: every command that got its
    /// 200 was stored before it (the restarted host answers it once), and one that did not is answered at most once.
    /// </summary>
    [Fact]
    public async Task KilledInTheMiddleOfABurstOfCommands_EveryAcknowledgedOneIsAnsweredOnce_AfterRestart()
    {
        const int n = 40;
        var host = await StartHoldingSlacksAnswersAsync();
        var quarter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var acknowledged = 0;
        var sends = Enumerable.Range(0, n).Select(i => Task.Run(async () =>
        {
            try
            {
                var status = await PostCommandAsync(host, i);
                if (status == HttpStatusCode.OK && Interlocked.Increment(ref acknowledged) == n / 4) quarter.TrySetResult();
                return (HttpStatusCode?)status;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                return null; // in flight when the host died: no answer, so Slack would send it again
            }
        })).ToList();
        await Task.WhenAny(quarter.Task, Task.WhenAll(sends));
        await KillAndReleaseAsync(host);
        var statuses = await Task.WhenAll(sends);
        Assert.All(statuses, s => Assert.True(s is null or HttpStatusCode.OK, $"answered {s}"));
        var acked = Enumerable.Range(0, n).Where(i => statuses[i] == HttpStatusCode.OK).ToList();
        Assert.True(acked.Count >= n / 4, $"{acked.Count} acknowledged");

        await using var again = await RestartUntilAnsweredAsync(acked);

        foreach (var i in acked) Assert.Equal(1, AnsweredIn(Channel(i)));
        Assert.All(Enumerable.Range(0, n), i => Assert.InRange(AnsweredIn(Channel(i)), 0, 1));
    }

    [Fact]
    public async Task KilledInTheMiddleOfOutboxDelivery_EveryMessageIsDeliveredOnce_NoneToTheWebChat()
    {
        const int n = 30;
        var host = await HostProcess.StartAsync(_db.Path, Settings);
        // Slack-only partners (every one of them also has a web identity they never used).
        string[] people = ["acme-jane", "kedai-aisyah", "lotus-wei", "wisla-piotr", "pioneer-dana"];
        // After a third of the messages, every call is held: the host is killed with a delivery in flight.
        _slack.HoldAfterPosts = n / 3;
        await QueueAsync(Enumerable.Range(0, n).Select(k => (people[k % people.Length], Text(k))));
        await host.WaitUntilAsync(() => Task.FromResult(_slack.Holding > 0), Describe); // one delivery is in flight now
        await host.KillAsync();
        await _slack.ReleaseHoldOfGoneCallerAsync();
        var before = DeliveredTexts().Count;
        Assert.InRange(before, n / 3, n - 1);

        await using var again = await HostProcess.StartAsync(_db.Path, Settings);
        await again.WaitUntilAsync(async () => await _db.CountAsync("""SELECT COUNT(*) FROM "Outbox" WHERE "DeliveredAt" IS NULL AND "FailedAt" IS NULL""") == 0, Describe);

        var delivered = DeliveredTexts();
        for (var k = 0; k < n; k++) Assert.True(delivered.Count(t => t == Text(k)) == 1, $"{Text(k)} delivered {delivered.Count(t => t == Text(k))} times. {await _db.DescribeOutboxAsync()}");
        Assert.Equal(n, await _db.CountAsync("""SELECT COUNT(*) FROM "Outbox" WHERE "DeliveredVia" = 'slack'"""));
        Assert.Equal(0, await _db.CountAsync("""SELECT COUNT(*) FROM "WebChatMessages" """));
    }

    /// <summary>The host, with Slack's answers held: it is killed with turns half done and posts in flight.</summary>
    private async Task<HostProcess> StartHoldingSlacksAnswersAsync()
    {
        var host = await HostProcess.StartAsync(_db.Path, Settings);
        _slack.Hold = new TaskCompletionSource();
        return host;
    }

    private async Task KillAndReleaseAsync(HostProcess host)
    {
        await host.KillAsync();
        await _slack.ReleaseHoldOfGoneCallerAsync();
        Assert.Empty(_slack.Answered); // nothing was answered, before the kill or after it
    }

    /// <summary>The host started again on the same database, once the inbox is empty and each of these channels answered.</summary>
    private async Task<HostProcess> RestartUntilAnsweredAsync(IEnumerable<int> channels)
    {
        var again = await HostProcess.StartAsync(_db.Path, Settings);
        try
        {
            await again.WaitUntilAsync(async () => await PendingInboxAsync() == 0 && channels.All(i => AnsweredIn(Channel(i)) > 0), Describe);
            return again;
        }
        catch
        {
            await again.DisposeAsync();
            throw;
        }
    }

    private static string Channel(int i) => $"C0DRILL{i:00}";
    private static string Text(int k) => $"Drill message {k:00}.";

    private int AnsweredIn(string channel) =>
        _slack.Answered.Count(c => c.Method is "chat.postMessage" or "chat.postEphemeral" && c.Channel == channel);

    private List<string> DeliveredTexts() =>
        _slack.Answered.Where(c => c.Method == "chat.postMessage")
            .Select(c => System.Text.RegularExpressions.Regex.Match(c.BlocksJson, @"Drill message \d\d\.").Value)
            .Where(t => t.Length > 0).ToList();

    private async Task<HttpStatusCode> PostCommandAsync(HostProcess host, int i)
    {
        var form = SlackTestHost.Command("T0ACMEINT", "U0ACMEJANE", Words[i % Words.Length], Channel(i));
        var body = SlackTestHost.Form(form);
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "slack/commands") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.Headers.Add("X-Slack-Request-Timestamp", ts);
        request.Headers.Add("X-Slack-Signature", SlackRequestVerifier.Sign(SlackTestHost.Secret, ts, Encoding.UTF8.GetBytes(body)));
        using var response = await host.Http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task QueueAsync(IEnumerable<(string Person, string Text)> messages)
    {
        var now = DateTimeOffset.UtcNow.UtcTicks;
        foreach (var (person, text) in messages)
            await _db.ExecuteAsync("""
                INSERT INTO "Outbox" ("RecipientPersonId", "ReplyJson", "CreatedAt", "NextAttemptAt", "Attempts") VALUES (@p, @r, @now, @now, 0);
                """, ("p", person), ("r", JsonSerializer.Serialize(Reply.Text(text), Notifier.Json)), ("now", now));
    }

    private Task<long> PendingInboxAsync() => _db.CountAsync("""SELECT COUNT(*) FROM "Inbox" WHERE "State" IN ('Received', 'Answered')""");

    private async Task<string> Describe() =>
        $"{await _db.DescribeInboxAsync()}answered: {string.Join(", ", _slack.Answered.Select(c => $"{c.Method} {c.Channel}"))}";
}
