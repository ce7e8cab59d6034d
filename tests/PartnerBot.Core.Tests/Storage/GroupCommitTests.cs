using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Conversations;
using PartnerBot.Storage;

namespace PartnerBot.Core.Tests.Storage;

/// <summary>
/// The acknowledgement path's writes go in groups (one transaction for the requests of the moment): what is acknowledged
/// is still stored once, duplicates and replays are still told apart, other writers at the same time still land, and a
/// failing write reaches its caller without stopping the writes after it.
/// </summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"partnerbot-group-{Guid.NewGuid():N}.db");
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddPartnerBotCore(new StorageSettings(StorageProvider.Sqlite, $"Data Source={_path}"));
        _services = services.BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        await db.Database.MigrateAsync();
        await db.Database.OpenConnectionAsync();
        await SqliteTuning.UseWriteAheadLogAsync(db.Database.GetDbConnection(), CancellationToken.None);
        await db.Database.CloseConnectionAsync();
    }

    [Fact]
    public async Task Deliveries_stored_all_at_once_with_redeliveries_among_them_are_each_stored_once()
    {
        var inbox = _services.GetRequiredService<Inbox>();
        string[] words = ["help", "bantuan", "帮助", "pomoc", "my deals", "urusan saya", "我的商机", "moje transakcje"];
        // 120 deliveries, each arriving three times at once (Slack retries, Teams resends).
        var attempts = Enumerable.Range(0, 120).SelectMany(i => Enumerable.Repeat(i, 3))
            .Select(i => (Id: $"cmd:{i}", Task: inbox.StoreAsync("slack", $"cmd:{i}", "command", $$"""{"text":"{{words[i % words.Length]}}"}""", false, CancellationToken.None)))
            .ToList();
        await Task.WhenAll(attempts.Select(a => a.Task));

        foreach (var group in attempts.GroupBy(a => a.Id))
        {
            var receipts = group.Select(a => a.Task.Result).ToList();
            Assert.Single(receipts, r => !r.Duplicate);
            Assert.Equal(2, receipts.Count(r => r.Duplicate));
        }
        var ids = attempts.Select(a => a.Task.Result).Where(r => !r.Duplicate).Select(r => r.Id).ToList();
        Assert.Equal(120, ids.Distinct().Count());

        await using var scope = _services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<PartnerBotDb>().Inbox.AsNoTracking().ToListAsync();
        Assert.Equal(120, stored.Count);
        Assert.Equal(ids.Order(), stored.Select(s => s.Id).Order());
        Assert.Contains(stored, s => s.DeliveryId == "cmd:2" && s.Payload.Contains("帮助", StringComparison.Ordinal));
        Assert.All(stored, s => Assert.Equal(InboxState.Received, s.State));
    }

    [Fact]
    public async Task Signatures_presented_three_times_at_once_are_accepted_once_each()
    {
        var guard = _services.GetRequiredService<ReplayGuard>();
        var now = DateTimeOffset.UtcNow;
        var attempts = Enumerable.Range(0, 80).SelectMany(i => Enumerable.Repeat($"v0={i:x64}", 3))
            .Select(sig => (Sig: sig, Task: guard.FirstSeenAsync("slack", sig, now, TimeSpan.FromMinutes(5), CancellationToken.None)))
            .ToList();
        await Task.WhenAll(attempts.Select(a => a.Task));

        Assert.All(attempts.GroupBy(a => a.Sig), g => Assert.Single(g, a => a.Task.Result));
        // The same signature from Teams' side is another key.
        Assert.True(await guard.FirstSeenAsync("teams", "v0=" + new string('0', 64), now, TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.False(await guard.FirstSeenAsync("slack", "v0=" + new string('0', 64), now, TimeSpan.FromMinutes(5), CancellationToken.None));
    }

    [Fact]
    public async Task Deliveries_with_their_signature_are_stored_only_when_the_signature_is_new_and_each_once()
    {
        var inbox = _services.GetRequiredService<Inbox>();
        var guard = _services.GetRequiredService<ReplayGuard>();
        var now = DateTimeOffset.UtcNow;
        // 60 deliveries, all at once: each signed request sent three times (copies), and each delivery also signed anew
        // once (a retry), so a copy is a replay and a retry a duplicate.
        var attempts = Enumerable.Range(0, 60).SelectMany(i => new[] { (i, Sig: $"v0={i:x64}"), (i, Sig: $"v0={i:x64}"), (i, Sig: $"v0={i:x64}"), (i, Sig: $"v0={i + 1000:x64}") })
            .Select(a => (a.i, a.Sig, Task: Task.Run(async () => await inbox.StoreAsync("slack", $"cmd:{a.i}", "command", "{}", false,
                await guard.CheckForAsync("slack", a.Sig, now, TimeSpan.FromMinutes(5), CancellationToken.None), CancellationToken.None))))
            .ToList();
        await Task.WhenAll(attempts.Select(a => a.Task));

        foreach (var signature in attempts.GroupBy(a => a.Sig))
        {
            Assert.Single(signature, a => !a.Task.Result.Replayed);
            Assert.All(signature.Where(a => a.Task.Result.Replayed), a => Assert.Equal(0, a.Task.Result.Id));
        }
        foreach (var delivery in attempts.GroupBy(a => a.i))
            Assert.Single(delivery, a => a.Task.Result is { Replayed: false, Duplicate: false });
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        Assert.Equal(60, await db.Inbox.CountAsync());
        Assert.Equal(120, await db.SeenSignatures.CountAsync());
    }

    [Fact]
    public async Task A_pair_is_stored_whole_or_not_at_all_and_its_second_runs_only_after_a_first_that_returned_a_row()
    {
        var writes = _services.GetRequiredService<GroupCommit>();
        var guard = _services.GetRequiredService<ReplayGuard>();
        var check = await guard.CheckForAsync("slack", "v0=" + new string('a', 64), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), CancellationToken.None);

        // The second fails: the signature the first recorded is rolled back with it.
        var broken = new GroupStatement("INSERT INTO \"NoSuchTable\" (\"X\") VALUES (@x) RETURNING 1", [new("@x", 1)]);
        await Assert.ThrowsAsync<SqliteException>(() => writes.ExecuteScalarAsync(check.Record, broken, CancellationToken.None));
        Assert.Equal(0, await CountAsync("SeenSignatures"));

        // Now whole: both run. Then again: the first returns nothing, so the broken second is not even run.
        var insert = new GroupStatement("INSERT INTO \"ProcessedInbounds\" (\"Channel\", \"InboundId\", \"ReceivedAt\") VALUES ('slack', 'pair', @now) RETURNING 7",
            [new("@now", DateTimeOffset.UtcNow.UtcTicks)]);
        Assert.Equal((1L, 7L), await writes.ExecuteScalarAsync(check.Record, insert, CancellationToken.None));
        Assert.Equal((null, null), await writes.ExecuteScalarAsync(check.Record, broken, CancellationToken.None));
        Assert.Equal(1, await CountAsync("SeenSignatures"));
        Assert.Equal(1, await CountAsync("ProcessedInbounds"));
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_write_that_fails_reaches_its_caller_and_the_writes_after_it_are_committed()
    {
        var writes = _services.GetRequiredService<GroupCommit>();
        var inbox = _services.GetRequiredService<Inbox>();
        var bad = writes.ExecuteScalarAsync(new GroupStatement("INSERT INTO \"NoSuchTable\" (\"X\") VALUES (@x)", [new("@x", 1)]), CancellationToken.None);
        var error = await Assert.ThrowsAsync<SqliteException>(() => bad);
        Assert.Contains("NoSuchTable", error.Message, StringComparison.Ordinal);

        var after = await inbox.StoreAsync("teams", "activity-after-the-error", "activity", "{\"text\":\"pomoc\"}", false, CancellationToken.None);
        Assert.False(after.Duplicate);
        await using var scope = _services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<PartnerBotDb>().Inbox.CountAsync(i => i.DeliveryId == "activity-after-the-error"));
    }

    [Fact]
    public async Task Saves_updates_and_grouped_writes_at_once_all_land_without_a_busy_error()
    {
        var inbox = _services.GetRequiredService<Inbox>();
        var stored = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            inbox.StoreAsync("slack", $"evt:{i}", "event", "{}", false, CancellationToken.None)));

        // While more deliveries arrive, each stored one is updated (ExecuteUpdate) and a change is saved (SaveChanges),
        // all from their own scopes at the same time, as the acknowledgements and the worker do.
        var work = stored.Select(async (r, i) =>
        {
            await inbox.StoreAsync("slack", $"more:{i}", "event", "{}", false, CancellationToken.None);
            await using var scope = _services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
            await db.Inbox.Where(x => x.Id == r.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.RepliesSent, 1));
            db.ProcessedInbounds.Add(new ProcessedInbound { Channel = "slack", InboundId = $"in:{i}", ReceivedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
        await Task.WhenAll(work);

        await using var check = _services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<PartnerBotDb>();
        Assert.Equal(80, await db.Inbox.CountAsync());
        Assert.Equal(40, await db.Inbox.CountAsync(i => i.RepliesSent == 1));
        Assert.Equal(40, await db.ProcessedInbounds.CountAsync());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _path, _path + "-wal", _path + "-shm" })
            try { File.Delete(f); } catch (IOException) { }
    }
}
