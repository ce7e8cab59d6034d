using System.Reflection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using PartnerBot.Host.WebChat;
using PartnerBot.Slack;
using PartnerBot.Teams;

namespace PartnerBot.Host;

/// <summary>What the host tells about itself: its version (printed at start and in /healthz) and, once it listens,
/// one line that says where the web chat is and which channels are configured.</summary>
public static partial class HostInfo
{
    /// <summary>"0.2.0-dev" or, built from a git checkout, "0.2.0-dev+1a2b3c4" (the commit, shortened).</summary>
    public static string Version { get; } = ReadVersion();

    private static string ReadVersion()
    {
        var informational = typeof(HostInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(HostInfo).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 && informational.Length > plus + 8 ? informational[..(plus + 8)] : informational;
    }

    /// <summary>Logs the ready line when the server has its addresses (they are known only once it listens).</summary>
    public static WebApplication LogReadyLine(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PartnerBot");
            var channels = DescribeChannels(app, addresses.FirstOrDefault());
            Log.Ready(logger, Version, channels);
        });
        return app;
    }

    /// <summary>"web chat at http://localhost:5000/, Slack off, Teams in local mode (Agents Playground)", and where telemetry goes when it does.</summary>
    internal static string DescribeChannels(WebApplication app, string? address)
    {
        var webChat = app.Services.GetRequiredService<IOptions<WebChatOptions>>().Value;
        var slack = app.Services.GetRequiredService<IOptions<SlackOptions>>().Value;
        var teams = app.Services.GetRequiredService<IOptions<TeamsOptions>>().Value;
        var parts = new List<string>
        {
            webChat.IsOn ? $"web chat at {PageAddress(address)}" : "web chat off",
            !slack.Enabled ? "Slack off" : slack.SocketMode ? "Slack by Socket Mode" : "Slack over HTTP",
            teams.Authenticates ? $"Teams for app {teams.MicrosoftAppId} at {TeamsEndpoints.Path}" : $"Teams in local mode (Agents Playground) at {TeamsEndpoints.Path}",
        };
        if (app.Configuration[$"{TelemetryOptions.Section}:{nameof(TelemetryOptions.Endpoint)}"] is { Length: > 0 } otlp)
            parts.Add($"traces, metrics and logs over OTLP to {otlp}");
        return string.Join(", ", parts);
    }

    // Kestrel reports "http://[::]:80" for a wildcard binding: name a host a browser can open.
    private static string PageAddress(string? address)
    {
        if (string.IsNullOrEmpty(address)) return "/";
        var a = address.Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal);
        return a.EndsWith('/') ? a : a + "/";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "PartnerBot {Version} is ready: {Channels}.")]
        public static partial void Ready(ILogger logger, string version, string channels);
    }
}
