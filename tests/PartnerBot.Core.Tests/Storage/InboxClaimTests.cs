using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Conversations;
using PartnerBot.Storage;
using PartnerBot.Testing;

namespace PartnerBot.Core.Tests.Storage;

/// <summary>
/// What the inbox worker claims (issue 19), in one statement: the due deliveries, due first then by arrival, never an answered one, one
/// waiting for its retry, one another host holds or one already running here; read through the IX_Inbox_Due index so a
/// claim does not read (and sort) every delivery waiting, however long the backlog. Done is one grouped write.
/// </summary>
public sealed class InboxClaimTests : IAsyncLifetime
{
    private readonly string _database = TestStorage.NewDatabase();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync() => _services = await CoreServices.StartAsync(_database);

    [Fact]
    public async Task A_claim_takes_due_deliveries_in_order_and_none_answered_waiting_held_or_running()
    {
        var inbox = _services.GetRequiredService<Inbox>();
        string[] words = ["help", "bantuan", "帮助", "pomoc", "my deals", "urusan saya", "我的商机", "moje transakcje"];
        var ids = new List<long>();
        for (var i = 0; i < 60; i++)
            ids.Add((await inbox.StoreAsync(i % 2 == 0 ? "slack" : "teams", $"d:{i}", "command", $$"""{"text":"{{words[i % words.Length]}}"}""", false, CancellationToken.None)).Id);

        // The first 50 were answered (one grouped write each), as a busy inbox keeps them for days.
        await Task.WhenAll(ids.Take(50).Select((id, i) => inbox.DoneAsync(id, 1 + i % 3, CancellationToken.None)));
        var now = DateTimeOffset.UtcNow;
        await SetAsync(ids[50], s => s.SetProperty(x => x.NextAttemptAt, now.AddMinutes(5))); // a retry later
        await SetAsync(ids[51], s => s.SetProperty(x => x.LockedBy, "other-host").SetProperty(x => x.LockedUntil, now.AddMinutes(1)));
        await SetAsync(ids[52], s => s.SetProperty(x => x.LockedBy, "gone-host").SetProperty(x => x.LockedUntil, now.AddMinutes(-1))); // its claim ran out
        // One came back for a retry that was due before the newest arrivals: due first.
        await SetAsync(ids[58], s => s.SetProperty(x => x.NextAttemptAt, now.AddMinutes(-10)));

        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        var at = now.AddSeconds(1);
        // Five, due first (58 before 57), none running here (53): returned oldest first, claimed for the lease.
        var claimed = await InboxWorker.ClaimAsync(db, at, [ids[53]], 5, "here:1", at.AddMinutes(5), CancellationToken.None);
        Assert.Equal([ids[52], ids[54], ids[55], ids[56], ids[58]], claimed.Select(i => i.Id));
        Assert.All(claimed, i => Assert.Equal(("here:1", at.AddMinutes(5)), (i.LockedBy, i.LockedUntil)));
        Assert.Equal("""{"text":"帮助"}""", claimed.Single(i => i.Id == ids[58]).Payload); // the whole row, as stored
        // The next claim takes what is left: the five are held now.
        var rest = await InboxWorker.ClaimAsync(db, at, [], 100, "here:2", at.AddMinutes(5), CancellationToken.None);
        Assert.Equal([ids[53], ids[57], ids[59]], rest.Select(i => i.Id));
        Assert.Empty(await InboxWorker.ClaimAsync(db, at, [], 100, "here:3", at.AddMinutes(5), CancellationToken.None));
        // Once the claims run out (and the retry is due), every delivery not answered is claimed again.
        var later = await InboxWorker.ClaimAsync(db, at.AddMinutes(6), [], 100, "later", at.AddMinutes(11), CancellationToken.None);
        Assert.Equal(ids.Skip(50), later.Select(i => i.Id));

        var answered = await db.Inbox.AsNoTracking().Where(i => ids.Take(50).Contains(i.Id)).ToListAsync();
        Assert.All(answered, a =>
        {
            Assert.Equal(InboxState.Done, a.State);
            Assert.NotNull(a.CompletedAt);
            Assert.Null(a.LockedBy);
        });
        Assert.Equal(ids.Take(50).Select((_, i) => 1 + i % 3), answered.OrderBy(a => a.Id).Select(a => a.RepliesSent));
    }

    [Fact]
    public async Task On_sqlite_the_claim_reads_the_due_index_in_order_without_sorting_the_backlog()
    {
        if (TestStorage.OnPostgreSql) return; // the plan is SQLite's; PostgreSQL picks by its statistics
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        // Parameters stay unbound (NULL) for the plan: only the shape matters.
        var statement = System.Text.RegularExpressions.Regex.Replace(InboxWorker.ClaimSql(running: 2), @"\{\d+\}", "?");
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + statement;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
        Assert.Contains(plan, p => p.Contains("IX_Inbox_Due", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_sqlite_a_connection_the_pool_lends_again_keeps_its_tuning()
    {
        if (TestStorage.OnPostgreSql) return;
        var settings = TestStorage.Settings(_database);
        for (var i = 0; i < 3; i++)
        {
            // The same native connection each time (the pool's); the pragmas are set on it once and stay.
            await using var connection = await StorageProviders.OpenConnectionAsync(settings, CancellationToken.None);
            Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA synchronous")); // NORMAL
            Assert.Equal((long)SqliteTuning.BusyTimeoutMs, await ScalarAsync(connection, "PRAGMA busy_timeout"));
        }
        // A connection outside the pool is a new native connection: tuned too.
        await using var unpooled = new SqliteConnection(new SqliteConnectionStringBuilder(settings.ConnectionString) { Pooling = false }.ConnectionString);
        await unpooled.OpenAsync();
        Assert.Equal(2L, await ScalarAsync(unpooled, "PRAGMA synchronous")); // SQLite's default, FULL, before tuning
        await SqliteTuning.ApplyAsync(unpooled, CancellationToken.None);
        Assert.Equal(1L, await ScalarAsync(unpooled, "PRAGMA synchronous"));
        // And through EF Core's contexts.
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        await db.Database.OpenConnectionAsync();
        Assert.Equal(1L, await ScalarAsync(db.Database.GetDbConnection(), "PRAGMA synchronous"));
        Assert.Equal((long)SqliteTuning.BusyTimeoutMs, await ScalarAsync(db.Database.GetDbConnection(), "PRAGMA busy_timeout"));
    }

    [Fact]
    public async Task Each_state_after_a_claim_is_one_grouped_write_that_lets_the_delivery_go()
    {
        var inbox = _services.GetRequiredService<Inbox>();
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
            ids.Add((await inbox.StoreAsync("teams", $"s:{i}", "activity", "{}", claim: true, CancellationToken.None)).Id);
        var at = DateTimeOffset.UtcNow.AddMinutes(1);

        await Task.WhenAll(
            inbox.ReleaseAsync(ids[0], "invoke", CancellationToken.None),
            inbox.FailedAttemptAsync(ids[1], 2, at, "Slack said no", failed: false, CancellationToken.None),
            inbox.FailedAttemptAsync(ids[2], 8, at, "gone for good", failed: true, CancellationToken.None));

        await using var scope = _services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<PartnerBotDb>().Inbox.AsNoTracking().OrderBy(i => i.Id).ToListAsync();
        Assert.All(rows, r => Assert.Equal((null, null), (r.LockedBy, r.LockedUntil)));
        Assert.Equal((InboxState.Received, "invoke", 0, (string?)null), (rows[0].State, rows[0].AnsweredInline, rows[0].Attempts, rows[0].LastError));
        Assert.True(rows[0].NextAttemptAt < at); // due now: the worker takes it over
        Assert.Equal((InboxState.Received, 2, at.UtcTicks, "Slack said no", (DateTimeOffset?)null),
            (rows[1].State, rows[1].Attempts, rows[1].NextAttemptAt.UtcTicks, rows[1].LastError, rows[1].CompletedAt));
        Assert.Equal((InboxState.Failed, 8, "gone for good", (long?)at.UtcTicks),
            (rows[2].State, rows[2].Attempts, rows[2].LastError, rows[2].CompletedAt?.UtcTicks));
    }

    private async Task SetAsync(long id, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<InboxItem>> set)
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PartnerBotDb>().Inbox.Where(i => i.Id == id).ExecuteUpdateAsync(set);
    }

    private static async Task<object?> ScalarAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public Task DisposeAsync() => CoreServices.StopAsync(_services, _database);
}
