using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PartnerBot.Storage;

namespace PartnerBot.Host;

internal static class HostConfiguration
{
    /// <summary>
    /// Adds {ProgramData:Path}/program.json as the lowest-priority configuration source, so the program folder
    /// carries its own rules and an administrator can still override any of them in appsettings or the environment.
    /// </summary>
    public static IConfigurationBuilder AddProgramRules(this ConfigurationManager configuration)
    {
        var folder = DatabaseStartup.ResolveFolder(configuration[$"{ProgramDataOptions.Section}:Path"] ?? new ProgramDataOptions().Path);
        var file = Path.Combine(folder, "program.json");
        var source = new JsonConfigurationSource { Path = file, Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        configuration.Sources.Insert(0, source);
        return configuration;
    }

    /// <summary>Storage:Provider and ConnectionStrings:PartnerBot; for SQLite without one, a file under the content root's data/ folder.</summary>
    public static StorageSettings PartnerBotStorage(this IConfiguration configuration, IHostEnvironment env) =>
        StorageSettings.Read(configuration, () => $"Data Source={Path.Combine(env.ContentRootPath, "data", "partnerbot.db")}");
}

/// <summary>GET /healthz: the overall status, the version and each check's status and figures, as JSON.</summary>
internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new HealthBody(report.Status.ToString(), HostInfo.Version,
            report.Entries.ToDictionary(e => e.Key, e => new HealthEntry(e.Value.Status.ToString(), e.Value.Description,
                e.Value.Data.Count == 0 ? null : e.Value.Data)));
        return context.Response.WriteAsJsonAsync(body, context.RequestAborted);
    }

    internal sealed record HealthBody(string Status, string Version, IReadOnlyDictionary<string, HealthEntry> Checks);
    internal sealed record HealthEntry(string Status, string? Description,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        IReadOnlyDictionary<string, object>? Data);
}

internal sealed class DatabaseHealthCheck(PartnerBotDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy("The database answers.")
            : HealthCheckResult.Unhealthy("The database does not answer: check ConnectionStrings:PartnerBot.");
}
