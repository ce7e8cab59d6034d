using System.Threading;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace PartnerBot.Webhooks;

public static class WebhooksRegistration
{
    /// <summary>Outgoing webhooks: events read from each save, queued in the outbox, posted signed, with a delivery log.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<WebhookEventQueue>();
        services.AddScoped<ISaveChangesInterceptor>(sp => sp.GetRequiredService<WebhookEventQueue>());
        services.AddScoped<WebhookSubscriptions>();
        services.AddScoped<Notifications.ISystemSender, WebhookSender>();
        // The timeout is WebhookSender's, on the program's clock; a redirect is the receiver's answer, not followed.
        services.AddHttpClient(WebhookSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return services;
    }
}
