using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Jobs;
using PartnerBot.Notifications;
using PartnerBot.Storage;
using PartnerBot.Tiers;

namespace PartnerBot.Commissions;

/// <summary>Every few hours: commission past its hold becomes payable, and every organisation's tier is reviewed.</summary>
public sealed partial class CommissionJob(IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<JobOptions> jobs,
    ILogger<CommissionJob> logger) : RecurringJob<(int Payable, int TierChanges)>(JobName, clock, jobs, logger)
{
    public const string JobName = "Commission";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(6);

    public override async Task<(int Payable, int TierChanges)> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        var now = Clock.GetUtcNow();
        var payable = await scope.ServiceProvider.GetRequiredService<CommissionService>().AdvanceAsync(now, ct);
        var changes = await scope.ServiceProvider.GetRequiredService<TierService>().ReviewAllAsync(now, ct);
        await db.SaveChangesAsync(ct);
        scope.ServiceProvider.GetRequiredService<OutboxSignal>().Notify();
        if (payable + changes.Count > 0) Log.Ran(Logger, payable, changes.Count);
        return (payable, changes.Count);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Commission job: {Payable} lines became payable, {TierChanges} tier changes")]
        public static partial void Ran(ILogger logger, int payable, int tierChanges);
    }
}
