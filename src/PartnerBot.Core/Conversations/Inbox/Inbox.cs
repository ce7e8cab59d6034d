using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Notifications;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Conversations;

/// <summary>
/// What <see cref="Inbox.StoreAsync(string, string, string, string, bool, ReplayCheck?, CancellationToken)"/> did: stored a
/// new delivery, found it already stored (a redelivery), or stored nothing because the request itself was a replay.
/// </summary>
public readonly record struct InboxReceipt(long Id, bool Duplicate, bool Replayed = false);

/// <summary>A turn's answer as stored with the turn: its replies and who asked.</summary>
public sealed record InboxAnswer(IReadOnlyList<Reply> Replies, Actor? Actor)
{
    public static string Serialize(IReadOnlyList<Reply> replies, Actor? actor) =>
        JsonSerializer.Serialize(new InboxAnswer(replies, actor), Notifier.Json);

    public static TurnResult Deserialize(string json) =>
        JsonSerializer.Deserialize<InboxAnswer>(json, Notifier.Json) is { } a ? new TurnResult(a.Replies, a.Actor) : TurnResult.Nothing;
}

/// <summary>
/// A channel's side of the inbox: runs a stored delivery's turn through <see cref="InboxWork.TurnAsync"/> (once, however
/// often it is retried) and sends the answer, recording each message sent. Throwing means "not all sent": the worker
/// retries later from where it stopped, and marks the delivery failed with the reason after the last attempt.
/// </summary>
public interface IInboxHandler
{
    string Channel { get; }
    Task HandleAsync(InboxWork work, CancellationToken ct);
}

/// <summary>One claimed delivery being worked on.</summary>
public sealed class InboxWork(InboxItem item, Inbox inbox)
{
    public InboxItem Item { get; } = item;
    public int RepliesSent => Item.RepliesSent;

    /// <summary>
    /// The delivery's turn: its stored answer when it already ran, else the engine runs it now and stores it.
    /// <paramref name="alongside"/>, when the turn runs here and was not a duplicate: what the channel does next with the
    /// database (a read, remembering the conversation), given the turn's result and made right after the turn in its
    /// scope, on its context and its open connection, instead of in a scope of its own. It does not run when the answer
    /// was stored by an earlier attempt: the caller does that work in a scope of its own then.
    /// </summary>
    public async Task<TurnResult> TurnAsync(Turn turn, CancellationToken ct, Func<IServiceProvider, TurnResult, Task>? alongside = null)
    {
        if (Item.ResultJson is { } stored) return InboxAnswer.Deserialize(stored);
        var result = await inbox.RunTurnAsync(Item.Id, turn, alongside, ct);
        Item.State = InboxState.Answered;
        return result;
    }

    /// <summary>Whether the delivery is recorded done (<see cref="DoneAsync"/>): nothing of it is left to send.</summary>
    public bool Done { get; private set; }

    /// <summary>Records that the first <paramref name="count"/> messages of the answer were sent (more follow).</summary>
    public async Task SentAsync(int count, CancellationToken ct)
    {
        Item.RepliesSent = count;
        await inbox.SentAsync(Item.Id, count, ct);
    }

    /// <summary>
    /// Records that the answer's last message was sent, <paramref name="count"/> in all: the delivery is done. One write
    /// for both, made right after the send as <see cref="SentAsync"/> would be, so a retry never sends that message again.
    /// </summary>
    public async Task DoneAsync(int count, CancellationToken ct)
    {
        Item.RepliesSent = count;
        await inbox.DoneAsync(Item.Id, count, ct);
        Item.State = InboxState.Done;
        Done = true;
    }
}

/// <summary>
/// The durable inbox: channels store every delivery here before acknowledging it (a unique index on channel and
/// delivery id makes a redelivery, even a parallel one, a no-op), and <see cref="InboxWorker"/> runs them. Every write
/// of a delivery's state is here: one statement each through the group commit, except the answer, which is part of the
/// turn's own save (<see cref="RecordAnswer"/>), an administrator's retry, made in their turn
/// (<see cref="RetryFailedAsync"/>), and the claim (<see cref="InboxWorker.ClaimSql"/>).
/// </summary>
public sealed partial class Inbox(IServiceScopeFactory scopes, GroupCommit writes, TimeProvider clock, IOptions<InboxOptions> options, ILogger<Inbox> logger) : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private int _signalled;
    private int _full;
    private readonly ConcurrentDictionary<long, Task> _inline = new();

    /// <summary>Names this host's claims.</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// Stores a delivery. <paramref name="claim"/>: the caller runs it now (a protocol that needs the answer in the
    /// response) and holds the lease; otherwise the worker is woken to run it.
    /// </summary>
    public Task<InboxReceipt> StoreAsync(string channel, string deliveryId, string kind, string payload, bool claim, CancellationToken ct) =>
        StoreAsync(channel, deliveryId, kind, payload, claim, null, ct);

    /// <summary>
    /// Stores a delivery that came with a signed request's <paramref name="replay"/> check: the signature is recorded and
    /// the delivery stored in one write (one item of the group commit), the delivery only when the signature was new.
    /// A copy of the request stores nothing and gets <see cref="InboxReceipt.Replayed"/>; a redelivery signed anew
    /// (Slack's retry) records its signature and is a <see cref="InboxReceipt.Duplicate"/> as before.
    /// </summary>
    public async Task<InboxReceipt> StoreAsync(string channel, string deliveryId, string kind, string payload, bool claim, ReplayCheck? replay,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // One statement: a parallel duplicate loses on the unique index and inserts nothing (no exception, no 5xx). It is
        // committed with the other deliveries of the moment; the caller acknowledges only after that commit.
        var insert = new GroupStatement("""
            INSERT INTO "Inbox" ("Channel", "DeliveryId", "Kind", "Payload", "State", "Attempts", "ReceivedAt", "NextAttemptAt", "LockedBy", "LockedUntil", "RepliesSent")
            VALUES (@channel, @delivery, @kind, @payload, 'Received', 0, @now, @now, @lockedBy, @lockedUntil, 0)
            ON CONFLICT ("Channel", "DeliveryId") DO NOTHING
            RETURNING "Id";
            """,
            [
                new("@channel", channel),
                new("@delivery", deliveryId.Length > 200 ? deliveryId[..200] : deliveryId),
                new("@kind", kind),
                new("@payload", payload),
                new("@now", now.UtcTicks),
                new("@lockedBy", claim ? WorkerId : null),
                new("@lockedUntil", claim ? (now + options.Value.Lease).UtcTicks : null),
            ]);
        object? id;
        if (replay is null) id = await writes.ExecuteScalarAsync(insert, ct);
        else
        {
            var (firstSeen, stored) = await writes.ExecuteScalarAsync(replay.Record, insert, ct);
            if (firstSeen is null) return new InboxReceipt(0, Duplicate: false, Replayed: true);
            id = stored;
        }
        if (id is null or DBNull)
        {
            Log.Duplicate(logger, channel, deliveryId);
            return new InboxReceipt(0, Duplicate: true);
        }
        // A worker with no slot free is not woken for it: the slot that frees wakes it, and its claim reads the table.
        if (!claim && Volatile.Read(ref _full) == 0) Signal();
        return new InboxReceipt(Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture), Duplicate: false);
    }

    /// <summary>
    /// After a synchronous answer: records what the response already carried and hands the rest of the delivery to
    /// the worker. Called when the inline turn finishes, whether within the protocol's budget or after it.
    /// </summary>
    public async Task ReleaseAsync(long id, string? answeredInline, CancellationToken ct)
    {
        await writes.ExecuteScalarAsync(new GroupStatement($"""
            UPDATE "Inbox" SET "AnsweredInline" = @inline, "NextAttemptAt" = @now, {Unlocked} WHERE "Id" = @id;
            """, [new("@inline", answeredInline), new("@now", clock.GetUtcNow().UtcTicks), new("@id", id)]), ct);
        Signal();
    }

    /// <summary>
    /// Keeps track of an inline turn that outlived its budget: the worker's drain at shutdown waits for it too, and
    /// the delivery is released to the worker when it ends (or taken over by another host when its lease runs out).
    /// </summary>
    public void Track(long id, Task inline)
    {
        _inline[id] = inline;
        _ = inline.ContinueWith(_ => _inline.TryRemove(id, out var _), TaskScheduler.Default);
    }

    internal ICollection<Task> InlineTasks => _inline.Values;

    /// <summary>Runs the turn in its own scope; the engine stores the answer on the inbox row in the turn's transaction.</summary>
    internal async Task<TurnResult> RunTurnAsync(long id, Turn turn, Func<IServiceProvider, TurnResult, Task>? alongside, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var engine = scope.ServiceProvider.GetRequiredService<ConversationEngine>();
        if (alongside is null) return await engine.HandleAsync(turn with { InboxId = id }, ct);
        // Held open across both: the engine's own open and close of it nest inside this one.
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var result = await engine.HandleAsync(turn with { InboxId = id }, ct);
            if (!result.Duplicate) await alongside(scope.ServiceProvider, result);
            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The work on a delivery this request stored with claim: true (it runs the turn inline, within its budget).</summary>
    public async Task<InboxWork> WorkOnAsync(long id, CancellationToken ct) =>
        new(await LoadAsync(id, ct) ?? throw new InvalidOperationException($"Inbox item {id} is gone."), this);

    internal async Task<InboxItem?> LoadAsync(long id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PartnerBotDb>().Inbox.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
    }

    /// <summary>How many of a delivery's messages were sent: a statement of its own, committed with the writes of the moment.</summary>
    internal Task SentAsync(long id, int count, CancellationToken ct) =>
        writes.ExecuteScalarAsync(new GroupStatement("""
            UPDATE "Inbox" SET "RepliesSent" = @sent WHERE "Id" = @id;
            """, [new("@sent", count), new("@id", id)]), ct);

    /// <summary>
    /// A delivery is done, with <paramref name="sent"/> messages sent: one statement, committed with the writes of the
    /// moment (the other workers' and the acknowledgements'), instead of a context and a transaction of its own.
    /// </summary>
    internal Task DoneAsync(long id, int sent, CancellationToken ct) =>
        writes.ExecuteScalarAsync(new GroupStatement($"""
            UPDATE "Inbox" SET "State" = '{nameof(InboxState.Done)}', "RepliesSent" = @sent, "CompletedAt" = @now, "LastError" = NULL, {Unlocked}
            WHERE "Id" = @id;
            """, [new("@sent", sent), new("@now", clock.GetUtcNow().UtcTicks), new("@id", id)]), ct);

    /// <summary>
    /// An attempt failed after <paramref name="attempts"/> in all: the delivery waits until <paramref name="next"/>, or,
    /// <paramref name="failed"/>, stops there with the reason (the administrators' list of failed deliveries).
    /// </summary>
    internal Task FailedAttemptAsync(long id, int attempts, DateTimeOffset next, string reason, bool failed, CancellationToken ct)
    {
        var stop = failed ? $"""
            , "State" = '{nameof(InboxState.Failed)}', "CompletedAt" = @next
            """ : "";
        return writes.ExecuteScalarAsync(new GroupStatement($"""
            UPDATE "Inbox" SET "Attempts" = @attempts, "NextAttemptAt" = @next, "LastError" = @reason, {Unlocked}{stop}
            WHERE "Id" = @id;
            """, [new("@attempts", attempts), new("@next", next.UtcTicks), new("@reason", reason), new("@id", id)]), ct);
    }

    /// <summary>
    /// The turn's answer, written with everything the turn changed (its save, one transaction), so a crash after the turn
    /// cannot lose the answer and a retry never runs the turn twice. The row is not read first: the worker holds its
    /// claim, so it is there, and only these three columns are written (an UPDATE by key in the turn's save, which fails
    /// the save, like any lost row, if it were gone).
    /// </summary>
    internal static void RecordAnswer(PartnerBotDb db, long id, TurnResult result)
    {
        // Found by key and marked by name: no scan of what the turn tracks (the save detects its changes anyway) and no
        // expression trees built, which was most of this method's CPU.
        using var paused = new DetectionPaused(db.ChangeTracker);
        var item = db.Inbox.Local.FindEntry(id)?.Entity;
        if (item is null)
        {
            item = new InboxItem { Id = id, Channel = "", DeliveryId = "", Kind = "", Payload = "" };
            db.Inbox.Attach(item);
        }
        item.State = InboxState.Answered;
        item.ResultJson = InboxAnswer.Serialize(result.Replies, result.Actor);
        item.RepliesSent = 0;
        var entry = db.Entry(item);
        foreach (var column in AnswerColumns) entry.Property(column).IsModified = true;
    }

    private static readonly string[] AnswerColumns = [nameof(InboxItem.State), nameof(InboxItem.ResultJson), nameof(InboxItem.RepliesSent)];

    /// <summary>
    /// An administrator asks for a failed delivery to be tried again, in their turn: it waits again with its attempts
    /// reset, its answer kept when the turn had run. Returns 0 when it is not (or no longer) failed.
    /// </summary>
    internal static Task<int> RetryFailedAsync(PartnerBotDb db, long id, DateTimeOffset now, CancellationToken ct) =>
        db.Inbox.Where(i => i.Id == id && i.State == InboxState.Failed).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.State, i => i.ResultJson == null ? InboxState.Received : InboxState.Answered)
            .SetProperty(i => i.Attempts, 0).SetProperty(i => i.NextAttemptAt, now).SetProperty(i => i.CompletedAt, (DateTimeOffset?)null), ct);

    // Whoever held the delivery lets go of it: every state written after a claim says so.
    private const string Unlocked = "\"LockedBy\" = NULL, \"LockedUntil\" = NULL";

    /// <summary>
    /// Wakes the worker: something may be due or a slot free. Under load every acknowledgement and every finished turn
    /// signals; all but the first between two of the worker's passes are a flag already set, not a semaphore's lock
    /// taken by every request at once (that lock's contention showed in the profile) and a wake-up each.
    /// </summary>
    public void Signal()
    {
        if (Interlocked.Exchange(ref _signalled, 1) != 0) return;
        try { _signal.Release(); } catch (SemaphoreFullException) { /* already signalled */ }
    }

    /// <summary>
    /// The worker says, before it waits, whether it could start a new delivery now; while it could not, storing one
    /// does not wake it (under load, a wake-up per acknowledgement for nothing). Every other signal wakes it.
    /// </summary>
    internal void WorkerFull(bool full) => Volatile.Write(ref _full, full ? 1 : 0);

    /// <summary>
    /// The worker waits for a signal. The flag is cleared when it wakes, before its pass looks at the table: a signal
    /// from then on wakes it again, and one that came earlier was for something that pass sees.
    /// </summary>
    internal async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        var signalled = await _signal.WaitAsync(timeout, ct);
        // Awake: until it says otherwise, every store signals (it may have a slot for it after this pass).
        Volatile.Write(ref _full, 0);
        Volatile.Write(ref _signalled, 0);
        return signalled;
    }

    public void Dispose() => _signal.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1210, Level = LogLevel.Information, Message = "{Channel} delivery {DeliveryId} is already in the inbox; acknowledged once more, handled once")]
        public static partial void Duplicate(ILogger logger, string channel, string deliveryId);
    }
}
