using Microsoft.EntityFrameworkCore;
using PartnerBot.Storage;

namespace PartnerBot.PartnerVoice;

/// <summary>One comment as staff read it: whose organisation, the score it came with, and when.</summary>
public sealed record SurveyComment(string OrganisationId, string OrganisationName, int Score, string Text, DateTimeOffset At);

/// <summary>
/// What the survey says for a set of organisations over a window: the Net Promoter Score of the answers given in it,
/// and the comments, newest first. The command and the digest both read it here.
/// </summary>
public sealed record PartnerVoiceFigures(NpsFigures Nps, IReadOnlyList<SurveyComment> Comments)
{
    /// <summary>The answers given in (<paramref name="from"/>, <paramref name="to"/>] by people of <paramref name="organisationIds"/> (every organisation when null).</summary>
    public static async Task<PartnerVoiceFigures> LoadAsync(PartnerBotDb db, IReadOnlyCollection<string>? organisationIds,
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var all = organisationIds is null;
        var ids = organisationIds?.ToArray() ?? [];
        var answers = await db.SurveyAnswers.AsNoTracking()
            .Where(a => a.AnsweredAt > from && a.AnsweredAt <= to && (all || ids.Contains(a.OrganisationId)))
            .Select(a => new { a.OrganisationId, a.Score, a.Comment, a.AnsweredAt })
            .ToListAsync(ct);
        var withComments = answers.Where(a => a.Comment is not null).Select(a => a.OrganisationId).Distinct().ToArray();
        var names = await db.PartnerOrganisations.AsNoTracking().Where(o => withComments.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var comments = answers.Where(a => a.Comment is not null)
            .OrderByDescending(a => a.AnsweredAt).ThenBy(a => a.OrganisationId, StringComparer.Ordinal)
            .Select(a => new SurveyComment(a.OrganisationId, names.GetValueOrDefault(a.OrganisationId, a.OrganisationId), a.Score, a.Comment!, a.AnsweredAt))
            .ToList();
        return new(NpsFigures.Of(answers.Select(a => a.Score)), comments);
    }

    /// <summary>The window the survey's figures cover: one round (Program:PartnerVoice:SurveyEveryDays), or 90 days with no rounds.</summary>
    public static int WindowDays(PartnerVoiceRules rules) => rules.SurveyEveryDays > 0 ? rules.SurveyEveryDays : 90;
}
