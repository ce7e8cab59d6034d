using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Jobs;
using PartnerBot.Storage;

namespace PartnerBot.Observability;

/// <summary>
/// What waits: deliveries in the inbox not yet answered (received, or answered but not all sent) and outbox messages
/// neither delivered nor given up, each with the time the oldest of them came in. Counts and times only.
/// </summary>
public sealed record QueueSnapshot(int InboxDepth, DateTimeOffset? InboxOldest, int OutboxDepth, DateTimeOffset? OutboxOldest)
{
    public TimeSpan InboxOldestAge(DateTimeOffset now) => Age(InboxOldest, now);
    public TimeSpan OutboxOldestAge(DateTimeOffset now) => Age(OutboxOldest, now);

    /// <summary>The older of the two: how long the longest-waiting message has waited.</summary>
    public TimeSpan OldestAge(DateTimeOffset now) => InboxOldestAge(now) > OutboxOldestAge(now) ? InboxOldestAge(now) : OutboxOldestAge(now);

    private static TimeSpan Age(DateTimeOffset? since, DateTimeOffset now) =>
        since is { } s && now > s ? now - s : TimeSpan.Zero;

    /// <summary>
    /// Reads the snapshot: four aggregate queries on the indexed columns the inbox worker and the outbox dispatcher
    /// claim by, so it costs what a claim costs. The one definition of "waiting", for the gauges and /healthz.
    /// </summary>
    public static async Task<QueueSnapshot> ReadAsync(PartnerBotDb db, CancellationToken ct)
    {
        var inbox = db.Inbox.AsNoTracking().Where(i => i.State == InboxState.Received || i.State == InboxState.Answered);
        var outbox = db.Outbox.AsNoTracking().Where(m => m.DeliveredAt == null && m.FailedAt == null);
        return new QueueSnapshot(
            await inbox.CountAsync(ct), await inbox.MinAsync(i => (DateTimeOffset?)i.ReceivedAt, ct),
            await outbox.CountAsync(ct), await outbox.MinAsync(m => (DateTimeOffset?)m.CreatedAt, ct));
    }
}

/// <summary>
/// The inbox's and outbox's depth and oldest age as observable gauges. The database is read every
/// <c>Jobs:QueueMetrics:Interval</c>, and only while something observes the gauges (an OpenTelemetry pipeline); the
/// gauges report the last sample, with the age worked out at observation. A turn never reads the database for them.
/// </summary>
public sealed class QueueMetrics : RecurringJob<QueueSnapshot?>
{
    public const string JobName = "QueueMetrics";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);

    private readonly IServiceScopeFactory _scopes;
    private readonly Meter _meter;
    private readonly IReadOnlyList<Instrument> _gauges;
    private QueueSnapshot? _last;

    public QueueMetrics(IServiceScopeFactory scopes, IMeterFactory meters, TimeProvider clock, IOptionsMonitor<JobOptions> jobs,
        ILogger<QueueMetrics> logger) : base(JobName, clock, jobs, logger)
    {
        _scopes = scopes;
        // From the host's meter factory: the meter belongs to this host (and ends with it), under PartnerBot's name.
        _meter = meters.Create(Telemetry.Name);
        _gauges = Telemetry.CreateQueueGauges(_meter, () => _last, clock);
    }

    /// <summary>Whether anything observes the gauges; no sample is taken otherwise.</summary>
    public bool Observed => _gauges.Any(g => g.Enabled);

    /// <summary>Takes a sample when the gauges are observed. Returns it (null when nothing observes them).</summary>
    public override async Task<QueueSnapshot?> RunOnceAsync(CancellationToken ct)
    {
        if (!Observed) return null;
        await using var scope = _scopes.CreateAsyncScope();
        _last = await QueueSnapshot.ReadAsync(scope.ServiceProvider.GetRequiredService<PartnerBotDb>(), ct);
        return _last;
    }

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }
}
