using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Enablement;

namespace PartnerBot.Tiers;

public static class TiersRegistration
{
    /// <summary>Tiers: the evaluator, the tier review (daily, and when a certification is recorded) and "tier".</summary>
    public static IServiceCollection AddTiers(this IServiceCollection services)
    {
        services.AddSingleton<TierEvaluator>();
        services.AddScoped<TierService>();
        services.AddScoped<ICertificationFollower, TierReviewOnCertification>();
        services.AddCommand<TierCommand>();
        services.AddScoped<Knowledge.ITierFacts, TierStandingFacts>();
        services.AddScoped<Digests.IDigestSection, TiersDigestSection>();
        return services;
    }
}
