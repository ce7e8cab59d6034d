using System.Text.RegularExpressions;
using PartnerBot.Conversations;
using PartnerBot.Notifications;
using PartnerBot.Storage;
using PartnerBot.Testing;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// Issue 14, point 3: two real host processes on one database (the suite's provider: under .ci/run's second pass, one
/// PostgreSQL database), both running the outbox against a slow Slack. Each host talks to its own fake Slack, so the
/// drill knows which host sent what. A batch takes longer than the lease: the holder renews its claim before each send,
/// and a host that lost a claim neither sends nor records it. Killed mid-send, a host's messages go out from the other.
/// </summary>
public sealed class TwoHostOutboxDrillTests : IAsyncLifetime
{
    private readonly DrillDatabase _db = new();
    private FakeSlack _slackA = null!;
    private FakeSlack _slackB = null!;

    // Slack-only partners (each also has a web identity they never used).
    private static readonly string[] People = ["acme-jane", "kedai-aisyah", "lotus-wei", "wisla-piotr", "pioneer-dana"];

    public async Task InitializeAsync()
    {
        _slackA = await FakeSlack.StartAsync();
        _slackB = await FakeSlack.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _slackA.DisposeAsync();
        await _slackB.DisposeAsync();
        _db.Dispose();
    }

    private static Dictionary<string, string> Settings(FakeSlack slack) => new(TestHost.QuietJobs(PartnerBot.Notifications.OutboxDispatcher.JobName))
    {
        ["Slack:SigningSecret"] = SlackTestHost.Secret,
        ["Slack:BotToken"] = SlackTestHost.BotToken,
        ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
        // A batch of 20 at a second a post takes twice the lease: without renewal the other host would take its tail.
        ["Outbox:Lease"] = "00:00:10",
        ["Outbox:BatchSize"] = "20",
        ["Jobs:Outbox:Interval"] = "00:00:00.200",
        // Only the drill's messages: jobs on the wall clock would queue deliveries of their own.
    };

    [Fact]
    public async Task TwoHostsAndASlowSlack_EveryMessageQueuedOnceIsSentOnce()
    {
        const int n = 30;
        _slackA.PostDelay = _slackB.PostDelay = TimeSpan.FromSeconds(1);
        var (a, b) = await StartBothAsync();
        await using var first = a;
        await using var second = b;

        await QueueAsync(n);
        await first.WaitUntilAsync(async () => await UndeliveredAsync() == 0, Describe);

        var sent = Sent(_slackA).Concat(Sent(_slackB)).ToList();
        for (var k = 0; k < n; k++) Assert.True(sent.Count(t => t == Text(k)) == 1, $"{Text(k)} sent {sent.Count(t => t == Text(k))} times. {await Describe()}");
        Assert.Equal(n, await _db.CountAsync("""SELECT COUNT(*) FROM "Outbox" WHERE "DeliveredVia" = 'slack'"""));
    }

    [Fact]
    public async Task OneOfTwoHostsKilledMidSend_TheOtherSendsWhatItHeld_NothingLostNothingTwice()
    {
        const int n = 30;
        _slackA.PostDelay = _slackB.PostDelay = TimeSpan.FromMilliseconds(300);
        // Host A's Slack answers three posts, then holds every call: A is killed with its fourth send in flight.
        _slackA.HoldAfterPosts = 3;
        var (a, b) = await StartBothAsync();
        await using var doomed = a;
        await using var survivor = b;

        await QueueAsync(n);
        await doomed.WaitUntilAsync(() => Task.FromResult(_slackA.Hold is not null && _slackA.Holding > 0), Describe);
        await doomed.KillAsync();
        await _slackA.ReleaseHoldOfGoneCallerAsync(); // too late: the caller is gone, so the held send is never answered
        var byA = Sent(_slackA);

        await survivor.WaitUntilAsync(async () => await UndeliveredAsync() == 0, Describe);
        var sent = byA.Concat(Sent(_slackB)).ToList();
        for (var k = 0; k < n; k++) Assert.True(sent.Count(t => t == Text(k)) == 1, $"{Text(k)} sent {sent.Count(t => t == Text(k))} times. {await Describe()}");
        Assert.NotEmpty(byA);
        Assert.Equal(n, await _db.CountAsync("""SELECT COUNT(*) FROM "Outbox" WHERE "DeliveredVia" = 'slack'"""));
        Assert.Equal(0, await _db.CountAsync("""SELECT COUNT(*) FROM "WebChatMessages" """));
    }

    /// <summary>Both hosts start together on the fresh database (one migrates and loads, the other waits), each with its own Slack.</summary>
    private async Task<(HostProcess A, HostProcess B)> StartBothAsync()
    {
        var a = HostProcess.StartAsync(_db.Path, Settings(_slackA));
        var b = HostProcess.StartAsync(_db.Path, Settings(_slackB));
        try
        {
            await Task.WhenAll(a, b);
        }
        catch
        {
            if (a.IsCompletedSuccessfully) await (await a).DisposeAsync();
            if (b.IsCompletedSuccessfully) await (await b).DisposeAsync();
            throw;
        }
        return (await a, await b);
    }

    private static string Text(int k) => $"Drill message {k:00}.";

    /// <summary>The drill's messages a fake Slack answered to a host still there to read the answer.</summary>
    private static List<string> Sent(FakeSlack slack) =>
        slack.Answered.Where(c => c.Method == "chat.postMessage")
            .Select(c => Regex.Match(c.BlocksJson, @"Drill message \d\d\.").Value)
            .Where(t => t.Length > 0).ToList();

    /// <summary>Queued as a turn or a job queues them: rows in the outbox, due now, in one transaction.</summary>
    private async Task QueueAsync(int n)
    {
        await using var db = StorageProviders.CreateContext(TestStorage.Settings(_db.Path));
        var now = DateTimeOffset.UtcNow;
        for (var k = 0; k < n; k++)
            db.Outbox.Add(new OutboxMessage
            {
                RecipientPersonId = People[k % People.Length],
                ReplyJson = System.Text.Json.JsonSerializer.Serialize(Reply.Text(Text(k)), Notifier.Json),
                CreatedAt = now,
                NextAttemptAt = now,
            });
        await db.SaveChangesAsync();
    }

    private Task<long> UndeliveredAsync() => _db.CountAsync("""SELECT COUNT(*) FROM "Outbox" WHERE "DeliveredAt" IS NULL AND "FailedAt" IS NULL""");

    private async Task<string> Describe() =>
        $"undelivered: {await UndeliveredAsync()}; host A sent {string.Join(", ", Sent(_slackA))}; host B sent {string.Join(", ", Sent(_slackB))}\n{await _db.DescribeOutboxAsync()}";
}
