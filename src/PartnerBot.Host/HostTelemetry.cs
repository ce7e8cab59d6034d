using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PartnerBot.Observability;
using PartnerBot.Storage;

namespace PartnerBot.Host;

/// <summary>Settings under "OpenTelemetry": where to export traces, metrics and logs (nothing is exported without an endpoint).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "OpenTelemetry";
    /// <summary>The OTLP collector's base address, e.g. http://otel-collector:4317 (gRPC) or http://otel-collector:4318 (HTTP). Empty: no export.</summary>
    public string? Endpoint { get; set; }
    /// <summary>"grpc" (the default, port 4317) or "http/protobuf" (port 4318; /v1/traces, /v1/metrics and /v1/logs are added).</summary>
    public string Protocol { get; set; } = "grpc";
    /// <summary>service.name of every span, metric and log: one name for every host of one installation.</summary>
    public string ServiceName { get; set; } = "partnerbot";
}

/// <summary>Settings under "Health": when /healthz says the host is degraded.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";
    /// <summary>/healthz reports Degraded once a message (inbox answer or outbox message) has waited longer than this.</summary>
    public TimeSpan MaxUndeliveredAge { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// OpenTelemetry for the host: PartnerBot's own spans and metrics (<see cref="Telemetry"/>), ASP.NET Core's requests,
/// and logs with their scopes (a turn's correlation id), exported over OTLP when <c>OpenTelemetry:Endpoint</c> is set.
/// Without an endpoint nothing is registered, so nothing listens and the product's instruments cost a flag check.
/// </summary>
public static class HostTelemetry
{
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section)
            .Validate(o => o.MaxUndeliveredAge > TimeSpan.Zero, "Health:MaxUndeliveredAge must be more than zero, e.g. \"00:15:00\".")
            .ValidateOnStart();
        var o = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (string.IsNullOrWhiteSpace(o.Endpoint)) return builder;

        var (protocol, endpoint) = Exporter(o);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(o.ServiceName, serviceVersion: HostInfo.Version))
            .WithTracing(t => t
                .AddSource(Telemetry.Name)
                .AddAspNetCoreInstrumentation(a =>
                {
                    // Probes are not traffic; and a span names the route, never the ids in the path (a web chat
                    // conversation is named after its person).
                    a.Filter = context => !context.Request.Path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase);
                    a.EnrichWithHttpResponse = (activity, response) =>
                    {
                        if (response.HttpContext.GetEndpoint() is RouteEndpoint route) activity.SetTag("url.path", route.RoutePattern.RawText);
                    };
                }))
            .WithMetrics(m => m
                .AddMeter(Telemetry.Name)
                .AddAspNetCoreInstrumentation())
            .WithLogging(configureBuilder: null, configureOptions: l =>
            {
                l.IncludeScopes = true;
                l.IncludeFormattedMessage = true;
            })
            .UseOtlpExporter(protocol, endpoint);
        return builder;
    }

    private static (OtlpExportProtocol, Uri) Exporter(TelemetryOptions o)
    {
        var protocol = o.Protocol.Trim().ToLowerInvariant() switch
        {
            "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
            _ => throw new OptionsValidationException(TelemetryOptions.Section, typeof(TelemetryOptions),
                [$"OpenTelemetry:Protocol must be \"grpc\" or \"http/protobuf\"; it is \"{o.Protocol}\"."]),
        };
        if (!Uri.TryCreate(o.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            throw new OptionsValidationException(TelemetryOptions.Section, typeof(TelemetryOptions),
                [$"OpenTelemetry:Endpoint must be the collector's http(s) address, e.g. http://otel-collector:4317; it is \"{o.Endpoint}\"."]);
        return (protocol, endpoint);
    }
}

/// <summary>
/// /healthz's "queues" check: how many messages wait and how long the oldest has (inbox answers and outbox messages),
/// Degraded past <see cref="HealthOptions.MaxUndeliveredAge"/>. Counts and ages only: never whom or what a message is.
/// Four aggregate queries on indexed columns, behind /healthz's rate limit.
/// </summary>
internal sealed class QueueHealthCheck(PartnerBotDb db, TimeProvider clock, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        QueueSnapshot queues;
        try
        {
            queues = await QueueSnapshot.ReadAsync(db, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The inbox and outbox cannot be read: see the host's log.");
        }
        var now = clock.GetUtcNow();
        var oldest = queues.OldestAge(now);
        var data = new Dictionary<string, object>
        {
            ["inboxDepth"] = queues.InboxDepth,
            ["inboxOldestAgeSeconds"] = Math.Round(queues.InboxOldestAge(now).TotalSeconds),
            ["outboxDepth"] = queues.OutboxDepth,
            ["outboxOldestAgeSeconds"] = Math.Round(queues.OutboxOldestAge(now).TotalSeconds),
        };
        var max = options.Value.MaxUndeliveredAge;
        var waiting = queues.InboxDepth + queues.OutboxDepth;
        return oldest > max
            ? HealthCheckResult.Degraded($"The oldest undelivered message has waited {Span(oldest)}, more than Health:MaxUndeliveredAge ({Span(max)}): see 'failed deliveries' and the channels' logs.", data: data)
            : HealthCheckResult.Healthy(waiting == 0 ? "Nothing waits to be delivered." : $"{waiting} waiting; the oldest for {Span(oldest)}.", data);
    }

    private static string Span(TimeSpan t) => t.ToString(@"d\.hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture);
}
