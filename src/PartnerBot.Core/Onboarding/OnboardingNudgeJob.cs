using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Jobs;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Onboarding;

/// <summary>
/// Nudges a partner's users and its rep on each of Program:Onboarding:NudgeDays after joining (counted in UTC days)
/// while a step of the journey is missing: the latest day reached, within Program:Onboarding:NudgeWithinDays of it.
/// Each nudge goes through <see cref="Notifier.QueueOnceAsync"/> with a key naming the organisation, the day and the
/// person, so a later pass, or another host's pass at the same moment (the outbox's unique key refuses its save), never
/// sends it twice. A person who switched reminders off gets none.
/// </summary>
public sealed partial class OnboardingNudgeJob(IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<JobOptions> jobs,
    ILogger<OnboardingNudgeJob> logger) : RecurringJob<int>(JobName, clock, jobs, logger)
{
    public const string JobName = "OnboardingNudges";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(1);

    /// <summary>One pass. Returns how many nudges were queued.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PartnerBotDb>();
        var rules = sp.GetRequiredService<IOptions<ProgramOptions>>().Value.Onboarding;
        var notifier = sp.GetRequiredService<Notifier>();
        var localizer = sp.GetRequiredService<Localizer>();
        var today = OnboardingJourney.UtcDay(Clock.GetUtcNow());
        var days = rules.NudgeDays.Distinct().Order().ToList();
        if (days.Count == 0) return 0;

        // Only organisations that joined within reach of a nudge: the last day plus its grace.
        var earliest = today.AddDays(-(days[^1] + rules.NudgeWithinDays - 1));
        var latest = today.AddDays(-days[0]);
        var orgs = await db.PartnerOrganisations.AsNoTracking().Where(o => o.JoinedOn >= earliest && o.JoinedOn <= latest).ToListAsync(ct);
        if (orgs.Count == 0) return 0;
        var progress = await OnboardingJourney.ForAsync(db, rules, orgs, all: false, ct);
        var people = await db.People.AsNoTracking()
            .Where(p => p.LinkState == LinkState.Linked && (p.Role == Role.PartnerUser || p.Role == Role.Rep || p.Role == Role.Manager))
            .ToListAsync(ct);
        var queued = 0;
        foreach (var p in progress.Where(p => p.Stage is not null))
        {
            var since = p.DaysSinceJoining(today);
            var day = days.LastOrDefault(d => d <= since);
            if (day == 0 || since - day >= rules.NudgeWithinDays) continue;
            var recipients = people.Where(x => x.Role == Role.PartnerUser && x.PartnerOrganisationId == p.OrganisationId)
                .Select(x => (Person: x, Key: "onboarding.nudge.partner"))
                .Concat(people.Where(x => x.Id == p.OwnerRepId).Select(x => (Person: x, Key: "onboarding.nudge.rep")));
            foreach (var (person, key) in recipients)
            {
                if (person.Preferences.Reminders == ReminderMode.Off) continue;
                var lang = person.Preferences.Language;
                var missing = string.Join(localizer.Get(lang, "onboarding.separator"), p.Missing.Select(m => localizer.Get(lang, $"onboarding.step.{m}")));
                var text = localizer.Get(lang, key, p.Name, since, missing, p.OrganisationId);
                if (await notifier.QueueOnceAsync(person.Id, new Reply([new TextBlock(text)]) { Visibility = Visibility.Asker, Summary = text },
                        $"onboarding-nudge:{p.OrganisationId}:{day}:{person.Id}", ct))
                    queued++;
            }
        }
        await db.SaveChangesAsync(ct);
        if (queued > 0)
        {
            sp.GetRequiredService<OutboxSignal>().Notify();
            Log.Queued(Logger, queued);
        }
        return queued;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8701, Level = LogLevel.Information, Message = "Onboarding nudges: {Count} queued")]
        public static partial void Queued(ILogger logger, int count);
    }
}
