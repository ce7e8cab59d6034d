using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Notifications;
using PartnerBot.Storage;
using PartnerBot.Tiers;

namespace PartnerBot.Commissions;

public sealed class CommissionOptions
{
    public const string Section = "Commissions";
    /// <summary>Run the daily job (pending → payable, tier review) in the background. Tests run it by hand.</summary>
    public bool RunInBackground { get; set; } = true;
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>Every few hours: commission past its hold becomes payable, and every organisation's tier is reviewed.</summary>
public sealed partial class CommissionJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CommissionOptions> options,
    ILogger<CommissionJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunInBackground) return;
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try { await RunOnceAsync(stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException) { Log.Failed(logger, ex); }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<(int Payable, int TierChanges)> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        var now = clock.GetUtcNow();
        var payable = await scope.ServiceProvider.GetRequiredService<CommissionService>().AdvanceAsync(now, ct);
        var changes = await scope.ServiceProvider.GetRequiredService<TierService>().ReviewAllAsync(now, ct);
        await db.SaveChangesAsync(ct);
        scope.ServiceProvider.GetRequiredService<OutboxSignal>().Notify();
        if (payable + changes.Count > 0) Log.Ran(logger, payable, changes.Count);
        return (payable, changes.Count);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Commission job: {Payable} lines became payable, {TierChanges} tier changes")]
        public static partial void Ran(ILogger logger, int payable, int tierChanges);

        [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "The commission job failed; it runs again at the next interval")]
        public static partial void Failed(ILogger logger, Exception ex);
    }
}

public static class CommissionsModule
{
    /// <summary>Commission and tiers: the calculator, closing deals, statements, payouts, the tier command and the daily job.</summary>
    public static IServiceCollection AddCommissions(this IServiceCollection services)
    {
        services.AddOptions<CommissionOptions>().BindConfiguration(CommissionOptions.Section);
        services.AddSingleton<CommissionCalculator>();
        services.AddSingleton<TierEvaluator>();
        services.AddScoped<CommissionService>();
        services.AddScoped<TierService>();
        services.AddCommand<CloseDealCommand>();
        services.AddCommand<CancelDealCommand>();
        services.AddCommand<StatementCommand>();
        services.AddCommand<PayoutCommand>();
        services.AddCommand<TierCommand>();
        services.AddDialog<CloseDealDialog>();
        services.AddDialog<PayoutDialog>();
        // The assistant's facts about tiers, deals and commission come from the services that own those numbers.
        services.AddScoped<Knowledge.ITierFacts, TierStandingFacts>();
        services.AddScoped<Knowledge.IDealFacts, DealStatusFacts>();
        services.AddScoped<Knowledge.ICommissionFacts, CommissionStatementFacts>();
        // Their parts of the managers' and reps' digests.
        services.AddScoped<Digests.IDigestSection, RevenueDigestSection>();
        services.AddScoped<Digests.IDigestSection, TiersDigestSection>();
        services.AddSingleton<CommissionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<CommissionJob>());
        return services;
    }
}
