using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PartnerBot.Jobs;

/// <summary>What every recurring job shows the host and the tests: its name in <c>Jobs:{Name}</c>.</summary>
public interface IRecurringJob
{
    string Name { get; }
}

/// <summary>
/// The one loop of every background job: a pass at start, then one per <see cref="JobOptions.Interval"/> on the
/// <see cref="TimeProvider"/> (so a fake clock drives it in tests), unless <see cref="JobOptions.Enabled"/> is off.
/// A failed pass is logged with the job's name and the loop goes on; stopping the host ends it quietly. Tests call
/// <see cref="RunOnceAsync"/> themselves. Register a job with <see cref="JobsRegistration.AddRecurringJob{TJob}"/>.
/// </summary>
/// <typeparam name="TResult">What one pass reports (for tests and logs); the loop ignores it.</typeparam>
public abstract partial class RecurringJob<TResult>(string name, TimeProvider clock, IOptionsMonitor<JobOptions> options, ILogger logger)
    : BackgroundService, IRecurringJob
{
    public string Name => name;

    protected TimeProvider Clock => clock;

    protected ILogger Logger => logger;

    /// <summary>This job's <c>Jobs:{Name}</c> settings.</summary>
    protected JobOptions Settings => options.Get(name);

    /// <summary>One pass, now.</summary>
    public abstract Task<TResult> RunOnceAsync(CancellationToken ct);

    /// <summary>Waits until the next pass is due; false ends the loop. A job that can be woken early overrides it.</summary>
    protected virtual async Task<bool> WaitForNextPassAsync(PeriodicTimer timer, CancellationToken ct) =>
        await timer.WaitForNextTickAsync(ct);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = Settings;
        if (!settings.Enabled) return;
        using var timer = new PeriodicTimer(settings.Interval, clock);
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    Log.PassFailed(logger, ex, name, settings.Interval);
                }
            }
            while (await WaitForNextPassAsync(timer, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "The {Job} job's pass failed; it runs again in {Interval}")]
        public static partial void PassFailed(ILogger logger, Exception ex, string job, TimeSpan interval);
    }
}
