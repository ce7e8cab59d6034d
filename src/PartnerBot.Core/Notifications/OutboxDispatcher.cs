using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Jobs;
using PartnerBot.Conversations;
using PartnerBot.Observability;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Notifications;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";
    public int BatchSize { get; set; } = 20;
    /// <summary>
    /// How long a claimed message stays claimed by one worker: renewed before each message's send, and each send is cut
    /// off at three quarters of it, so another worker takes a message over only when its holder stopped.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    public int MaxAttempts { get; set; } = 8;
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Delivers the outbox. Each pass claims a batch of due messages with a lease (a conditional UPDATE, so two workers
/// or two hosts never hold the same message), sends each through the recipient's channel, and records the outcome:
/// delivered, retry later with backoff (honouring a channel's Retry-After), or failed after the last attempt.
/// Runs every Jobs:Outbox:Interval, and at once when a turn signals that it queued messages.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    IOptionsMonitor<JobOptions> jobs,
    ILogger<OutboxDispatcher> logger) : RecurringJob<int>(JobName, clock, jobs, logger)
{
    public const string JobName = "Outbox";
    // The channel tag of a message no channel could even be tried for (no person, no channel that reaches them).
    private const string Unknown = "none";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    // Names this worker in claims; each pass adds its own suffix so a pass only reads back what it claimed.
    private readonly string _worker = Guid.NewGuid().ToString("N")[..16];

    /// <summary>Delivers batches until nothing due is left. Returns how many messages were claimed.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var total = 0;
        int claimed;
        while ((claimed = await DispatchDueAsync(ct)) > 0) total += claimed;
        return total;
    }

    /// <summary>The next pass comes when a turn signals new messages, or after the interval at the latest.</summary>
    protected override async Task<bool> WaitForNextPassAsync(PeriodicTimer timer, CancellationToken ct)
    {
        await signal.WaitAsync(Settings.Interval, ct);
        return true;
    }

    /// <summary>One batch: claim and deliver up to a batch of due messages. Returns how many were claimed.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = Clock.GetUtcNow();
        var claim = $"{_worker}:{Guid.NewGuid():N}";
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();

        var due = db.Outbox
            .Where(m => m.DeliveredAt == null && m.FailedAt == null && m.NextAttemptAt <= now &&
                        (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.Id)
            .Take(o.BatchSize)
            .Select(m => m.Id);
        var claimed = await db.Outbox
            .Where(m => due.Contains(m.Id) && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedBy, claim).SetProperty(m => m.LockedUntil, now + o.Lease), ct);
        if (claimed == 0) return 0;

        // In the order they were queued: PostgreSQL returns claimed (just updated) rows in no particular order.
        var ids = await db.Outbox.AsNoTracking().Where(m => m.LockedBy == claim && m.DeliveredAt == null).OrderBy(m => m.Id).Select(m => m.Id).ToListAsync(ct);
        var senders = scope.ServiceProvider.GetServices<IChannelSender>().ToList();
        var systems = scope.ServiceProvider.GetServices<ISystemSender>().ToList();
        foreach (var id in ids)
        {
            // Each message is its own unit: what one delivery tracked (a web chat message, say) never rides on the next.
            db.ChangeTracker.Clear();
            if (!await RenewAsync(db, id, claim, ct)) continue; // the lease ran out while earlier messages were sent: another worker has it
            var message = await db.Outbox.FirstAsync(m => m.Id == id, ct);
            using (Telemetry.StartDelivery(Telemetry.DeliveryKinds.Notification, message.Channel))
            {
                // A send never outlives the lease: past it, another worker could take the message and send it too.
                using var bound = new CancellationTokenSource(SendBound(o), Clock);
                using var send = CancellationTokenSource.CreateLinkedTokenSource(ct, bound.Token);
                await DeliverAsync(db, senders, systems, message, send.Token, ct);
            }
            message.LockedBy = null;
            message.LockedUntil = null;
            await RecordAsync(db, message, claim, ct);
        }
        db.ChangeTracker.Clear();
        return claimed;
    }

    /// <summary>How long one message's delivery may take, every channel tried included: three quarters of the lease.</summary>
    public static TimeSpan SendBound(OutboxOptions o) => o.Lease * 0.75;

    /// <summary>Extends this claim's lease on one message from now, before its send; false when the claim is no longer ours.</summary>
    private async Task<bool> RenewAsync(PartnerBotDb db, long id, string claim, CancellationToken ct)
    {
        var until = Clock.GetUtcNow() + options.Value.Lease;
        if (await db.Outbox.Where(m => m.Id == id && m.LockedBy == claim && m.DeliveredAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, until), ct) == 1) return true;
        Log.LostClaim(Logger, id);
        return false;
    }

    /// <summary>
    /// Records a delivery's outcome (and what the channel wrote with it) only while the claim is still ours, in one
    /// transaction: a worker whose lease was taken over never overwrites the new holder's claim or outcome.
    /// </summary>
    private async Task RecordAsync(PartnerBotDb db, OutboxMessage message, string claim, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var held = await db.Outbox.Where(m => m.Id == message.Id && m.LockedBy == claim)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedBy, claim), ct);
        if (held == 0)
        {
            Log.LostClaim(Logger, message.Id);
            return; // rolled back: the worker holding it now records its own outcome
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Sends one message and sets its outcome. <paramref name="send"/> bounds the call (a call cut off by it is retried
    /// later); <paramref name="ct"/> is the host stopping.
    /// </summary>
    private async Task DeliverAsync(PartnerBotDb db, List<IChannelSender> senders, List<ISystemSender> systems, OutboxMessage message,
        CancellationToken send, CancellationToken ct)
    {
        var o = options.Value;
        message.Attempts++;
        var (result, via) = systems.FirstOrDefault(s => s.Channel == message.Channel) is { } system
            ? await SendToSystemAsync(system, message, send, ct)
            : await SendToPersonAsync(db, senders, message, send, ct);

        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                message.DeliveredAt = Clock.GetUtcNow();
                message.DeliveredVia = via;
                message.DeliveryReference = result.Reference;
                message.LastError = null;
                Telemetry.Delivery(via ?? Unknown, Telemetry.DeliveryKinds.Notification, Telemetry.Outcomes.Delivered);
                Log.Delivered(Logger, message.Id, via ?? "?", message.Attempts);
                break;
            case DeliveryOutcome.RetryLater when message.Attempts < o.MaxAttempts:
                var delay = Backoff.After(message.Attempts, o.FirstRetryDelay, o.MaxRetryDelay, result.RetryAfter);
                message.NextAttemptAt = Clock.GetUtcNow() + delay;
                message.LastError = result.Error;
                if (via is not null) Telemetry.Delivery(via, Telemetry.DeliveryKinds.Notification, Telemetry.Outcomes.Retry);
                Log.WillRetry(Logger, message.Id, delay, result.Error ?? "");
                break;
            default:
                if (via is not null) Telemetry.Delivery(via, Telemetry.DeliveryKinds.Notification, Telemetry.Outcomes.Failed);
                Fail(message, result.Error ?? "Delivery failed.");
                break;
        }
    }

    private async Task<(DeliveryResult Result, string? Via)> SendToPersonAsync(PartnerBotDb db, List<IChannelSender> senders,
        OutboxMessage message, CancellationToken send, CancellationToken ct)
    {
        var personId = message.RecipientPersonId;
        var recipient = await db.People.AsNoTracking().Include(p => p.Identities).FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (recipient is null)
        {
            Telemetry.Delivery(Unknown, Telemetry.DeliveryKinds.Notification, Telemetry.Outcomes.Failed);
            return (DeliveryResult.Fail($"No person '{personId}'."), null);
        }
        if (message.UpdatesMessageId is { } originalId)
            return await RewriteAsync(db, senders, recipient, message, originalId, send, ct);
        if (await CandidatesAsync(senders, recipient, message, ct) is { Count: > 0 } candidates)
            return await SendFirstAsync(candidates, recipient, message, send, ct);
        Telemetry.Delivery(Unknown, Telemetry.DeliveryKinds.Notification, Telemetry.Outcomes.Failed);
        return (DeliveryResult.Fail("No channel where this person is can reach them: link a Slack or Teams identity (or their web chat, if they use it)."), null);
    }

    /// <summary>A message to another system goes through the one sender its channel names; a sender's exception is retried.</summary>
    private async Task<(DeliveryResult Result, string? Via)> SendToSystemAsync(ISystemSender sender, OutboxMessage message,
        CancellationToken send, CancellationToken ct)
    {
        try
        {
            return (await sender.SendAsync(message, send), sender.Channel);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return (DeliveryResult.Retry(Error(sender.Channel, ex)), sender.Channel);
        }
    }

    /// <summary>A rewrite goes where the original went, once the original is there; it is never sent as a new message.</summary>
    private async Task<(DeliveryResult, string?)> RewriteAsync(PartnerBotDb db, List<IChannelSender> senders, Person recipient,
        OutboxMessage message, long originalId, CancellationToken send, CancellationToken ct)
    {
        var original = await db.Outbox.AsNoTracking().Where(m => m.Id == originalId)
            .Select(m => new { m.DeliveredAt, m.FailedAt, m.DeliveredVia, m.DeliveryReference }).FirstOrDefaultAsync(ct);
        if (original is null || original.FailedAt is not null) return (DeliveryResult.Fail($"Message {originalId} was never delivered: nothing to rewrite."), null);
        if (original.DeliveredAt is null) return (DeliveryResult.Retry($"Message {originalId} is not delivered yet."), null);
        var sender = senders.FirstOrDefault(s => s.Channel == original.DeliveredVia);
        if (sender is null || original.DeliveryReference is null)
            return (DeliveryResult.Fail($"Message {originalId} went via {original.DeliveredVia}, which kept no way to rewrite it."), original.DeliveredVia);
        try
        {
            return (await sender.UpdateAsync(original.DeliveryReference, recipient, Notifier.Deserialize(message.ReplyJson), send), sender.Channel);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return (DeliveryResult.Retry(Error(sender.Channel, ex)), sender.Channel);
        }
    }

    /// <summary>
    /// Tries the channels where the person is, in order, until one delivers. When none does, the message is retried
    /// if any channel may work later (the longest Retry-After wins), and fails only when every one refused for good;
    /// the reason names each channel's error.
    /// </summary>
    private async Task<(DeliveryResult Result, string? Via)> SendFirstAsync(List<IChannelSender> candidates, Person recipient, OutboxMessage message,
        CancellationToken send, CancellationToken ct)
    {
        var errors = new List<string>();
        var retry = false;
        TimeSpan? retryAfter = null;
        foreach (var sender in candidates)
        {
            DeliveryResult result;
            try
            {
                result = await sender.SendAsync(message.Id, recipient, Notifier.Deserialize(message.ReplyJson), send);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                result = DeliveryResult.Retry(Error(sender.Channel, ex));
            }
            if (result.Outcome == DeliveryOutcome.Delivered) return (result, sender.Channel);
            // Say why before trying the next channel: a fallback must never hide a failing channel.
            Telemetry.Delivery(sender.Channel, Telemetry.DeliveryKinds.Notification,
                result.Outcome == DeliveryOutcome.RetryLater ? Telemetry.Outcomes.Retry : Telemetry.Outcomes.Failed);
            Log.ChannelFailed(Logger, message.Id, sender.Channel, result.Error ?? "");
            errors.Add(candidates.Count == 1 || (result.Error ?? "").StartsWith(sender.Channel, StringComparison.OrdinalIgnoreCase)
                ? result.Error ?? "" : $"{sender.Channel}: {result.Error}");
            if (result.Outcome == DeliveryOutcome.RetryLater)
            {
                retry = true;
                if (result.RetryAfter is { } after && (retryAfter is null || after > retryAfter)) retryAfter = after;
            }
        }
        var reason = string.Join("; ", errors);
        return (retry ? DeliveryResult.Retry(reason, retryAfter) : DeliveryResult.Fail(reason), null);
    }

    /// <summary>A failed call's reason; a call cut off by the send bound says so (the channel may still have taken it).</summary>
    private string Error(string channel, Exception ex) => ex is OperationCanceledException
        ? $"{channel}: no answer within {SendBound(options.Value)} (three quarters of Outbox:Lease); sent again later"
        : $"{channel}: {ex.Message}";

    private void Fail(OutboxMessage message, string error)
    {
        message.FailedAt = Clock.GetUtcNow();
        message.LastError = error;
        Log.GaveUp(Logger, message.Id, message.Attempts, error);
    }

    /// <summary>
    /// The channels where the person is: the forced channel, else their choice, else where they were last seen, else
    /// any that reaches them. The web chat counts only for people who use it (chose it, or were last seen there) or
    /// whom no other channel reaches: a message meant for someone in Slack or Teams never waits unread in the web chat.
    /// </summary>
    private static async Task<List<IChannelSender>> CandidatesAsync(List<IChannelSender> senders, Person p, OutboxMessage m, CancellationToken ct)
    {
        var order = new List<string?> { m.Channel, p.Preferences.NotifyChannel, p.LastSeenChannel };
        var ranked = senders.OrderBy(s => order.IndexOf(s.Channel) is var i && i < 0 ? int.MaxValue : i).ToList();
        if (m.Channel is not null) ranked = ranked.Where(s => s.Channel == m.Channel).ToList();
        var reachable = new List<IChannelSender>();
        foreach (var s in ranked)
            if (await s.CanReachAsync(p, ct)) reachable.Add(s);
        var usesWebChat = p.Preferences.NotifyChannel == Channels.Web || p.LastSeenChannel == Channels.Web || m.Channel == Channels.Web;
        if (!usesWebChat && reachable.Any(s => s.Channel != Channels.Web)) reachable.RemoveAll(s => s.Channel == Channels.Web);
        return reachable;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Outbox message {Id} delivered via {Channel} (attempt {Attempt})")]
        public static partial void Delivered(ILogger logger, long id, string channel, int attempt);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Outbox message {Id} will be retried in {Delay}: {Error}")]
        public static partial void WillRetry(ILogger logger, long id, TimeSpan delay, string error);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Outbox message {Id} failed after {Attempts} attempts: {Error}")]
        public static partial void GaveUp(ILogger logger, long id, int attempts, string error);

        [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Outbox message {Id}: this worker's lease ran out before it was sent or recorded; the worker that took it over delivers it")]
        public static partial void LostClaim(ILogger logger, long id);

        [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Outbox message {Id} could not go via {Channel} ({Error}); trying the next channel that reaches the recipient")]
        public static partial void ChannelFailed(ILogger logger, long id, string channel, string error);
    }
}
