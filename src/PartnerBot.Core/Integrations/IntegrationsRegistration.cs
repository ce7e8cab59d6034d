using Microsoft.Extensions.DependencyInjection;

namespace PartnerBot.Integrations;

public static class IntegrationsRegistration
{
    /// <summary>Integrations: API keys, and what the REST API reads and writes (through the capabilities' own services).</summary>
    public static IServiceCollection AddIntegrations(this IServiceCollection services)
    {
        services.AddScoped<ApiKeys>();
        services.AddScoped<ApiReads>();
        services.AddScoped<ApiWrites>();
        return services;
    }
}
