using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PartnerBot.Jobs;

public static class JobsRegistration
{
    /// <summary>
    /// Registers a recurring job as a singleton (tests resolve it to run a pass) and as a hosted service, with its
    /// settings bound from <c>Jobs:{name}</c> and checked at start: an interval of zero or less stops the host.
    /// </summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string name, TimeSpan interval)
        where TJob : class, IHostedService, IRecurringJob
    {
        var key = JobOptions.Key(name, nameof(JobOptions.Interval));
        services.AddOptions<JobOptions>(name)
            .Configure(o => o.Interval = interval)
            .BindConfiguration($"{JobOptions.Root}:{name}")
            .Validate(o => o.Interval > TimeSpan.Zero,
                $"{key} must be more than zero (it is how often the job runs, e.g. \"{interval}\"); " +
                $"to stop the job, set {JobOptions.Key(name, nameof(JobOptions.Enabled))} to false.")
            .ValidateOnStart();
        services.AddSingleton<TJob>();
        services.AddHostedService(sp => sp.GetRequiredService<TJob>());
        return services;
    }
}
