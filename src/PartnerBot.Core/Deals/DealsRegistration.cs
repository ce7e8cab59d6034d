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
        services.AddScoped<ConflictChecker>();
        services.AddScoped<DealService>();
        // A model-backed extractor registered before or after this replaces the rules-based default.
        services.TryAddSingleton<IDealTextExtractor, RuleBasedDealTextExtractor>();
        services.AddCommand<RegisterDealCommand>();
        services.AddCommand<MyDealsCommand>();
        services.AddCommand<ReviewQueueCommand>();
        services.AddCommand<ExtendDealCommand>();
        services.AddDialog<RegisterDealDialog>();
        services.AddDialog<RejectDealDialog>();
        services.AddDialog<ExtendDealDialog>();
        services.AddActionHandler<DealActionHandler>();
        services.AddProgramDataLoader<DealsLoader>();
        services.AddRecurringJob<DealReminderJob>(DealReminderJob.JobName, DealReminderJob.DefaultInterval);
        return services;
    }
}
