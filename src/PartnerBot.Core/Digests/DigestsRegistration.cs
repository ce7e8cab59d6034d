using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Digests.Sections;
using PartnerBot.Jobs;

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
        return services;
    }

    /// <summary>The builder and its own sections, each for the recipient's scope only (also used by the benchmark).</summary>
    public static IServiceCollection AddDigestSections(this IServiceCollection services)
    {
        services.AddScoped<DigestBuilder>();
        // Orders 50 (revenue, commission payable) and 60 (tiers) are registered by AddCommissions, which owns those numbers.
        services.AddScoped<IDigestSection, DealsDigestSection>();
        services.AddScoped<IDigestSection, ActivationDigestSection>();
        services.AddScoped<IDigestSection, DecisionsDigestSection>();
        services.AddScoped<IDigestSection, EndingSoonDigestSection>();
        services.AddScoped<IDigestSection, EnablementDigestSection>();
        services.AddScoped<IDigestSection, TrendDigestSection>();
        return services;
    }
}
