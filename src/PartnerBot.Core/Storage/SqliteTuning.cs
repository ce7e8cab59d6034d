using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PartnerBot.Storage;

/// <summary>
/// SQLite as a server needs it: write-ahead logging (readers never wait for the writer), synchronous=NORMAL (durable
/// at each checkpoint, safe against a process crash) and a busy timeout (a second writer waits instead of failing).
/// WAL is a property of the file, set once at start; the other two are per connection. SQLite has one writer at a time:
/// writers of this process take turns through <see cref="SqliteWriteGate"/> instead of sleeping in the busy handler.
/// </summary>
public static class SqliteTuning
{
    public const int BusyTimeoutMs = 10_000;

    public static async Task ApplyAsync(DbConnection connection, CancellationToken ct)
    {
        if (connection is not SqliteConnection) return;
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={BusyTimeoutMs};";
        await command.ExecuteNonQueryAsync(ct);
    }

    public static void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection) return;
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={BusyTimeoutMs};";
        command.ExecuteNonQuery();
    }

    /// <summary>Switches the database file to WAL (persistent; a no-op when it already is).</summary>
    public static async Task UseWriteAheadLogAsync(DbConnection connection, CancellationToken ct)
    {
        if (connection is not SqliteConnection) return;
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Applies <see cref="SqliteTuning"/> to every connection EF Core opens.</summary>
public sealed class SqliteTuningInterceptor : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => SqliteTuning.Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        SqliteTuning.ApplyAsync(connection, cancellationToken);
}

/// <summary>
/// SQLite takes one write transaction at a time; a second writer that finds the file locked sleeps in SQLite's busy
/// handler (1, 2, 5, 10 … 100 ms) and tries again, so under load writers mostly sleep, and acknowledgements wait behind
/// turns by whole sleeps. The writers of one process therefore queue here, first come first served, one per database
/// file, and only find the lock taken when another process writes (the busy timeout still covers that). A write is an
/// EF save without an explicit transaction (from the first interceptor's SavingChanges to the last one's end, so a
/// capability's own transaction inside the save is covered), an autocommit INSERT/UPDATE/DELETE command, or a write the
/// inbox makes on its own connection (<see cref="EnterAsync"/>). Writes inside an explicit transaction are not gated:
/// their transaction may already hold SQLite's lock. Nothing here applies to other providers.
/// </summary>
public static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private static readonly ConditionalWeakTable<DbContext, SemaphoreSlim> Saving = new();
    private static readonly ConcurrentDictionary<Guid, SemaphoreSlim> RunningStatements = new();

    /// <summary>The turn to write to this connection's database; dispose it when the write is committed.</summary>
    public static async ValueTask<Hold> EnterAsync(DbConnection connection, CancellationToken ct)
    {
        if (GateOf(connection) is not { } gate) return default;
        await gate.WaitAsync(ct);
        return new Hold(gate);
    }

    public readonly struct Hold(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }

    private static SemaphoreSlim? GateOf(DbConnection connection) =>
        connection is SqliteConnection ? Gates.GetOrAdd(connection.ConnectionString, _ => new SemaphoreSlim(1, 1)) : null;

    private static SemaphoreSlim? ForSave(DbContext? context) =>
        context is { Database.CurrentTransaction: null } ? GateOf(context.Database.GetDbConnection()) : null;

    private static void Held(DbContext context, SemaphoreSlim gate) => Saving.AddOrUpdate(context, gate);

    private static void ReleaseSave(DbContext? context)
    {
        if (context is not null && Saving.TryGetValue(context, out var gate) && Saving.Remove(context)) gate.Release();
    }

    /// <summary>Registered before every other interceptor: the save waits for its turn before anything writes.</summary>
    public sealed class Enter : SaveChangesInterceptor
    {
        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            if (ForSave(eventData.Context) is { } gate)
            {
                gate.Wait();
                Held(eventData.Context!, gate);
            }
            return result;
        }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (ForSave(eventData.Context) is { } gate)
            {
                await gate.WaitAsync(cancellationToken);
                Held(eventData.Context!, gate);
            }
            return result;
        }
    }

    /// <summary>Registered after every other interceptor: the turn ends once the save (and a capability's commit in it) is over.</summary>
    public sealed class Exit : SaveChangesInterceptor
    {
        public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
        {
            ReleaseSave(eventData.Context);
            return result;
        }

        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            ReleaseSave(eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override void SaveChangesFailed(DbContextErrorEventData eventData) => ReleaseSave(eventData.Context);

        public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            ReleaseSave(eventData.Context);
            return Task.CompletedTask;
        }

        public override void SaveChangesCanceled(DbContextEventData eventData) => ReleaseSave(eventData.Context);

        public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
        {
            ReleaseSave(eventData.Context);
            return Task.CompletedTask;
        }
    }

    /// <summary>Autocommit writes outside a save (ExecuteUpdate, ExecuteDelete, ExecuteSql): one turn per command.</summary>
    public sealed class Statements : DbCommandInterceptor
    {
        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            if (ForCommand(command, eventData) is { } gate)
            {
                gate.Wait();
                RunningStatements[eventData.CommandId] = gate;
            }
            return result;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (ForCommand(command, eventData) is { } gate)
            {
                await gate.WaitAsync(cancellationToken);
                RunningStatements[eventData.CommandId] = gate;
            }
            return result;
        }

        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            Release(eventData.CommandId);
            return result;
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
            CancellationToken cancellationToken = default)
        {
            Release(eventData.CommandId);
            return ValueTask.FromResult(result);
        }

        public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Release(eventData.CommandId);

        public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Release(eventData.CommandId);
            return Task.CompletedTask;
        }

        public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Release(eventData.CommandId);

        public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Release(eventData.CommandId);
            return Task.CompletedTask;
        }

        private static SemaphoreSlim? ForCommand(DbCommand command, CommandEventData eventData)
        {
            if (command.Transaction is not null || !IsWrite(command.CommandText)) return null;
            // A save's own single statement runs without a transaction: the save already holds the turn.
            if (eventData.Context is { } context && Saving.TryGetValue(context, out _)) return null;
            return command.Connection is { } connection ? GateOf(connection) : null;
        }

        private static void Release(Guid commandId)
        {
            if (RunningStatements.TryRemove(commandId, out var gate)) gate.Release();
        }

        private static bool IsWrite(string sql)
        {
            var text = sql.AsSpan().TrimStart();
            return text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) ||
                   text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) || text.StartsWith("REPLACE", StringComparison.OrdinalIgnoreCase);
        }
    }
}
