using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Storage;

namespace PartnerBot.Testing;

/// <summary>The product's core services, no host, on a new migrated database of the suite's provider (storage tests).</summary>
public static class CoreServices
{
    public static async Task<ServiceProvider> StartAsync(string database, Action<IServiceCollection>? configure = null)
    {
        if (TestStorage.OnPostgreSql) TestStorage.Create(database);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddPartnerBotCore(TestStorage.Settings(database));
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PartnerBotDb>().Database.MigrateAsync();
        return provider;
    }

    /// <summary>Disposes the services, then removes their database (<see cref="TestStorage.Remove"/>).</summary>
    public static async Task StopAsync(ServiceProvider services, string database)
    {
        await services.DisposeAsync();
        TestStorage.Remove(database);
    }
}
