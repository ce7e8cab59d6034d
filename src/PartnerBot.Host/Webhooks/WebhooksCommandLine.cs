using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Storage;
using PartnerBot.Webhooks;

namespace PartnerBot.Host.Webhooks;

/// <summary>
/// `PartnerBot.Host webhooks …`: manages webhook subscriptions in the configured database (migrating it first) and
/// shows their delivery log. Returns the process exit code: 0 done, 1 no such subscription or delivery, 2 bad arguments.
/// A running host posts what is queued or replayed here at its next outbox pass.
/// </summary>
public static class WebhooksCommandLine
{
    public const string Usage = """
        Usage: webhooks add <url> <event...> [--organisation <id>]
               webhooks list
               webhooks remove <subscription-id>
               webhooks deliveries [<subscription-id>]
               webhooks replay <delivery-id>
        """;

    public const int Shown = 50;

    public static async Task<int> RunAsync(WebApplicationBuilder builder, string[] args, TextWriter output, CancellationToken ct = default)
    {
        // The answers are the output: keep the framework's informational logs (every SQL command) out of them.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = builder.Build();
        return await RunAsync(app.Services, args, output, ct);
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken ct = default)
    {
        if (args is not ["webhooks", var verb, .. var rest] || verb is not ("add" or "list" or "remove" or "deliveries" or "replay"))
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }
        await using (var migrate = services.CreateAsyncScope())
            await migrate.ServiceProvider.GetRequiredService<PartnerBotDb>().Database.MigrateAsync(ct);
        await using var scope = services.CreateAsyncScope();
        var subscriptions = scope.ServiceProvider.GetRequiredService<WebhookSubscriptions>();
        return (verb, rest) switch
        {
            ("add", [var url, .. var more]) => await AddAsync(subscriptions, url, more, output, ct),
            ("list", []) => await ListAsync(subscriptions, output, ct),
            ("remove", [var id]) => await RemoveAsync(subscriptions, id, output, ct),
            ("deliveries", []) => await DeliveriesAsync(subscriptions, null, output, ct),
            ("deliveries", [var id]) => await DeliveriesAsync(subscriptions, id, output, ct),
            ("replay", [var id]) => await ReplayAsync(subscriptions, id, output, ct),
            _ => await UsageAsync(output),
        };
    }

    private static async Task<int> UsageAsync(TextWriter output)
    {
        await output.WriteLineAsync(Usage);
        return 2;
    }

    private static async Task<int> AddAsync(WebhookSubscriptions subscriptions, string url, string[] rest, TextWriter output, CancellationToken ct)
    {
        var events = new List<string>();
        string? organisation = null;
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] is "--organisation" or "--organization")
            {
                if (i + 1 >= rest.Length || organisation is not null) return await UsageAsync(output);
                organisation = rest[++i];
            }
            else events.Add(rest[i]);
        }
        var added = await subscriptions.AddAsync(url, events, organisation, ct);
        if (added.Subscription is not { } s)
        {
            await output.WriteLineAsync(added.Problem);
            return 2;
        }
        await output.WriteLineAsync($"Added {s.Id}: {s.Events} to {s.Url}{(s.OrganisationId is null ? "" : $", only for {s.OrganisationId}")}.");
        await output.WriteLineAsync($"Signing secret (shown this once; give it to the receiver, see docs/webhooks.md): {s.Secret}");
        return 0;
    }

    private static async Task<int> ListAsync(WebhookSubscriptions subscriptions, TextWriter output, CancellationToken ct)
    {
        var all = await subscriptions.ListAsync(ct);
        if (all.Count == 0) await output.WriteLineAsync("No webhook subscriptions.");
        foreach (var s in all)
            await output.WriteLineAsync($"{s.Id}  {s.Url}  {s.Events}  {(s.OrganisationId is null ? "all organisations" : $"organisation {s.OrganisationId}")}  since {Time(s.CreatedAt)}");
        return 0;
    }

    private static async Task<int> RemoveAsync(WebhookSubscriptions subscriptions, string id, TextWriter output, CancellationToken ct)
    {
        if (!await subscriptions.RemoveAsync(id, ct))
        {
            await output.WriteLineAsync($"No webhook subscription '{id}'.");
            return 1;
        }
        await output.WriteLineAsync($"Removed {id}: nothing more is sent to it; its delivery log stays.");
        return 0;
    }

    private static async Task<int> DeliveriesAsync(WebhookSubscriptions subscriptions, string? id, TextWriter output, CancellationToken ct)
    {
        var deliveries = await subscriptions.DeliveriesAsync(id, Shown, ct);
        if (deliveries.Count == 0) await output.WriteLineAsync(id is null ? "No webhook deliveries." : $"No deliveries for '{id}'.");
        foreach (var d in deliveries)
        {
            await output.WriteLineAsync($"#{d.Id}  {d.SubscriptionId}  {d.EventType}  {d.State}  queued {Time(d.CreatedAt)}");
            foreach (var a in d.Log)
                await output.WriteLineAsync($"    {Time(a.At)}  attempt {a.Attempt}  {(a.StatusCode is { } code ? $"HTTP {code}" : "no answer")}  {a.DurationMs} ms{(a.Error is null ? "" : $"  {a.Error}")}");
        }
        return 0;
    }

    private static async Task<int> ReplayAsync(WebhookSubscriptions subscriptions, string id, TextWriter output, CancellationToken ct)
    {
        if (!long.TryParse(id.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var deliveryId))
        {
            await output.WriteLineAsync($"'{id}' is not a delivery id: `webhooks deliveries` shows them (#42).");
            return 2;
        }
        var (code, answer) = await subscriptions.ReplayAsync(deliveryId, ct) switch
        {
            WebhookSubscriptions.Replay.Queued => (0, $"Delivery #{deliveryId} will be sent again at the next outbox pass."),
            WebhookSubscriptions.Replay.SubscriptionRemoved => (1, $"Delivery #{deliveryId} belongs to a removed subscription."),
            WebhookSubscriptions.Replay.InFlight => (1, $"Delivery #{deliveryId} is being sent right now; try again in a moment."),
            _ => (1, $"No webhook delivery #{deliveryId}."),
        };
        await output.WriteLineAsync(answer);
        return code;
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
