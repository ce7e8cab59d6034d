using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Jobs;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Mdf;

/// <summary>
/// Opens each organisation's fund when its period starts, and reminds partners: unspent funds
/// Program:Mdf:UnspentReminderDaysBefore days before the period ends, and claims whose window closes within
/// Program:Mdf:ClaimReminderDaysBefore days. Each reminder has a dedupe key, so it is sent once.
/// </summary>
public sealed partial class MdfReminderJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ProgramOptions> program,
    IOptionsMonitor<JobOptions> jobs, ILogger<MdfReminderJob> logger) : RecurringJob<int>(JobName, clock, jobs, logger)
{
    public const string JobName = "MdfReminders";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(1);

    public override Task<int> RunOnceAsync(CancellationToken ct) => RunAtAsync(Clock.GetUtcNow(), ct);

    /// <summary>One pass as if it were <paramref name="now"/>. Returns how many reminders were queued.</summary>
    public async Task<int> RunAtAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        var funds = scope.ServiceProvider.GetRequiredService<MdfFunds>();
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
        var localizer = scope.ServiceProvider.GetRequiredService<Localizer>();
        var rules = program.Value.Mdf;
        var currency = program.Value.Currency;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var queued = 0;

        var orgs = await db.PartnerOrganisations.Include(o => o.People).ToListAsync(ct);

        async Task Remind(Person to, string key, string text)
        {
            if (to.Preferences.Reminders == ReminderMode.Off) return;
            if (await notifier.QueueOnceAsync(to.Id, new Reply([new TextBlock(text)]) { Visibility = Visibility.Asker, Summary = text }, $"{key}:{to.Id}", ct))
                queued++;
        }

        // Distinct: configuration binding appends to the default list rather than replacing it.
        var thresholds = rules.UnspentReminderDaysBefore.Distinct().Order().ToList();
        foreach (var org in orgs)
        {
            var (fund, balance) = await funds.BalanceAsync(db, org, today, now, ct);
            var daysLeft = MdfRulesCheck.DaysLeft(fund, today);
            // Only the nearest threshold: a first run with 5 days left sends the 7-day reminder, not the 30-day one too.
            var threshold = thresholds.Cast<int?>().FirstOrDefault(t => daysLeft <= t);
            if (balance.Left <= 0 || threshold is null || fund.PeriodStart > today) continue;
            foreach (var person in org.People.Where(p => p.Role == Role.PartnerUser))
                await Remind(person, $"mdf-remind-unspent:{fund.Id}:{threshold}", localizer.Get(person.Preferences.Language, "mdf.remind.unspent",
                    new Money(balance.Left, currency), daysLeft, fund.PeriodEnd.AddDays(-1)));
        }

        var latestEnd = today.AddDays(-rules.ClaimWindowDays);
        var dueBy = today.AddDays(rules.ClaimReminderDaysBefore - rules.ClaimWindowDays);
        var due = await db.MdfPlans.Where(p => p.Status == MdfPlanStatus.Approved && p.EndDate >= latestEnd && p.EndDate <= dueBy).ToListAsync(ct);
        foreach (var plan in due)
        {
            var person = orgs.SelectMany(o => o.People).FirstOrDefault(p => p.Id == plan.SubmittedById);
            if (person is null) continue;
            var deadline = MdfRulesCheck.ClaimDeadline(plan, rules);
            await Remind(person, $"mdf-remind-claim:{plan.Id}", localizer.Get(person.Preferences.Language, "mdf.remind.claim",
                plan.Title, deadline, deadline.DayNumber - today.DayNumber, plan.Id));
        }

        await db.SaveChangesAsync(ct);
        if (queued > 0)
        {
            scope.ServiceProvider.GetRequiredService<OutboxSignal>().Notify();
            Log.Queued(Logger, queued);
        }
        return queued;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "MDF reminders: {Count} queued")]
        public static partial void Queued(ILogger logger, int count);
    }
}
