using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Jobs;

namespace PartnerBot.Onboarding;

public static class OnboardingRegistration
{
    /// <summary>The onboarding journey: "onboarding", the partner's home checklist, the nudges and the digest's section.</summary>
    public static IServiceCollection AddOnboarding(this IServiceCollection services)
    {
        services.AddCommand<OnboardingCommand>();
        services.AddScoped<Conversations.IHomeSection, OnboardingHomeSection>();
        services.AddRecurringJob<OnboardingNudgeJob>(OnboardingNudgeJob.JobName, OnboardingNudgeJob.DefaultInterval);
        services.AddScoped<Digests.IDigestSection, OnboardingDigestSection>();
        return services;
    }
}
