using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Jobs;
using PartnerBot.Notifications;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Digests;

/// <summary>
/// Queues each recipient's digest into the outbox when its slot comes. A slot is claimed with a conditional update of
/// the recipient's subscription inside the transaction that queues the digest: another host that tries the same slot
/// updates nothing and sends nothing. Slots missed while the host was down collapse into one.
/// </summary>
public sealed partial class DigestScheduler(IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<JobOptions> jobs,
    ILogger<DigestScheduler> logger) : RecurringJob<int>(JobName, clock, jobs, logger)
{
    public const string JobName = "Digests";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    private static readonly Role[] Recipients = [Role.Rep, Role.Manager, Role.Admin];

    /// <summary>One pass over every recipient. Returns how many digests it queued.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        List<Person> people;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
            people = await db.People.AsNoTracking().Where(p => Recipients.Contains(p.Role)).ToListAsync(ct);
        }
        var queued = 0;
        // One load of the rows for every digest of this pass, however many recipients are due.
        var shared = new DigestDataCache();
        foreach (var person in people.Where(p => p.Preferences.DigestCadence != Cadence.Off))
            if (await TrySendAsync(person, now, shared, ct)) queued++;
        return queued;
    }

    private async Task<bool> TrySendAsync(Person person, DateTimeOffset now, DigestDataCache shared, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        var signature = DigestSchedule.Signature(person.Preferences);
        var sub = await db.DigestSubscriptions.FirstOrDefaultAsync(s => s.PersonId == person.Id, ct);
        if (sub is null || sub.Signature != signature)
        {
            // A new recipient, or new settings: the schedule starts now, with no backlog.
            if (sub is null) db.DigestSubscriptions.Add(sub = new DigestSubscription { PersonId = person.Id, Signature = signature });
            sub.Signature = signature;
            sub.ScheduledFrom = now;
            sub.LastSlot = null;
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException) { return false; } // another host registered it first; next pass
            return false;
        }

        var since = sub.LastSlot is { } last && last > sub.ScheduledFrom ? last : sub.ScheduledFrom;
        var due = DigestSchedule.Due(person.Preferences, since, now);
        if (due is null) return false;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.DigestSubscriptions
            .Where(s => s.PersonId == person.Id && s.Signature == signature && (s.LastSlot == null || s.LastSlot < due))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSlot, due), ct);
        if (claimed == 0) return false;

        var digest = await scope.ServiceProvider.GetRequiredService<DigestBuilder>().BuildAsync(Actor.From(person), now, ct, shared);
        await scope.ServiceProvider.GetRequiredService<Notifier>().QueueOnceAsync(person.Id, digest, $"digest:{person.Id}:{due.Value.UtcTicks}", ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        scope.ServiceProvider.GetRequiredService<OutboxSignal>().Notify();
        Log.Queued(Logger, person.Id, due.Value);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Digest for {PersonId} queued for the {Slot:u} slot")]
        public static partial void Queued(ILogger logger, string personId, DateTimeOffset slot);
    }
}
