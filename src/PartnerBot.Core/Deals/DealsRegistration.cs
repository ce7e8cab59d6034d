using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerBot.Jobs;

namespace PartnerBot.Deals;

public static class DealsRegistration
{
    /// <summary>Deal registration: the form and its parser, the conflict check, review, extensions, reminders and expiry.</summary>
    public static IServiceCollection AddDeals(this IServiceCollection services)
    {
        services.AddSingleton<ConflictIndex>();
        services.AddSingleton<PartnerSourcedRevenue>();
        services.AddScoped<DealSaveInterceptor>();
        services.AddScoped<ISaveChangesInterceptor>(sp => sp.GetRequiredService<DealSaveInterceptor>());
        services.AddScoped<ConflictChecker>();
        services.AddScoped<DealService>();
        // With the assistant's model configured, the model pre-fills the deal form from a sentence; our own parser
        // otherwise (and whenever the model fails).
        services.TryAddSingleton<IDealTextExtractor, ModelDealTextExtractor>();
        services.AddCommand<RegisterDealCommand>();
        services.AddCommand<MyDealsCommand>();
        services.AddCommand<ReviewQueueCommand>();
        services.AddScoped<IReviewQueueSource, DealsReviewQueue>();
        services.AddCommand<ExtendDealCommand>();
        services.AddDialog<RegisterDealDialog>();
        services.AddDialog<RejectDealDialog>();
        services.AddDialog<ExtendDealDialog>();
        services.AddActionHandler<DealActionHandler>();
        services.AddImporter<DirectAccountImporter>();
        services.AddImporter<DealImporter>();
        services.AddProgramDataLoader<DealsLoader>();
        services.AddScoped<Knowledge.IDealFacts, DealStatusFacts>();
        services.AddRecurringJob<DealReminderJob>(DealReminderJob.JobName, DealReminderJob.DefaultInterval);
        return services.AddDealsDigest();
    }

    /// <summary>The deals' part of the digest: registrations, activation, the trend, decisions waiting and protections ending.</summary>
    public static IServiceCollection AddDealsDigest(this IServiceCollection services)
    {
        services.AddScoped<Digests.IDigestSection, DealsDigestSection>();
        services.AddScoped<Digests.IDigestSection, ActivationDigestSection>();
        services.AddScoped<Digests.IDigestSection, TrendDigestSection>();
        services.AddScoped<Digests.IDigestDecisions, DealDecisions>();
        services.AddScoped<Digests.IDigestEndingSoon, ProtectionEndingSoon>();
        return services;
    }
}
