using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Jobs;
using PartnerBot.Notifications;
using PartnerBot.Storage;

namespace PartnerBot.Leads;

/// <summary>
/// Moves leads on: offers each new lead (from the import or the API) to its best partner, and ends each offer whose
/// Program:Leads:OfferHours ran out, offering the lead to the next partner. Each lead is saved by itself; a lead a
/// partner answered while this pass looked at it keeps the answer (its version changed, this pass's save fails) and
/// the next pass sees it as it is. Offers go through <see cref="Notifier.QueueOnceAsync"/>, keyed by lead, round and
/// person: a pass run twice never sends one twice.
/// </summary>
public sealed partial class LeadJob(IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<JobOptions> jobs, ILogger<LeadJob> logger)
    : RecurringJob<int>(JobName, clock, jobs, logger)
{
    public const string JobName = "Leads";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(5);
    private const int MaxLeadsPerPass = 500;

    /// <summary>One pass. Returns how many leads moved (offered, expired or left unplaced).</summary>
    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        List<string> ids;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
            ids = await db.Leads.AsNoTracking()
                .Where(l => l.State == LeadState.New || l.State == LeadState.Offered && l.Offers.Any(o => o.Outcome == OfferOutcome.Pending && o.DueAt <= now))
                .OrderBy(l => l.CreatedAt).Select(l => l.Id).Take(MaxLeadsPerPass).ToListAsync(ct);
        }
        var moved = 0;
        foreach (var id in ids)
        {
            await using var scope = scopes.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<PartnerBotDb>();
            var leads = sp.GetRequiredService<LeadService>();
            if (await leads.FindAsync(id, ct) is not { } lead) continue;
            if (lead.State == LeadState.New) await leads.OfferNextAsync(lead, ct);
            else if (!await leads.ExpireAsync(lead, ct)) continue;
            try
            {
                await db.SaveChangesAsync(ct);
                moved++;
                sp.GetRequiredService<OutboxSignal>().Notify();
            }
            catch (DbUpdateException ex)
            {
                // Answered (or moved by another host's pass) meanwhile: the next pass reads it again.
                Log.Skipped(Logger, ex, id);
            }
        }
        if (moved > 0) Log.Moved(Logger, moved);
        return moved;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8801, Level = LogLevel.Information, Message = "Leads: {Count} moved on")]
        public static partial void Moved(ILogger logger, int count);

        [LoggerMessage(EventId = 8802, Level = LogLevel.Information, Message = "Lead {LeadId} changed while this pass moved it; the next pass reads it again")]
        public static partial void Skipped(ILogger logger, Exception exception, string leadId);
    }
}
