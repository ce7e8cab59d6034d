using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Jobs;
using PartnerBot.Storage;

namespace PartnerBot.Conversations;

/// <summary>
/// Keeps the tables small: forgets delivery ids older than the retention (channels stop retrying long before) and
/// answered inbox rows, and removes every row an <see cref="IExpiredRows"/> part says has expired (dialogs nobody came
/// back to, download links past their hours, digest charts).
/// </summary>
public sealed partial class Housekeeping(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ConversationOptions> options,
    IOptions<InboxOptions> inboxOptions,
    IOptionsMonitor<JobOptions> jobs, ILogger<Housekeeping> logger)
    : RecurringJob<(int Inbound, int Expired)>(JobName, clock, jobs, logger)
{
    public const string JobName = "Housekeeping";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(1);

    public override async Task<(int Inbound, int Expired)> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        var now = Clock.GetUtcNow();
        var before = now - options.Value.InboundIdRetention;
        var inbound = await db.ProcessedInbounds.Where(p => p.ReceivedAt < before).ExecuteDeleteAsync(ct);
        var expired = 0;
        foreach (var part in scope.ServiceProvider.GetServices<IExpiredRows>()) expired += await part.DeleteExpiredAsync(db, now, ct);
        // Answered deliveries, once no channel would redeliver them (failed ones stay for "failed deliveries").
        var answeredBefore = now - inboxOptions.Value.Retention;
        inbound += await db.Inbox.Where(i => i.State == InboxState.Done && i.ReceivedAt < answeredBefore).ExecuteDeleteAsync(ct);
        if (inbound + expired > 0) Log.Pruned(Logger, inbound, expired);
        return (inbound, expired);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Housekeeping removed {Inbound} old delivery ids and {Expired} expired rows (dialogs, downloads, charts)")]
        public static partial void Pruned(ILogger logger, int inbound, int expired);
    }
}
