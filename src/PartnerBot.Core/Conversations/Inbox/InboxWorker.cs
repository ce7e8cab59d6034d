using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Notifications;
using PartnerBot.Observability;
using PartnerBot.Storage;

namespace PartnerBot.Conversations;

/// <summary>
/// The one place work after an acknowledgement runs. It claims due deliveries from the inbox with a lease (a
/// conditional UPDATE, so several hosts can share one inbox), runs at most <see cref="InboxOptions.Workers"/> at once
/// (the rest wait in the table, not in memory), retries what could not be sent with backoff, and on shutdown stops
/// claiming and lets what it started finish.
/// </summary>
public sealed partial class InboxWorker(
    Inbox inbox,
    IEnumerable<IInboxHandler> handlers,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<InboxOptions> options,
    ILogger<InboxWorker> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly ConcurrentQueue<Exception> _failures = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly Dictionary<string, IInboxHandler> _handlers = handlers.ToDictionary(h => h.Channel, StringComparer.Ordinal);

    /// <summary>Failures while handling deliveries (also logged); tests assert it stays empty.</summary>
    public IReadOnlyCollection<Exception> Failures => _failures;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var free = options.Value.Workers - _running.Count;
            var started = 0;
            if (WouldClaim(free))
            {
                try
                {
                    started = await ClaimAndStartAsync(free, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.PassFailed(logger, ex);
                }
            }
            if (started > 0 && started == free) continue; // more may be waiting: claim again as slots free up
            // Stores wake the worker only when it would claim; a slot freed always does (with 0 workers, nothing does).
            inbox.WorkerFull(!WouldClaim(options.Value.Workers - _running.Count));
            try
            {
                await inbox.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Stops claiming, then waits for what is running (until the host's shutdown timeout, then cancels it).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var register = cancellationToken.Register(() => _abort.Cancel());
        try
        {
            await Task.WhenAll(_running.Values.Concat(inbox.InlineTasks).ToArray()).WaitAsync(cancellationToken);
            Log.Drained(logger);
        }
        catch (OperationCanceledException)
        {
            Log.NotDrained(logger, _running.Count);
        }
    }

    // Due and free: waiting to run (the filter of the IX_Inbox_Due index, spelled as it is there), its time come, not
    // claimed by anyone or the claim ran out. {0}: now.
    private const string DueAndFree = $$"""
        "State" IN ('{{nameof(InboxState.Received)}}', '{{nameof(InboxState.Answered)}}') AND "NextAttemptAt" <= {0} AND ("LockedUntil" IS NULL OR "LockedUntil" < {0})
        """;

    /// <summary>
    /// The claim, one statement: takes the first {3} due deliveries not running here ({4}…, one placeholder each) in
    /// the order of IX_Inbox_Due (due first, then by arrival), so it reads only the rows it takes, never every delivery
    /// waiting, and returns them. The outer conditions repeat the inner ones: when another host took one of them in
    /// between (PostgreSQL makes this statement wait for its write, then checks them again on the row it wrote), it
    /// keeps it. {0}: now, {1}: the claim's name, {2}: the lease's end.
    /// </summary>
    internal static string ClaimSql(int running)
    {
        var notRunning = running == 0 ? "" : $" AND \"Id\" NOT IN ({string.Join(", ", Enumerable.Range(4, running).Select(i => $"{{{i}}}"))})";
        return $$"""
            UPDATE "Inbox" SET "LockedBy" = {1}, "LockedUntil" = {2}
            WHERE "Id" IN (SELECT "Id" FROM "Inbox" WHERE {{DueAndFree}}{{notRunning}} ORDER BY "NextAttemptAt", "Id" LIMIT {3})
              AND {{DueAndFree}}
            RETURNING *
            """;
    }

    /// <summary>
    /// Claims up to <paramref name="max"/> due deliveries for <paramref name="claim"/> until <paramref name="until"/>
    /// (none of <paramref name="running"/>) and returns them, oldest first.
    /// </summary>
    internal static async Task<List<InboxItem>> ClaimAsync(PartnerBotDb db, DateTimeOffset now, IReadOnlyCollection<long> running, int max,
        string claim, DateTimeOffset until, CancellationToken ct)
    {
        object[] parameters = [now.UtcTicks, claim, until.UtcTicks, max, .. running.Select(id => (object)id)];
        var items = await db.Inbox.FromSqlRaw(ClaimSql(running.Count), parameters).AsNoTracking().ToListAsync(ct);
        // In queue order: RETURNING gives them in any order, and turns run oldest first.
        items.Sort((a, b) => a.Id.CompareTo(b.Id));
        return items;
    }

    // While turns run, claim when half the slots are free rather than at each slot freed: a claim is a pass over the
    // table and a write of its own, and under load this halves them. An idle worker claims at once.
    private bool WouldClaim(int free) => free > 0 && (_running.IsEmpty || free >= ClaimBatch(options.Value.Workers));

    /// <summary>How many free slots make a claim pass worth it while other turns run.</summary>
    internal static int ClaimBatch(int workers) => Math.Max(1, workers / 2);

    /// <summary>One pass: claims up to <paramref name="max"/> due deliveries and starts them. Returns how many.</summary>
    public async Task<int> ClaimAndStartAsync(int max, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var claim = $"{inbox.WorkerId}:{Guid.NewGuid().ToString("N")[..8]}";
        List<InboxItem> items;
        await using (var scope = scopes.CreateAsyncScope())
            items = await ClaimAsync(scope.ServiceProvider.GetRequiredService<PartnerBotDb>(), now, _running.Keys.ToList(), max,
                claim, now + options.Value.Lease, ct);
        foreach (var item in items)
        {
            var task = Task.Run(() => ProcessAsync(item), CancellationToken.None);
            _running[item.Id] = task;
            _ = task.ContinueWith(_ =>
            {
                _running.TryRemove(item.Id, out var _);
                inbox.Signal(); // a slot is free
            }, TaskScheduler.Default);
        }
        return items.Count;
    }

    private async Task ProcessAsync(InboxItem item)
    {
        var ct = _abort.Token;
        var o = options.Value;
        using var activity = Telemetry.StartDelivery(Telemetry.DeliveryKinds.Answer, item.Channel);
        using var scope = logger.BeginScope(new KeyValuePair<string, object?>[] { new(Telemetry.CorrelationIdScope, Telemetry.InboxCorrelationId(item.Id)) });
        var work = new InboxWork(item, inbox);
        try
        {
            if (!_handlers.TryGetValue(item.Channel, out var handler))
                throw new InvalidOperationException($"No inbox handler for channel '{item.Channel}'.");
            await handler.HandleAsync(work, ct);
            Telemetry.Delivery(item.Channel, Telemetry.DeliveryKinds.Answer, Telemetry.Outcomes.Delivered);
            // The handler recorded it done with its last message; otherwise (nothing to send, or sent before) now.
            if (!work.Done) await inbox.DoneAsync(item.Id, item.RepliesSent, CancellationToken.None);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutdown ran out of time: the lease runs out and this host (or another) takes it over.
        }
        catch (Exception ex) when (work.Done)
        {
            // Every message was sent and recorded: what failed after (a courtesy such as the Home tab) is not retried.
            Log.AfterDone(logger, ex, item.Channel, item.DeliveryId);
        }
        catch (Exception ex)
        {
            var attempts = item.Attempts + 1;
            var reason = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
            Telemetry.Delivery(item.Channel, Telemetry.DeliveryKinds.Answer, attempts < o.MaxAttempts ? Telemetry.Outcomes.Retry : Telemetry.Outcomes.Failed);
            if (attempts < o.MaxAttempts)
            {
                var delay = Backoff.After(attempts, o.FirstRetryDelay, o.MaxRetryDelay, (ex as IRetryAfter)?.RetryAfter);
                Log.WillRetry(logger, item.Channel, item.DeliveryId, delay, reason);
                await Settle(item.Id, attempts, clock.GetUtcNow() + delay, reason, failed: false);
            }
            else
            {
                _failures.Enqueue(ex);
                Log.GaveUp(logger, ex, item.Channel, item.DeliveryId, attempts);
                await Settle(item.Id, attempts, clock.GetUtcNow(), reason, failed: true);
            }
        }
    }

    private async Task Settle(long id, int attempts, DateTimeOffset next, string reason, bool failed)
    {
        try
        {
            await inbox.FailedAttemptAsync(id, attempts, next, reason, failed, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.PassFailed(logger, ex); // the lease runs out and the delivery is tried again
        }
    }

    /// <summary>
    /// Completes when nothing due is left and nothing is running (tests; a bounded wait). Deliveries waiting for a
    /// later retry do not count.
    /// </summary>
    public async Task WhenIdleAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            await Task.WhenAll(_running.Values.Concat(inbox.InlineTasks).ToArray());
            int due;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var now = clock.GetUtcNow();
                due = await scope.ServiceProvider.GetRequiredService<PartnerBotDb>().Inbox.CountAsync(i =>
                    (i.State == InboxState.Received || i.State == InboxState.Answered) && i.NextAttemptAt <= now);
            }
            if (due == 0 && _running.IsEmpty && inbox.InlineTasks.Count == 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The inbox still has {due} deliveries due.");
            inbox.Signal();
            await Task.Delay(5);
        }
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1211, Level = LogLevel.Warning, Message = "{Channel} delivery {DeliveryId} will be retried in {Delay}: {Error}")]
        public static partial void WillRetry(ILogger logger, string channel, string deliveryId, TimeSpan delay, string error);

        [LoggerMessage(EventId = 1212, Level = LogLevel.Error, Message = "{Channel} delivery {DeliveryId} failed after {Attempts} attempts")]
        public static partial void GaveUp(ILogger logger, Exception ex, string channel, string deliveryId, int attempts);

        [LoggerMessage(EventId = 1213, Level = LogLevel.Error, Message = "An inbox pass failed; the next pass will retry")]
        public static partial void PassFailed(ILogger logger, Exception ex);

        [LoggerMessage(EventId = 1214, Level = LogLevel.Information, Message = "Inbox drained: every started delivery finished")]
        public static partial void Drained(ILogger logger);

        [LoggerMessage(EventId = 1216, Level = LogLevel.Warning, Message = "{Channel} delivery {DeliveryId} was answered and recorded done; what ran after it failed")]
        public static partial void AfterDone(ILogger logger, Exception ex, string channel, string deliveryId);

        [LoggerMessage(EventId = 1215, Level = LogLevel.Warning, Message = "Inbox not drained before the shutdown timeout: {Count} deliveries resume after their lease")]
        public static partial void NotDrained(ILogger logger, int count);
    }
}

/// <summary>An exception that says when to try again (a channel's Retry-After).</summary>
public interface IRetryAfter
{
    TimeSpan? RetryAfter { get; }
}
