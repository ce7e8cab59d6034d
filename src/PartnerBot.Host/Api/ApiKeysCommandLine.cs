using System.Globalization;
using PartnerBot.Integrations;
using PartnerBot.Storage;

namespace PartnerBot.Host.Api;

/// <summary>
/// `PartnerBot.Host apikeys create|list|revoke`: the REST API's keys, in the configured database (migrated and loaded
/// first, as at the host's start).
/// A new key is printed once and never again: only its hash is stored. Returns the exit code: 0 done, 1 refused
/// (an unknown organisation or key), 2 bad arguments.
/// </summary>
public static class ApiKeysCommandLine
{
    public const string Usage = """
        Usage:
          apikeys create --name <who uses it> --scopes <scopes> [--organisation <partner id>]
          apikeys list
          apikeys revoke <key id>
        Scopes: area:read or area:write, comma separated; area is * or one of partners, people, deals, commissions, mdf,
        content, certifications (write includes read). With --organisation the key sees that partner organisation only.
        """;

    public static async Task<int> RunAsync(WebApplicationBuilder builder, string[] args, TextWriter output, CancellationToken ct = default)
    {
        // The answer is the output: keep the framework's informational logs (every SQL command) out of it.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = builder.Build();
        return await RunAsync(app.Services, args, output, ct);
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken ct = default)
    {
        if (args.Length < 2 || args[1] is not ("create" or "list" or "revoke"))
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }
        // As the host starts: migrations, then the program folder's data, so a key can name an organisation on a new database.
        await services.MigrateAndLoadAsync(ct);
        await using var scope = services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<ApiKeys>();
        return args[1] switch
        {
            "create" => await CreateAsync(keys, args[2..], output, ct),
            "list" => await ListAsync(keys, output, ct),
            _ => await RevokeAsync(keys, args[2..], output, ct),
        };
    }

    private static async Task<int> CreateAsync(ApiKeys keys, string[] args, TextWriter output, CancellationToken ct)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] is not ("--name" or "--scopes" or "--organisation") || i + 1 >= args.Length || !options.TryAdd(args[i], args[i + 1]))
            {
                await output.WriteLineAsync($"Not understood: {string.Join(' ', args[i..])}\n{Usage}");
                return 2;
            }
        }
        if (!options.TryGetValue("--name", out var name) || !options.TryGetValue("--scopes", out var scopes))
        {
            await output.WriteLineAsync($"A key needs --name and --scopes.\n{Usage}");
            return 2;
        }
        var (created, problem) = await keys.CreateAsync(name, scopes, options.GetValueOrDefault("--organisation"), ct);
        if (created is null)
        {
            await output.WriteLineAsync(problem);
            return 1;
        }
        var key = created.Key;
        await output.WriteLineAsync($"Created key {key.Id} \"{key.Name}\" with scopes {key.Scopes}" +
            (key.PartnerOrganisationId is { } org ? $", for partner organisation {org} only." : ", for every organisation."));
        await output.WriteLineAsync("The key (shown this once; only its hash is stored, so keep it somewhere safe now):");
        await output.WriteLineAsync(created.PlainKey);
        return 0;
    }

    private static async Task<int> ListAsync(ApiKeys keys, TextWriter output, CancellationToken ct)
    {
        var all = await keys.ListAsync(ct);
        if (all.Count == 0) await output.WriteLineAsync("No API keys yet: apikeys create --name … --scopes ….");
        foreach (var k in all)
        {
            var state = k.RevokedAt is { } revoked ? $"revoked {When(revoked)}" : k.LastUsedAt is { } used ? $"last used {When(used)}" : "never used";
            await output.WriteLineAsync($"{k.Id}  {k.Name}  [{k.Scopes}]  {k.PartnerOrganisationId ?? "all organisations"}  created {When(k.CreatedAt)}, {state}");
        }
        return 0;
    }

    private static async Task<int> RevokeAsync(ApiKeys keys, string[] args, TextWriter output, CancellationToken ct)
    {
        if (args.Length != 1)
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }
        if (await keys.RevokeAsync(args[0], ct) is not { } id)
        {
            await output.WriteLineAsync("No API key has that id (apikeys list shows them).");
            return 1;
        }
        await output.WriteLineAsync($"Revoked {id}: calls with it now answer 401.");
        return 0;
    }

    private static string When(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
