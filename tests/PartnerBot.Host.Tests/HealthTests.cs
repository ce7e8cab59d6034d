using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Conversations;
using PartnerBot.Notifications;
using PartnerBot.Observability;
using PartnerBot.Storage;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

/// <summary>
/// /healthz as a load balancer and an on-call engineer read it: the database, and how long the oldest undelivered
/// message has waited (Degraded past Health:MaxUndeliveredAge), in counts and ages that name nobody.
/// </summary>
public sealed class HealthTests : IDisposable
{
    private readonly TestHost _host = new(settings: new Dictionary<string, string?> { ["Health:MaxUndeliveredAge"] = "00:10:00" });

    public void Dispose() => _host.Dispose();

    private async Task<(HttpStatusCode Status, string Body, JsonElement Queues)> HealthAsync()
    {
        var response = await _host.CreateClient().GetAsync("/healthz");
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        return (response.StatusCode, body, json.RootElement.GetProperty("checks").GetProperty("queues").Clone());
    }

    private Task<int> WaitingAsync() => _host.WithDbAsync(db => db.Outbox.CountAsync(m => m.DeliveredAt == null && m.FailedAt == null));

    [Fact]
    public async Task AMessageWaitingPastTheThreshold_MakesTheHostDegraded_WithoutNamingWhoOrWhat()
    {
        // A partner's approval waits in the outbox: the channel it must go through is down (nothing delivers it).
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Notifier>()
                .QueueVia("lotus-wei", Reply.Text("已批准：Zenith Robotics Inc 已登记给贵公司。"), "teams");
            await scope.ServiceProvider.GetRequiredService<PartnerBotDb>().SaveChangesAsync();
        }
        var waiting = await WaitingAsync();

        _host.Clock.Advance(TimeSpan.FromMinutes(9));
        var (status, body, queues) = await HealthAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", queues.GetProperty("status").GetString());
        Assert.Equal(waiting, queues.GetProperty("data").GetProperty("outboxDepth").GetInt32());
        Assert.Equal(540, queues.GetProperty("data").GetProperty("outboxOldestAgeSeconds").GetDouble());

        _host.Clock.Advance(TimeSpan.FromMinutes(2));
        (status, body, queues) = await HealthAsync();

        // Degraded, not down: the host still answers (a balancer keeps it), and says what to look at.
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
        Assert.Equal("Degraded", queues.GetProperty("status").GetString());
        Assert.Contains("has waited 0.00:11:00, more than Health:MaxUndeliveredAge (0.00:10:00)", queues.GetProperty("description").GetString());
        Assert.Equal(660, queues.GetProperty("data").GetProperty("outboxOldestAgeSeconds").GetDouble());
        foreach (var secret in new[] { "lotus-wei", "Lotus", "Zenith", "已批准", "teams" })
            Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task InboxDeliveriesNotYetAnswered_CountAsWaiting_AnsweredAndFailedOnesDoNot()
    {
        var now = _host.Clock.GetUtcNow();
        await _host.WithDbAsync(async db =>
        {
            // Due tomorrow, so the running worker leaves them alone; only their state and arrival matter here.
            InboxItem Row(string id, InboxState state, TimeSpan ago) => new()
            {
                Channel = Channels.Slack, DeliveryId = id, Kind = "event", Payload = "{}", State = state,
                ReceivedAt = now - ago, NextAttemptAt = now + TimeSpan.FromDays(1),
            };
            db.Inbox.AddRange(
                Row("Ev-received", InboxState.Received, TimeSpan.FromMinutes(3)),
                Row("Ev-answered", InboxState.Answered, TimeSpan.FromMinutes(30)),
                Row("Ev-done", InboxState.Done, TimeSpan.FromHours(5)),
                Row("Ev-failed", InboxState.Failed, TimeSpan.FromHours(6)));
            return await db.SaveChangesAsync();
        });

        var snapshot = await _host.WithDbAsync(db => QueueSnapshot.ReadAsync(db, CancellationToken.None));
        Assert.Equal(2, snapshot.InboxDepth);
        Assert.Equal(TimeSpan.FromMinutes(30), snapshot.InboxOldestAge(now));

        var (_, _, queues) = await HealthAsync();
        Assert.Equal("Degraded", queues.GetProperty("status").GetString());
        Assert.Equal(2, queues.GetProperty("data").GetProperty("inboxDepth").GetInt32());
        Assert.Equal(1800, queues.GetProperty("data").GetProperty("inboxOldestAgeSeconds").GetDouble());
    }

    [Fact]
    public async Task NothingWaiting_IsHealthy()
    {
        await _host.DeliverOutboxAsync();
        Assert.Equal(0, await WaitingAsync());
        var (_, body, queues) = await HealthAsync();
        Assert.Equal("Nothing waits to be delivered.", queues.GetProperty("description").GetString());
        Assert.Equal(0, queues.GetProperty("data").GetProperty("outboxDepth").GetInt32());
        Assert.Equal("Healthy", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
    }
}
