using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Conversations;
using PartnerBot.Notifications;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

/// <summary>Stops the host in the middle of things and starts a new one on the same database.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _db = TestHost.NewDatabasePath();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" }) File.Delete(f);
    }

    [Fact]
    public async Task DialogOpenedBeforeARestart_IsCompletedAfterIt()
    {
        string form;
        using (var before = new TestHost(_db))
            form = (await before.Chat("wisla-piotr").SayAsync("ustawienia"))[^1].Html!;

        using var after = new TestHost(_db);
        var data = WebChatClient.ActionData(form, "dialog.submit");
        data["language"] = "pl";
        data["timeZone"] = "Europe/Berlin";
        data["reminders"] = "Off";
        var reply = await after.Chat("wisla-piotr").ActAsync("dialog.submit", data);

        Assert.Contains("Zapisano.", reply[^1].Html);
        Assert.Contains("Europe/Berlin", reply[^1].Html);
    }

    [Fact]
    public async Task MessageQueuedBeforeARestart_IsDeliveredAfterIt_Once()
    {
        using (var before = new TestHost(_db))
        {
            await using var scope = before.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Storage.PartnerBotDb>();
            Assert.True(await scope.ServiceProvider.GetRequiredService<Notifier>()
                .QueueOnceAsync("kedai-aisyah", Reply.Text("Your registration was approved."), "test:approved:1", CancellationToken.None));
            await db.SaveChangesAsync();
        }

        using var after = new TestHost(_db);
        Assert.Equal(1, await after.DeliverOutboxAsync());
        Assert.Equal(0, await after.DeliverOutboxAsync());

        var inbox = await after.Chat("kedai-aisyah").ReadAsync();
        var delivered = Assert.Single(inbox);
        Assert.Contains("Your registration was approved.", delivered.Html);
        var row = await after.WithDbAsync(db => db.Outbox.SingleAsync());
        Assert.Equal("web", row.DeliveredVia);
        Assert.Equal(1, row.Attempts);
    }

    [Fact]
    public async Task DemoProgram_IsLoadedOnce_AndChangesSurviveARestart()
    {
        int people;
        using (var first = new TestHost(_db))
        {
            people = await first.WithDbAsync(db => db.People.CountAsync());
            await first.WithDbAsync(async db =>
            {
                var jane = await db.People.SingleAsync(p => p.Id == "acme-jane");
                jane.Preferences.TimeZone = "Asia/Tokyo";
                return await db.SaveChangesAsync();
            });
        }
        using var second = new TestHost(_db);
        Assert.Equal(people, await second.WithDbAsync(db => db.People.CountAsync()));
        Assert.Equal("Asia/Tokyo", await second.WithDbAsync(db => db.People.Where(p => p.Id == "acme-jane").Select(p => p.Preferences.TimeZone).SingleAsync()));
        Assert.True(people >= 11);
    }
}

public sealed class HousekeepingTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task OldDeliveryIds_AndExpiredDialogs_AreRemoved_RecentOnesKept()
    {
        var chat = _host.Chat("acme-jane");
        await chat.SayAsync("settings", clientMessageId: "old");
        _host.Clock.Advance(TimeSpan.FromDays(3));
        await _host.Chat("acme-tom").SayAsync("settings", clientMessageId: "recent");

        // The hosted service runs on the same (fake) clock and may have pruned already: check what is left.
        await _host.Services.GetRequiredService<Conversations.Housekeeping>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(["recent"], await _host.WithDbAsync(db => db.ProcessedInbounds.Select(p => p.InboundId).ToListAsync()));
        Assert.Equal(["acme-tom"], await _host.WithDbAsync(db => db.DialogStates.Select(d => d.PersonId).ToListAsync()));
    }

    [Fact]
    public async Task DownloadsAndDigestCharts_PastTheirTime_AreRemoved_OthersKept()
    {
        var now = _host.Clock.GetUtcNow();
        await _host.WithDbAsync(async db =>
        {
            foreach (var (token, expires) in new[] { ("gone", now.AddMinutes(-1)), ("kept", now.AddHours(1)) })
            {
                db.Downloads.Add(new Download { Token = "d-" + token, RecipientPersonId = "acme-jane", FileName = "qbr.csv", ContentType = "text/csv", Content = [1], CreatedAt = now.AddDays(-3), ExpiresAt = expires });
                db.DigestCharts.Add(new PartnerBot.Digests.DigestChart { Token = "c-" + token, RecipientPersonId = "mgr-helena", Data = "", CreatedAt = now.AddDays(-3), ExpiresAt = expires });
            }
            await db.SaveChangesAsync();
            return 0;
        });

        // The hosted service runs on the same (fake) clock and may have removed some already: check what is left.
        await _host.Services.GetRequiredService<Housekeeping>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(["d-kept"], await _host.WithDbAsync(db => db.Downloads.Select(d => d.Token).ToListAsync()));
        Assert.Equal(["c-kept"], await _host.WithDbAsync(db => db.DigestCharts.Select(c => c.Token).ToListAsync()));
    }
}
