using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Jobs;
using PartnerBot.Notifications;
using PartnerBot.Storage;
using PartnerBot.Tiers;

namespace PartnerBot.Commissions;

/// <summary>
/// Every few hours: incentives earned since the last run are recorded, commission past its hold becomes payable, and
/// every organisation's tier is reviewed.
/// </summary>
public sealed partial class CommissionJob(IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<JobOptions> jobs,
    ILogger<CommissionJob> logger) : RecurringJob<(int Payable, int TierChanges)>(JobName, clock, jobs, logger)
{
    public const string JobName = "Commission";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(6);

    public override async Task<(int Payable, int TierChanges)> RunOnceAsync(CancellationToken ct)
    {
        var incentives = await AccrueIncentivesAsync(ct);
        if (incentives > 0) Log.Incentives(Logger, incentives);
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

    /// <summary>
    /// Incentive lines in a save of their own: another run that recorded the same event first makes this save fail on
    /// the event's unique key, and the run starts over, now finding that line (bounded: each retry sees more lines).
    /// </summary>
    private async Task<int> AccrueIncentivesAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
            var added = await scope.ServiceProvider.GetRequiredService<IncentiveService>().AccrueAsync(Clock.GetUtcNow(), ct);
            if (added.Count == 0) return 0;
            try
            {
                await db.SaveChangesAsync(ct);
                return added.Count;
            }
            catch (Microsoft.EntityFrameworkCore.DbUpdateException) when (attempt < 3)
            {
                Log.IncentiveRace(Logger, attempt);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Commission job: {Count} incentive lines recorded")]
        public static partial void Incentives(ILogger logger, int count);

        [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Commission job: another run recorded some of the same incentives first (attempt {Attempt}); reading again")]
        public static partial void IncentiveRace(ILogger logger, int attempt);

        [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Commission job: {Payable} lines became payable, {TierChanges} tier changes")]
        public static partial void Ran(ILogger logger, int payable, int tierChanges);
    }
}
