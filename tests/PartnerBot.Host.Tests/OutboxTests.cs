using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Conversations;
using PartnerBot.Notifications;
using PartnerBot.People;
using PartnerBot.Storage;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

public sealed class OutboxTests : IDisposable
{
    /// <summary>A channel at the edge that answers what the test tells it to.</summary>
    private sealed class ScriptedSender : IChannelSender
    {
        public System.Collections.Concurrent.ConcurrentQueue<DeliveryResult> Script { get; } = new();
        // Several workers send at once: record thread-safely.
        public System.Collections.Concurrent.ConcurrentQueue<long> Sent { get; } = new();
        public string Channel => "scripted";
        public Task<bool> CanReachAsync(Person recipient, CancellationToken ct) => Task.FromResult(true);

        public Task<DeliveryResult> SendAsync(long outboxMessageId, Person recipient, Reply reply, CancellationToken ct)
        {
            Sent.Enqueue(outboxMessageId);
            return Task.FromResult(Script.TryDequeue(out var next) ? next : DeliveryResult.Delivered);
        }
    }

    private readonly ScriptedSender _sender = new();
    private readonly TestHost _host;

    public OutboxTests() =>
        _host = new TestHost(services: s => s.AddSingleton<IChannelSender>(_sender));

    public void Dispose() => _host.Dispose();

    private async Task<long> QueueAsync(string person, string text, string? channel = "scripted")
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
        var m = channel is null ? notifier.Queue(person, Reply.Text(text)) : notifier.QueueVia(person, Reply.Text(text), channel);
        await db.SaveChangesAsync();
        return m.Id;
    }

    /// <summary>Queues a message for a cause in its own unit of work, as a turn or a job does. Returns whether it queued.</summary>
    private async Task<bool> QueueOnceAsync(string person, string text, string cause)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        var queued = await scope.ServiceProvider.GetRequiredService<Notifier>().QueueOnceAsync(person, Reply.Text(text), cause, CancellationToken.None);
        await db.SaveChangesAsync();
        return queued;
    }

    private Task<OutboxMessage> RowAsync(long id) => _host.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id));

    [Fact]
    public async Task RetryAfter_IsHonoured_ThenDelivered()
    {
        _sender.Script.Enqueue(DeliveryResult.Retry("429 rate limited", TimeSpan.FromSeconds(30)));
        var id = await QueueAsync("rep-maya", "Approval needed");

        await _host.DeliverOutboxAsync();
        var row = await RowAsync(id);
        Assert.Null(row.DeliveredAt);
        Assert.Equal(TestHost.DefaultNow + TimeSpan.FromSeconds(30), row.NextAttemptAt);
        Assert.Equal("429 rate limited", row.LastError);

        _host.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await _host.DeliverOutboxAsync());
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await _host.DeliverOutboxAsync());
        row = await RowAsync(id);
        Assert.NotNull(row.DeliveredAt);
        Assert.Equal(2, row.Attempts);
        Assert.Equal([id, id], _sender.Sent);
    }

    [Fact]
    public async Task Backoff_Doubles_WithoutRetryAfter()
    {
        _sender.Script.Enqueue(DeliveryResult.Retry("503"));
        _sender.Script.Enqueue(DeliveryResult.Retry("503"));
        var id = await QueueAsync("rep-maya", "x");

        await _host.DeliverOutboxAsync();
        Assert.Equal(TestHost.DefaultNow + TimeSpan.FromSeconds(5), (await RowAsync(id)).NextAttemptAt);
        _host.Clock.Advance(TimeSpan.FromSeconds(5));
        await _host.DeliverOutboxAsync();
        Assert.Equal(TestHost.DefaultNow + TimeSpan.FromSeconds(5 + 10), (await RowAsync(id)).NextAttemptAt);
    }

    [Fact]
    public async Task GivesUp_AfterMaxAttempts_AndKeepsTheReason()
    {
        for (var i = 0; i < 20; i++) _sender.Script.Enqueue(DeliveryResult.Retry("503 unavailable"));
        var id = await QueueAsync("rep-maya", "x");

        for (var i = 0; i < 10; i++)
        {
            await _host.DeliverOutboxAsync();
            _host.Clock.Advance(TimeSpan.FromHours(2));
        }
        var row = await RowAsync(id);
        Assert.NotNull(row.FailedAt);
        Assert.Null(row.DeliveredAt);
        Assert.Equal(8, row.Attempts);
        Assert.Equal("503 unavailable", row.LastError);
    }

    [Fact]
    public async Task PermanentFailure_IsNotRetried()
    {
        _sender.Script.Enqueue(DeliveryResult.Fail("channel_not_found"));
        var id = await QueueAsync("rep-maya", "x");
        await _host.DeliverOutboxAsync();
        _host.Clock.Advance(TimeSpan.FromHours(2));
        await _host.DeliverOutboxAsync();
        Assert.Single(_sender.Sent);
        Assert.Equal("channel_not_found", (await RowAsync(id)).LastError);
    }

    [Fact]
    public async Task SameCause_QueuedTwiceInOneSave_IsOneMessage()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
        Assert.True(await notifier.QueueOnceAsync("rep-maya", Reply.Text("a"), "deal:1:review", CancellationToken.None));
        Assert.False(await notifier.QueueOnceAsync("rep-maya", Reply.Text("a"), "deal:1:review", CancellationToken.None));
        await db.SaveChangesAsync();
        Assert.Equal(1, await db.Outbox.CountAsync());
    }

    [Fact]
    public async Task SameCause_QueuedAgainLater_BeforeOrAfterDelivery_IsNotQueuedAgain()
    {
        Assert.True(await QueueOnceAsync("rep-maya", "Review DR-2 for Acme", "deal-review:DR-2:rep-maya"));
        Assert.False(await QueueOnceAsync("rep-maya", "Review DR-2 for Acme", "deal-review:DR-2:rep-maya"));
        Assert.True(await QueueOnceAsync("rep-arjun", "Review DR-2 for Acme", "deal-review:DR-2:rep-arjun")); // another recipient, another cause
        await _host.DeliverOutboxAsync();
        Assert.False(await QueueOnceAsync("rep-maya", "Review DR-2 for Acme", "deal-review:DR-2:rep-maya"));
        Assert.Equal(2, await _host.WithDbAsync(db => db.Outbox.CountAsync(m => m.DedupeKey!.StartsWith("deal-review:DR-2:"))));
    }

    [Fact]
    public async Task SameCause_WrittenTwiceAroundTheNotifier_IsRefusedByTheDatabase()
    {
        // The last guard, for two hosts that both checked before either saved: the unique index on the dedupe key.
        Assert.True(await QueueOnceAsync("rep-maya", "a", "deal:3:review"));
        await Assert.ThrowsAsync<DbUpdateException>(() => _host.WithDbAsync(db =>
        {
            db.Outbox.Add(new OutboxMessage
            {
                RecipientPersonId = "rep-maya", ReplyJson = "{}", DedupeKey = "deal:3:review",
                CreatedAt = TestHost.DefaultNow, NextAttemptAt = TestHost.DefaultNow,
            });
            return db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task TwoWorkers_NeverDeliverTheSameMessage()
    {
        for (var i = 0; i < 30; i++) await QueueAsync("rep-maya", $"m{i}");
        var dispatcher = _host.Services.GetRequiredService<OutboxDispatcher>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (await dispatcher.DispatchDueAsync(CancellationToken.None) > 0) { }
        })));
        Assert.Equal(30, _sender.Sent.Count);
        Assert.Equal(30, _sender.Sent.Distinct().Count());
        Assert.Equal(30, await _host.WithDbAsync(db => db.Outbox.CountAsync(m => m.DeliveredAt != null)));
    }

    [Fact]
    public async Task PreferredChannel_IsUsed_ElseLastSeen_ElseAnyThatReaches()
    {
        var id = await QueueAsync("acme-jane", "hello", channel: null);
        await _host.WithDbAsync(async db =>
        {
            (await db.People.SingleAsync(p => p.Id == "acme-jane")).Preferences.NotifyChannel = "web";
            return await db.SaveChangesAsync();
        });
        await _host.DeliverOutboxAsync();
        Assert.Equal("web", (await RowAsync(id)).DeliveredVia);
        Assert.Empty(_sender.Sent);
    }

    [Fact]
    public async Task UnknownRecipient_Fails_WithAReason()
    {
        var id = await QueueAsync("nobody", "x", channel: null);
        await _host.DeliverOutboxAsync();
        var row = await RowAsync(id);
        Assert.NotNull(row.FailedAt);
        Assert.Equal("No person 'nobody'.", row.LastError);
    }
}
