using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Jobs;
using PartnerBot.Storage;

namespace PartnerBot.Digests;

public static class DigestsRegistration
{
    /// <summary>Digests for managers and reps: the builder, the "digest" command, and the scheduler.</summary>
    public static IServiceCollection AddDigests(this IServiceCollection services)
    {
        services.AddOptions<DigestOptions>().BindConfiguration(DigestOptions.Section);
        services.AddDigestSections();
        services.AddCommand<DigestCommand>();
        services.AddRecurringJob<DigestScheduler>(DigestScheduler.JobName, DigestScheduler.DefaultInterval);
        services.AddSingleton<IExpiredRows, ExpiredDigestCharts>();
        return services;
    }

    /// <summary>
    /// The builder and the sections that gather every capability's part ("Decisions waiting", "Ending soon"). Each
    /// capability registers its own sections and parts with the numbers it owns (also used by the benchmark).
    /// </summary>
    public static IServiceCollection AddDigestSections(this IServiceCollection services)
    {
        services.AddScoped<DigestBuilder>();
        services.AddScoped<IDigestSection, DecisionsDigestSection>();
        services.AddScoped<IDigestSection, EndingSoonDigestSection>();
        return services;
    }
}
