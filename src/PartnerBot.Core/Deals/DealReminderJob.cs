using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.PartnerProgram;
using PartnerBot.Storage;

namespace PartnerBot.Deals;

public sealed class DealJobOptions
{
    public const string Section = "Deals";
    /// <summary>Run reminders and expiry in the background. Tests turn it off and call <see cref="DealReminderJob.RunOnceAsync"/>.</summary>
    public bool RunJobsInBackground { get; set; } = true;
    /// <summary>How often reminders and expiry are checked.</summary>
    public TimeSpan JobInterval { get; set; } = TimeSpan.FromHours(1);
    /// <summary>The first pass waits this long after start, so start-up work (migrations, loaders) comes first.</summary>
    public TimeSpan JobStartDelay { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Reminds partners Program:DealRegistration:ReminderDaysBefore days before protection ends (each reminder once:
/// the deal remembers the last one sent, and the outbox dedupe key names it) and expires what has run out.
/// Runs in its own scope and saves itself; the audit actor stays "system".
/// </summary>
public sealed partial class DealReminderJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<DealJobOptions> options,
    ILogger<DealReminderJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunJobsInBackground) return;
        await Task.Delay(options.Value.JobStartDelay, clock, stoppingToken);
        using var timer = new PeriodicTimer(options.Value.JobInterval, clock);
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
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass. Returns (reminders queued, registrations expired).</summary>
    public async Task<(int Reminded, int Expired)> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PartnerBotDb>();
        var program = sp.GetRequiredService<IOptions<ProgramOptions>>().Value;
        var notifier = sp.GetRequiredService<Notifier>();
        var service = sp.GetRequiredService<DealService>();
        var now = clock.GetUtcNow();
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
            if (await db.Outbox.AnyAsync(m => m.DedupeKey == key, ct)) continue;
            var left = deal.ProtectedUntil!.Value.DayNumber - today.DayNumber;
            await service.TellPartnerAsync(deal, "deal.told.reminder", key,
                lang => [deal.CompanyName, LocaleFormat.For(lang).Date(deal.ProtectedUntil!.Value), left], ct);
            reminded++;
        }
        await db.SaveChangesAsync(ct);
        if (reminded + expired > 0) Log.Ran(logger, reminded, expired);
        return (reminded, expired);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Deal job: {Reminded} reminders queued, {Expired} registrations expired")]
        public static partial void Ran(ILogger logger, int reminded, int expired);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "The deal job failed; the next pass will retry")]
        public static partial void Failed(ILogger logger, Exception ex);
    }
}
