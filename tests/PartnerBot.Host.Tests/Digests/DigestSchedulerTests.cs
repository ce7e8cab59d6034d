using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Digests;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Digests;

public sealed class DigestSchedulerTests : IDisposable
{
    // Monday 23 November 2026, 09:00 UTC: everyone's Monday 08:00 slot has just passed.
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private DigestScheduler Scheduler => _host.Services.GetRequiredService<DigestScheduler>();
    private Task<List<string>> DigestKeysAsync() =>
        _host.WithDbAsync(db => db.Outbox.Where(m => m.DedupeKey!.StartsWith("digest:")).OrderBy(m => m.Id).Select(m => m.DedupeKey!).ToListAsync());

    [Fact]
    public async Task FirstPass_StartsTheSchedule_WithNoBacklog()
    {
        await Scheduler.RunOnceAsync(CancellationToken.None);
        Assert.Empty(await DigestKeysAsync());
        Assert.Equal(4, await _host.WithDbAsync(db => db.DigestSubscriptions.CountAsync())); // 2 reps, the manager, the admin
    }

    [Fact]
    public async Task EachRecipient_GetsOneDigestPerSlot_InTheirOwnTimeZone()
    {
        await Scheduler.RunOnceAsync(CancellationToken.None);
        // Next Monday 08:00 local: Arjun (Kuala Lumpur) at 00:00 UTC, Helena (Warsaw) 07:00, Maya (London) 08:00, Sam (UTC) 08:00.
        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 0, 30, 0, TimeSpan.Zero));
        Assert.Equal(1, await Scheduler.RunOnceAsync(CancellationToken.None));
        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 7, 30, 0, TimeSpan.Zero));
        Assert.Equal(1, await Scheduler.RunOnceAsync(CancellationToken.None));
        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(2, await Scheduler.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await Scheduler.RunOnceAsync(CancellationToken.None));

        var keys = await DigestKeysAsync();
        Assert.Equal(4, keys.Count);
        Assert.StartsWith("digest:rep-arjun:", keys[0]);
        Assert.StartsWith("digest:mgr-helena:", keys[1]);
    }

    [Fact]
    public async Task MissedSlotsWhileDown_AreSentOnce()
    {
        await Scheduler.RunOnceAsync(CancellationToken.None);
        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 20, 12, 0, 0, TimeSpan.Zero)); // three Mondays later
        Assert.Equal(4, await Scheduler.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await Scheduler.RunOnceAsync(CancellationToken.None));
        Assert.Contains($"digest:mgr-helena:{new DateTimeOffset(2026, 12, 14, 7, 0, 0, TimeSpan.Zero).UtcTicks}", await DigestKeysAsync());
    }

    [Fact]
    public async Task TwoHosts_NeverSendTheSameSlotTwice()
    {
        await Scheduler.RunOnceAsync(CancellationToken.None);
        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        using var second = new TestHost(_host.DatabasePath, _host.Clock);
        var other = second.Services.GetRequiredService<DigestScheduler>();

        var counts = await Task.WhenAll(Scheduler.RunOnceAsync(CancellationToken.None), other.RunOnceAsync(CancellationToken.None));

        Assert.Equal(4, counts.Sum());
        Assert.Equal(4, (await DigestKeysAsync()).Distinct().Count());
    }

    [Fact]
    public async Task ChangingTheCadence_MidPeriod_RestartsTheSchedule_WithoutABacklog()
    {
        await Scheduler.RunOnceAsync(CancellationToken.None);
        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero)); // Thursday
        await _host.WithDbAsync(async db =>
        {
            var helena = await db.People.SingleAsync(p => p.Id == "mgr-helena");
            helena.Preferences.DigestCadence = People.Cadence.Daily;
            return await db.SaveChangesAsync();
        });
        Assert.Equal(0, await Scheduler.RunOnceAsync(CancellationToken.None)); // the change is noted; nothing sent for the past
        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 7, 0, 0, TimeSpan.Zero)); // Friday 08:00 Warsaw
        Assert.Equal(1, await Scheduler.RunOnceAsync(CancellationToken.None));
        Assert.StartsWith("digest:mgr-helena:", Assert.Single(await DigestKeysAsync()));
    }

    [Fact]
    public async Task DigestOff_SendsNothing()
    {
        await _host.WithDbAsync(async db =>
        {
            foreach (var p in await db.People.ToListAsync()) p.Preferences.DigestCadence = People.Cadence.Off;
            return await db.SaveChangesAsync();
        });
        await Scheduler.RunOnceAsync(CancellationToken.None);
        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 20, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await Scheduler.RunOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task QueuedDigest_IsDeliveredToTheWebChat()
    {
        await Scheduler.RunOnceAsync(CancellationToken.None);
        _host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        await Scheduler.RunOnceAsync(CancellationToken.None);
        await _host.DeliverOutboxAsync();
        var inbox = await _host.Chat("rep-maya").ReadAsync();
        Assert.Contains("Your weekly partner digest", Assert.Single(inbox).Html);
    }

    [Fact]
    public async Task DigestCommand_ForStaffOnly_AndSaysWhenThereAreNoPartners()
    {
        Assert.Contains("Your weekly partner digest", (await _host.Chat("rep-maya").SayAsync("digest"))[^1].Html);
        Assert.Contains("That isn&#x27;t available for your role.", (await _host.Chat("acme-jane").SayAsync("digest"))[1].Html);
        await _host.WithDbAsync(async db =>
        {
            foreach (var o in await db.PartnerOrganisations.Where(o => o.OwnerRepId == "rep-arjun").ToListAsync()) o.OwnerRepId = "rep-maya";
            return await db.SaveChangesAsync();
        });
        Assert.Contains("You don&#x27;t own any partners yet", (await _host.Chat("rep-arjun").SayAsync("digest"))[^1].Html);
    }
}
