using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerBot.Jobs;

namespace PartnerBot.Mdf;

public static class MdfRegistration
{
    /// <summary>Market development funds: balance, plans, claims, the rep's decisions, and reminders.</summary>
    public static IServiceCollection AddMdf(this IServiceCollection services)
    {
        services.AddScoped<Knowledge.IMdfFacts, MdfFacts>();
        services.AddScoped<MdfFunds>();
        services.AddScoped<MdfPlanSubmission>();
        services.AddScoped<MdfClaimSubmission>();
        services.AddCommand<MdfCommand>();
        services.AddCommand<MdfPlanCommand>();
        services.AddDialog<MdfPlanDialog>();
        services.AddCommand<MdfClaimCommand>();
        services.AddDialog<MdfClaimDialog>();
        services.AddCommand<MdfAllocateCommand>();
        services.AddActionHandler<MdfActions>();
        services.AddDialog<MdfChangesDialog>();
        services.AddScoped<Deals.IReviewQueueSource, MdfReviewQueue>();
        services.AddRecurringJob<MdfReminderJob>(MdfReminderJob.JobName, MdfReminderJob.DefaultInterval);
        return services.AddMdfDigest();
    }

    /// <summary>MDF's part of the digest: plans and claims waiting, funds ending with money left.</summary>
    public static IServiceCollection AddMdfDigest(this IServiceCollection services)
    {
        services.AddScoped<Digests.IDigestDecisions, MdfDecisions>();
        services.AddScoped<Digests.IDigestEndingSoon, FundsEndingSoon>();
        return services;
    }
}
