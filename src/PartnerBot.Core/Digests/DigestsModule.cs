using Microsoft.Extensions.DependencyInjection;

namespace PartnerBot.Digests;

public static class DigestsModule
{
    /// <summary>Digests for managers and reps: the builder, the "digest" command, and the scheduler.</summary>
    public static IServiceCollection AddDigests(this IServiceCollection services)
    {
        services.AddOptions<DigestOptions>().BindConfiguration(DigestOptions.Section);
        services.AddScoped<DigestBuilder>();
        services.AddCommand<DigestCommand>();
        services.AddSingleton<DigestScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<DigestScheduler>());
        return services;
    }
}
