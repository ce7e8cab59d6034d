using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Audit;

namespace PartnerBot.Storage;

/// <summary>
/// The contexts a scope asks for come from a pool: a scope leases one, and its end returns it, state reset. The
/// options (and EF Core's services behind them) are built once, instead of in every scope. The save interceptors keep
/// state per scope (who acts, a deal save's own transaction, the webhooks queued): they stay scoped, and one
/// interceptor in the shared options finds them through the scope that leased the context
/// (<see cref="ScopeSaveInterceptors"/>). The pool is not a service of its own: a context from it outside a scope would
/// save without its audit, so every context a capability sees comes through <see cref="Lease"/>.
/// </summary>
internal sealed class ContextPool
{
    private readonly Func<PartnerBotDb> _create;

    public ContextPool(StorageSettings storage, IServiceProvider root)
    {
        if (storage.Provider == StorageProvider.PostgreSQL)
        {
            var pool = new PooledDbContextFactory<PostgreSqlPartnerBotDb>(Options<PostgreSqlPartnerBotDb>(storage, root));
            _create = pool.CreateDbContext;
        }
        else
        {
            var pool = new PooledDbContextFactory<PartnerBotDb>(Options<PartnerBotDb>(storage, root));
            _create = pool.CreateDbContext;
        }
    }

    /// <summary>A context for <paramref name="scope"/>: its saves run that scope's interceptors; disposing it returns it.</summary>
    public PartnerBotDb Lease(IServiceProvider scope)
    {
        var db = _create();
        db.LeasedBy(scope);
        return db;
    }

    private static DbContextOptions<T> Options<T>(StorageSettings storage, IServiceProvider root) where T : PartnerBotDb
    {
        var o = new DbContextOptionsBuilder<T>();
        // As AddDbContext does: EF Core logs through the host's logging.
        o.UseApplicationServiceProvider(root);
        o.UseStorage(storage);
        o.AddInterceptors(ScopeSaveInterceptors.Instance);
        return o.Options;
    }
}

/// <summary>
/// The one interceptor in the pooled options: hands each save's events to the leasing scope's save interceptors, in
/// order — <see cref="AuditInterceptor"/> first, then every capability's <see cref="ISaveChangesInterceptor"/> (deals:
/// change numbers and account claims; webhooks) — as EF Core would if they were in the options themselves.
/// </summary>
internal sealed class ScopeSaveInterceptors : SaveChangesInterceptor
{
    public static readonly ScopeSaveInterceptors Instance = new();

    private static ISaveChangesInterceptor[] Of(DbContext? context) =>
        context is PartnerBotDb db ? db.ScopeInterceptors() : [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        using var paused = DetectOnce(eventData.Context);
        foreach (var i in Of(eventData.Context)) result = i.SavingChanges(eventData, result);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        using var paused = DetectOnce(eventData.Context);
        foreach (var i in Of(eventData.Context)) result = await i.SavingChangesAsync(eventData, result, cancellationToken);
        return result;
    }

    /// <summary>
    /// Every interceptor reads the change tracker's entries, and each read scanned every tracked entity for changes again
    /// (six or more scans per save with the engine's and EF Core's own; two now). They run after one scan, with automatic
    /// detection off: what they add is tracked as added at once, and EF Core scans again after them, before it writes,
    /// so a property an interceptor sets is saved as before. A context with detection already off is left as it is.
    /// </summary>
    private static DetectionPaused DetectOnce(DbContext? context)
    {
        if (context is not { ChangeTracker: { AutoDetectChangesEnabled: true } tracker }) return default;
        tracker.DetectChanges();
        return new DetectionPaused(tracker);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        foreach (var i in Of(eventData.Context)) result = i.SavedChanges(eventData, result);
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        foreach (var i in Of(eventData.Context)) result = await i.SavedChangesAsync(eventData, result, cancellationToken);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        foreach (var i in Of(eventData.Context)) i.SaveChangesFailed(eventData);
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        foreach (var i in Of(eventData.Context)) await i.SaveChangesFailedAsync(eventData, cancellationToken);
    }

    public override void SaveChangesCanceled(DbContextEventData eventData)
    {
        foreach (var i in Of(eventData.Context)) i.SaveChangesCanceled(eventData);
    }

    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        foreach (var i in Of(eventData.Context)) await i.SaveChangesCanceledAsync(eventData, cancellationToken);
    }

    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        foreach (var i in Of(eventData.Context)) result = i.ThrowingConcurrencyException(eventData, result);
        return result;
    }

    public override async ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        foreach (var i in Of(eventData.Context)) result = await i.ThrowingConcurrencyExceptionAsync(eventData, result, cancellationToken);
        return result;
    }
}
