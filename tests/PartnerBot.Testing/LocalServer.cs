using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace PartnerBot.Testing;

/// <summary>
/// A real HTTP server for a peer the host talks to (a fake Slack, a model server, a telemetry collector): Kestrel on
/// 127.0.0.1 and a free port, quiet, started once <paramref name="map"/> has mapped its endpoints.
/// </summary>
public static class LocalServer
{
    /// <summary>Starts the server; returns it (dispose it to stop) and its base address ("http://127.0.0.1:40123").</summary>
    public static async Task<(WebApplication App, string BaseUrl)> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return (app, app.Urls.First());
    }
}
