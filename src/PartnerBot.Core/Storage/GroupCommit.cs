using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PartnerBot.Storage;

/// <summary>One statement for <see cref="GroupCommit"/>: SQL with named parameters ($name), answered with its scalar result.</summary>
public sealed record GroupStatement(string Sql, IReadOnlyList<KeyValuePair<string, object?>> Parameters);

/// <summary>
/// Group commit for the small independent writes of the acknowledgement path (the replay guard's signature, the inbox's
/// delivery): statements from concurrent requests are written by one writer in one transaction, and each caller's task
/// completes only after that transaction committed, so what is acknowledged is stored exactly as before, but a burst of
/// 32 requests costs one commit (and one turn of the SQLite writer) instead of 64. Each statement must stand alone
/// (INSERT … ON CONFLICT DO NOTHING and the like): when one fails the whole batch is rolled back and every caller in it
/// gets the error. Plain ADO.NET on the provider's own connection type, so it works on any provider EF Core uses here.
/// <para>A batch the database refused for another transaction's sake (the provider marks the error transient: a
/// PostgreSQL deadlock when two hosts' batches insert the same signatures in another order, a serialization failure)
/// is rolled back whole, so it is run again, up to <see cref="MaxAttempts"/> times, before its callers get the error:
/// before, one of two hosts acknowledging copies of one Slack event at once could answer 500.</para>
/// </summary>
public sealed partial class GroupCommit(StorageSettings storage, ILogger<GroupCommit> logger) : IAsyncDisposable
{
    /// <summary>Most statements in one transaction.</summary>
    public const int MaxBatch = 256;

    /// <summary>Most times one batch is run when the database refuses it for a transient reason.</summary>
    public const int MaxAttempts = 3;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _start = new();
    private Task? _writer;

    private sealed record Pending(GroupStatement Statement, GroupStatement? Then, TaskCompletionSource<(object? First, object? Then)> Done);

    /// <summary>Runs the statement in the next group; completes with its scalar result once the group committed.</summary>
    public async Task<object?> ExecuteScalarAsync(GroupStatement statement, CancellationToken ct) =>
        (await EnqueueAsync(statement, null, ct)).First;

    /// <summary>
    /// Two statements as one item of the next group: <paramref name="then"/> runs right after <paramref name="first"/>, in
    /// the same transaction, and only when <paramref name="first"/> returned a value (a row inserted, say). Completes once
    /// the group committed, with both results (<c>Then</c> null when it did not run or returned nothing): both are stored
    /// or neither, at the cost of one wait.
    /// </summary>
    public Task<(object? First, object? Then)> ExecuteScalarAsync(GroupStatement first, GroupStatement then, CancellationToken ct) =>
        EnqueueAsync(first, then, ct);

    private async Task<(object? First, object? Then)> EnqueueAsync(GroupStatement statement, GroupStatement? then, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (Volatile.Read(ref _writer) is null)
            lock (_start) _writer ??= Task.Run(WriteAsync, CancellationToken.None);
        var pending = new Pending(statement, then, new TaskCompletionSource<(object?, object?)>(TaskCreationOptions.RunContinuationsAsynchronously));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);
        return await pending.Done.Task.WaitAsync(ct);
    }

    private async Task WriteAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>(MaxBatch);
        DbConnection? connection = null;
        var prepared = new Prepared();
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var next)) batch.Add(next);
            try
            {
                connection ??= await OpenAsync();
                var results = await CommitWithRetriesAsync(connection, prepared, batch);
                for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
            }
            catch (Exception ex)
            {
                Log.BatchFailed(logger, batch.Count, ex);
                foreach (var p in batch) p.Done.TrySetException(ex);
                // The connection may be what failed: the next group opens a new one (and prepares its commands again).
                await prepared.ClearAsync();
                if (connection is not null) await connection.DisposeAsync();
                connection = null;
            }
            await prepared.ReleaseOnceAsync();
        }
        await prepared.ClearAsync();
        if (connection is not null) await connection.DisposeAsync();
    }

    // The provider's own connection, tuned as every connection is (StorageProviders owns both).
    private Task<DbConnection> OpenAsync() => StorageProviders.OpenConnectionAsync(storage, CancellationToken.None);

    private async Task<(object?, object?)[]> CommitWithRetriesAsync(DbConnection connection, Prepared prepared, List<Pending> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CommitAsync(connection, prepared, batch);
            }
            catch (DbException ex) when (ex.IsTransient && attempt < MaxAttempts)
            {
                // Rolled back whole: nothing of it is stored, so running it again stores each statement once.
                Log.BatchRetried(logger, batch.Count, attempt, ex.Message);
                await Task.Delay(attempt * 5);
            }
        }
    }

    private static async Task<(object?, object?)[]> CommitAsync(DbConnection connection, Prepared prepared, List<Pending> batch)
    {
        var results = new (object?, object?)[batch.Count];
        await using var tx = await connection.BeginTransactionAsync();
        for (var i = 0; i < batch.Count; i++)
        {
            var first = await RunAsync(connection, prepared, tx, batch[i].Statement);
            var then = first is not null && batch[i].Then is { } next ? await RunAsync(connection, prepared, tx, next) : null;
            results[i] = (first, then);
        }
        await tx.CommitAsync();
        return results;
    }

    private static async Task<object?> RunAsync(DbConnection connection, Prepared prepared, DbTransaction tx, GroupStatement statement)
    {
        var command = prepared.For(connection, statement);
        command.Transaction = tx;
        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }

    /// <summary>
    /// The writer's commands, one per statement text, kept with their parameters on its one connection: the same few
    /// statements come at every request, and a command run again with new values is not prepared again (SQLite keeps
    /// its compiled statement). Bounded: texts past <see cref="MaxPrepared"/> get a command each time, as before.
    /// </summary>
    private sealed class Prepared
    {
        private const int MaxPrepared = 64;
        private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
        private readonly List<DbCommand> _once = [];

        public DbCommand For(DbConnection connection, GroupStatement statement)
        {
            if (_commands.TryGetValue(statement.Sql, out var command) && SameNames(command, statement))
            {
                for (var p = 0; p < statement.Parameters.Count; p++) command.Parameters[p].Value = statement.Parameters[p].Value ?? DBNull.Value;
                return command;
            }
            command = connection.CreateCommand();
            command.CommandText = statement.Sql;
            foreach (var (name, value) in statement.Parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
            if (_commands.Count < MaxPrepared && !_commands.ContainsKey(statement.Sql)) _commands[statement.Sql] = command;
            else _once.Add(command);
            return command;
        }

        private static bool SameNames(DbCommand command, GroupStatement statement)
        {
            if (command.Parameters.Count != statement.Parameters.Count) return false;
            for (var p = 0; p < statement.Parameters.Count; p++)
                if (command.Parameters[p].ParameterName != statement.Parameters[p].Key) return false;
            return true;
        }

        /// <summary>Commands used once are let go after each group; kept ones when their connection goes.</summary>
        public async ValueTask ReleaseOnceAsync()
        {
            foreach (var c in _once) await c.DisposeAsync();
            _once.Clear();
        }

        public async ValueTask ClearAsync()
        {
            await ReleaseOnceAsync();
            foreach (var c in _commands.Values) await c.DisposeAsync();
            _commands.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is { } writer) await writer;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1220, Level = LogLevel.Error, Message = "A group of {Count} writes failed and was rolled back; each caller got the error")]
        public static partial void BatchFailed(ILogger logger, int count, Exception ex);

        [LoggerMessage(EventId = 1221, Level = LogLevel.Warning, Message = "A group of {Count} writes was refused for another transaction's sake (attempt {Attempt}) and is run again: {Reason}")]
        public static partial void BatchRetried(ILogger logger, int count, int attempt, string reason);
    }
}
