using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerBot.Importing;
using PartnerBot.Jobs;

namespace PartnerBot.Commissions;

public static class CommissionsRegistration
{
    /// <summary>Commission and incentives: the calculator, closing deals, statements, payouts and the job that makes commission payable.</summary>
    public static IServiceCollection AddCommissions(this IServiceCollection services)
    {
        services.AddSingleton<CommissionCalculator>();
        services.AddScoped<CommissionService>();
        services.AddScoped<IncentiveService>();
        services.AddScoped<ActivityRecorder>();
        services.AddCommand<PointsCommand>();
        services.AddImporter<ActivityImporter>();
        services.AddCommand<CloseDealCommand>();
        services.AddCommand<CancelDealCommand>();
        services.AddCommand<StatementCommand>();
        services.AddCommand<PayoutCommand>();
        services.AddDialog<CloseDealDialog>();
        services.AddDialog<PayoutDialog>();
        services.AddScoped<Knowledge.ICommissionFacts, CommissionStatementFacts>();
        // Their parts of the managers' and reps' digests.
        services.AddScoped<Digests.IDigestSection, RevenueDigestSection>();
        services.AddScoped<Digests.IDigestSection, IncentivesDigestSection>();
        services.AddRecurringJob<CommissionJob>(CommissionJob.JobName, CommissionJob.DefaultInterval);
        return services;
    }
}
