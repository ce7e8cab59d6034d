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

namespace PartnerBot.PartnerVoice;

/// <summary>
/// Sends the partner survey: each linked partner user of an organisation whose round started within
/// Program:PartnerVoice:SendWithinDays gets the question once per round (<see cref="Notifier.QueueOnceAsync"/>, keyed
/// by organisation, round and person: a later pass or another host's never sends it twice). Nobody who already
/// answered the round (through "survey") is asked, nor anyone who switched reminders off.
/// </summary>
public sealed partial class SurveyJob(IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<JobOptions> jobs,
    ILogger<SurveyJob> logger) : RecurringJob<int>(JobName, clock, jobs, logger)
{
    public const string JobName = "PartnerSurveys";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(1);

    /// <summary>One pass. Returns how many questions were queued.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PartnerBotDb>();
        var program = sp.GetRequiredService<IOptions<ProgramOptions>>().Value;
        var rules = program.PartnerVoice;
        if (rules.SurveyEveryDays <= 0) return 0;
        var notifier = sp.GetRequiredService<Notifier>();
        var localizer = sp.GetRequiredService<Localizer>();
        var today = PartnerSurvey.UtcDay(Clock.GetUtcNow());

        var orgs = (await db.PartnerOrganisations.AsNoTracking().Select(o => new { o.Id, o.JoinedOn }).ToListAsync(ct))
            .Select(o => (o.Id, Round: PartnerSurvey.Round(o.JoinedOn, today, rules), o.JoinedOn))
            .Where(o => o.Round is { } r && today.DayNumber - PartnerSurvey.RoundStart(o.JoinedOn, r, rules).DayNumber < rules.SendWithinDays)
            .ToDictionary(o => o.Id, o => o.Round!.Value);
        if (orgs.Count == 0) return 0;
        var ids = orgs.Keys.ToArray();
        var people = await db.People.AsNoTracking()
            .Where(p => p.LinkState == LinkState.Linked && p.Role == Role.PartnerUser && p.PartnerOrganisationId != null && ids.Contains(p.PartnerOrganisationId))
            .ToListAsync(ct);
        var personIds = people.Select(p => p.Id).ToArray();
        var answered = (await db.SurveyAnswers.AsNoTracking().Where(a => personIds.Contains(a.PersonId))
            .Select(a => new { a.PersonId, a.Round }).ToListAsync(ct)).Select(a => (a.PersonId, a.Round)).ToHashSet();
        var queued = 0;
        foreach (var person in people)
        {
            var round = orgs[person.PartnerOrganisationId!];
            if (person.Preferences.Reminders == ReminderMode.Off || answered.Contains((person.Id, round))) continue;
            var question = PartnerSurvey.Question(localizer, person.Preferences.Language, program.Name, round);
            if (await notifier.QueueOnceAsync(person.Id, question, $"survey:{person.PartnerOrganisationId}:{round}:{person.Id}", ct)) queued++;
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
        [LoggerMessage(EventId = 8901, Level = LogLevel.Information, Message = "Partner survey: {Count} questions queued")]
        public static partial void Queued(ILogger logger, int count);
    }
}
