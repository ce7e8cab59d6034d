using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Jobs;

namespace PartnerBot.Leads;

public static class LeadsRegistration
{
    /// <summary>Lead distribution: the import, the offers and their answers, "leads", the job that moves offers on, the digest's section.</summary>
    public static IServiceCollection AddLeads(this IServiceCollection services)
    {
        services.AddScoped<LeadService>();
        services.AddImporter<LeadImporter>();
        services.AddCommand<LeadsCommand>();
        services.AddActionHandler<LeadActionHandler>();
        services.AddDialog<LeadDeclineDialog>();
        services.AddRecurringJob<LeadJob>(LeadJob.JobName, LeadJob.DefaultInterval);
        services.AddScoped<Digests.IDigestSection, LeadsDigestSection>();
        return services;
    }
}
