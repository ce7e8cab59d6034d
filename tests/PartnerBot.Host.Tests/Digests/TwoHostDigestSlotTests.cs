using Microsoft.EntityFrameworkCore;
using PartnerBot.Digests;
using PartnerBot.People;
using PartnerBot.Storage;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Digests;

/// <summary>
/// Issue 14, point 3: two real host processes on one database (the suite's provider: under .ci/run's second pass, one
/// PostgreSQL database), both running the digest scheduler every 200 ms. Every recipient's slot falls due at the same
/// moment on both hosts: each recipient gets one digest for it, whichever host claimed the slot.
/// </summary>
public sealed class TwoHostDigestSlotTests : IDisposable
{
    private readonly DrillDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static Dictionary<string, string> Settings => new()
    {
        ["Jobs:Digests:Interval"] = "00:00:00.200",
        // Only digests are queued: the outbox would deliver them (to no channel here), other jobs queue their own.
        ["Jobs:Outbox:Enabled"] = "false",
        ["Jobs:DealReminders:Enabled"] = "false",
        ["Jobs:MdfReminders:Enabled"] = "false",
        ["Jobs:OnboardingNudges:Enabled"] = "false",
        ["Jobs:Leads:Enabled"] = "false",
        ["Jobs:Commission:Enabled"] = "false",
    };

    [Fact]
    public async Task TwoHosts_ASlotFallsDueForTwentyFourRecipients_EachGetsOneDigest()
    {
        var hosts = await HostProcess.StartTogetherAsync(2, _db.Path, Settings);
        await using var first = hosts[0];
        await using var second = hosts[1];

        // Twenty reps more than the demo's, each with the default weekly digest.
        await using (var db = Context())
        {
            for (var i = 1; i <= 20; i++)
                db.People.Add(new Person { Id = $"slot-rep-{i:D2}", DisplayName = $"Slot Rep {i}", Role = Role.Rep });
            await db.SaveChangesAsync();
        }
        var recipients = await RecipientsAsync();
        Assert.True(recipients.Count >= 24, $"only {recipients.Count} recipients");

        // The hosts see every recipient first and start each schedule from then, with no backlog...
        await first.WaitUntilAsync(async () => await SubscribedAsync() == recipients.Count, async () => $"subscribed: {await SubscribedAsync()}");
        // ...then each schedule is moved back eight days at once: one weekly slot is due for all, on both hosts' next pass.
        await using (var db = Context())
            await db.DigestSubscriptions.ExecuteUpdateAsync(s => s
                .SetProperty(x => x.ScheduledFrom, DateTimeOffset.UtcNow.AddDays(-8))
                .SetProperty(x => x.LastSlot, (DateTimeOffset?)null));

        await first.WaitUntilAsync(async () => (await QueuedAsync()).Count == recipients.Count, async () => Describe(await QueuedAsync()));
        // Both hosts keep running passes: give them ten more each, then nothing may have been added.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var queued = await QueuedAsync();
        Assert.All(recipients, r => Assert.True(queued.TryGetValue(r, out var count) && count == 1, Describe(queued)));
        await using (var db = Context())
            Assert.All(await db.DigestSubscriptions.AsNoTracking().ToListAsync(), s => Assert.NotNull(s.LastSlot));
    }

    private PartnerBotDb Context() => StorageProviders.CreateContext(TestStorage.Settings(_db.Path));

    private async Task<List<string>> RecipientsAsync()
    {
        await using var db = Context();
        var people = await db.People.AsNoTracking().Where(p => p.Role == Role.Rep || p.Role == Role.Manager || p.Role == Role.Admin).ToListAsync();
        return people.Where(p => p.Preferences.DigestCadence != Cadence.Off).Select(p => p.Id).ToList();
    }

    private async Task<int> SubscribedAsync()
    {
        await using var db = Context();
        return await db.DigestSubscriptions.CountAsync();
    }

    /// <summary>Digests in the outbox, by recipient.</summary>
    private async Task<Dictionary<string, int>> QueuedAsync()
    {
        await using var db = Context();
        var rows = await db.Outbox.AsNoTracking().Where(m => m.DedupeKey != null && m.DedupeKey.StartsWith("digest:")).Select(m => m.RecipientPersonId).ToListAsync();
        return rows.GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
    }

    private static string Describe(Dictionary<string, int> queued) =>
        "digests queued: " + string.Join(", ", queued.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => $"{q.Key}={q.Value}"));
}
