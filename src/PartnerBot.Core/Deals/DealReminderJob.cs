using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Jobs;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.PartnerProgram;
using PartnerBot.Storage;

namespace PartnerBot.Deals;

/// <summary>
/// Reminds partners Program:DealRegistration:ReminderDaysBefore days before protection ends (each reminder once:
/// the deal remembers the last one sent, and the outbox dedupe key names it) and expires what has run out.
/// Runs in its own scope and saves itself; the audit actor stays "system".
/// </summary>
public sealed partial class DealReminderJob(IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<JobOptions> jobs,
    ILogger<DealReminderJob> logger) : RecurringJob<(int Reminded, int Expired)>(JobName, clock, jobs, logger)
{
    public const string JobName = "DealReminders";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(1);

    /// <summary>One pass. Returns (reminders queued, registrations expired).</summary>
    public override async Task<(int Reminded, int Expired)> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PartnerBotDb>();
        var program = sp.GetRequiredService<IOptions<ProgramOptions>>().Value;
        var notifier = sp.GetRequiredService<Notifier>();
        var service = sp.GetRequiredService<DealService>();
        var now = Clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var horizon = today.AddDays(program.DealRegistration.ReminderDaysBefore.DefaultIfEmpty(0).Max());

        var due = await db.DealRegistrations
            .Where(d => d.Status == DealStatus.Approved && d.ProtectedUntil != null && d.ProtectedUntil <= horizon)
            .ToListAsync(ct);
        int reminded = 0, expired = 0;
        foreach (var deal in due)
        {
            if (DealRules.HasExpired(deal, today))
            {
                deal.Status = DealStatus.Expired;
                deal.UpdatedAt = now;
                await service.TellPartnerAsync(deal, "deal.told.expired", $"deal-expired:{deal.Id}:{deal.ProtectedUntil:yyyy-MM-dd}",
                    lang => [deal.CompanyName, LocaleFormat.For(lang).Date(deal.ProtectedUntil!.Value)], ct);
                expired++;
                continue;
            }
            if (DealRules.ReminderDue(deal, today, program) is not { } days) continue;
            var key = $"deal-reminder:{deal.Id}:{deal.ProtectedUntil:yyyy-MM-dd}:{days}";
            deal.LastReminderDaysBefore = days;
            deal.UpdatedAt = now;
            var left = deal.ProtectedUntil!.Value.DayNumber - today.DayNumber;
            if (await service.TellPartnerAsync(deal, "deal.told.reminder", key,
                    lang => [deal.CompanyName, LocaleFormat.For(lang).Date(deal.ProtectedUntil!.Value), left], ct))
                reminded++;
        }
        await db.SaveChangesAsync(ct);
        if (reminded + expired > 0) Log.Ran(Logger, reminded, expired);
        return (reminded, expired);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8501, Level = LogLevel.Information, Message = "Deal job: {Reminded} reminders queued, {Expired} registrations expired")]
        public static partial void Ran(ILogger logger, int reminded, int expired);
    }
}
