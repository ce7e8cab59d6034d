using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Jobs;

namespace PartnerBot.AccountMapping;

public static class AccountMappingRegistration
{
    /// <summary>Account mapping: the partner-accounts import, "overlap" and "share accounts", the co-sell button and the overlap alerts.</summary>
    public static IServiceCollection AddAccountMapping(this IServiceCollection services)
    {
        services.AddImporter<PartnerAccountImporter>();
        services.AddScoped<AccountOverlaps>();
        services.AddCommand<OverlapCommand>();
        services.AddCommand<ShareAccountsCommand>();
        services.AddActionHandler<CoSellActions>();
        services.AddScoped<Digests.IDigestSection, AccountMappingDigestSection>();
        services.AddRecurringJob<OverlapAlertJob>(OverlapAlertJob.JobName, OverlapAlertJob.DefaultInterval);
        return services;
    }
}
