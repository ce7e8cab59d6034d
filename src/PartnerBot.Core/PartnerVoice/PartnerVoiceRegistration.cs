using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Conversations;
using PartnerBot.Jobs;

namespace PartnerBot.PartnerVoice;

public static class PartnerVoiceRegistration
{
    /// <summary>Partner voice: the survey (its job, buttons, comment and "survey"), its digest section, and the QBR pack ("qbr").</summary>
    public static IServiceCollection AddPartnerVoice(this IServiceCollection services)
    {
        services.AddCommand<SurveyCommand>();
        services.AddActionHandler<SurveyActions>();
        services.AddDialog<SurveyCommentDialog>();
        services.AddRecurringJob<SurveyJob>(SurveyJob.JobName, SurveyJob.DefaultInterval);
        services.AddScoped<Digests.IDigestSection, PartnerVoiceDigestSection>();
        services.AddScoped<QuarterlyReview>();
        services.AddCommand<QbrCommand>();
        return services;
    }
}
