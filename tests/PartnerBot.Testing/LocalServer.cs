using System.Net;
using System.Net.Sockets;
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

    /// <summary>
    /// A port on 127.0.0.1 that nothing listens on just now, for a process that binds it itself. Another process may
    /// take it before that (CI runs test projects side by side): <see cref="HostProcess.StartAsync"/> starts again on
    /// another port when that happens. A server of this process binds port 0 instead (<see cref="StartAsync"/>).
    /// </summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
