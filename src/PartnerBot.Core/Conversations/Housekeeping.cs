using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Storage;

namespace PartnerBot.Conversations;

/// <summary>
/// Keeps the conversation tables small: forgets delivery ids older than the retention (channels stop retrying long
/// before), and removes dialogs nobody came back to before they expired.
/// </summary>
public sealed partial class Housekeeping(IServiceScopeFactory scopes, TimeProvider clock,
    IOptions<ConversationOptions> options, ILogger<Housekeeping> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.Failed(logger, ex);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<(int Inbound, int Dialogs)> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        var now = clock.GetUtcNow();
        var before = now - options.Value.InboundIdRetention;
        var inbound = await db.ProcessedInbounds.Where(p => p.ReceivedAt < before).ExecuteDeleteAsync(ct);
        var dialogs = await db.DialogStates.Where(d => d.ExpiresAt < now).ExecuteDeleteAsync(ct);
        if (inbound + dialogs > 0) Log.Pruned(logger, inbound, dialogs);
        return (inbound, dialogs);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Housekeeping removed {Inbound} old delivery ids and {Dialogs} expired dialogs")]
        public static partial void Pruned(ILogger logger, int inbound, int dialogs);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Housekeeping failed; it will run again in an hour")]
        public static partial void Failed(ILogger logger, Exception ex);
    }
}
