using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerBot.Audit;
using PartnerBot.Conversations;
using PartnerBot.Localization;

namespace PartnerBot.PartnerVoice;

/// <summary>
/// One person's answer to one round of the partner survey: how likely (0–10) they are to recommend the program, and
/// why, if they said. One answer per person and round (a second press changes the score), kept for the digest.
/// </summary>
public sealed class SurveyAnswer : IAudited
{
    public long Id { get; set; }
    public required string PersonId { get; set; }
    public required string OrganisationId { get; set; }
    /// <summary>The round of the organisation's surveys (<see cref="PartnerSurvey.Round"/>).</summary>
    public int Round { get; set; }
    public int Score { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
}

internal sealed class SurveyAnswerConfiguration : IEntityTypeConfiguration<SurveyAnswer>
{
    public void Configure(EntityTypeBuilder<SurveyAnswer> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.PersonId).HasMaxLength(64);
        b.Property(x => x.OrganisationId).HasMaxLength(64);
        b.Property(x => x.Comment).HasMaxLength(PartnerSurvey.MaxCommentLength);
        b.HasIndex(x => new { x.PersonId, x.Round }).IsUnique();
        b.HasIndex(x => x.AnsweredAt);
    }
}

/// <summary>Net Promoter Score figures of a set of answers: 9–10 promote, 7–8 are passive, 0–6 detract.</summary>
public sealed record NpsFigures(int Answers, int Promoters, int Passives, int Detractors)
{
    /// <summary>Promoters' share minus detractors' share, in whole points from -100 to 100 (halves away from zero); null with no answers.</summary>
    public int? Score => Answers == 0 ? null : (int)Math.Round(100m * (Promoters - Detractors) / Answers, MidpointRounding.AwayFromZero);

    public static NpsFigures Of(IEnumerable<int> scores)
    {
        int n = 0, promoters = 0, passives = 0, detractors = 0;
        foreach (var s in scores)
        {
            n++;
            if (s >= 9) promoters++;
            else if (s >= 7) passives++;
            else detractors++;
        }
        return new(n, promoters, passives, detractors);
    }
}

/// <summary>
/// The partner survey's rounds and question. An organisation's rounds are counted in UTC days from the day it joined:
/// round 0 starts Program:PartnerVoice:FirstSurveyAfterDays after joining, and a new one every SurveyEveryDays. Each
/// person answers a round once; the question can be asked again ("survey") while the round lasts.
/// </summary>
public static class PartnerSurvey
{
    public const int MaxCommentLength = 1000;
    public const string ActionPrefix = "survey.";
    /// <summary>A score button: "round" and "score" travel in it.</summary>
    public const string ScoreAction = "survey.score";

    /// <summary>The round running on <paramref name="today"/> for an organisation that joined on <paramref name="joinedOn"/>; null before the first, or with no surveys.</summary>
    public static int? Round(DateOnly joinedOn, DateOnly today, PartnerVoiceRules rules)
    {
        if (rules.SurveyEveryDays <= 0) return null;
        var days = today.DayNumber - joinedOn.DayNumber - rules.FirstSurveyAfterDays;
        return days < 0 ? null : days / rules.SurveyEveryDays;
    }

    /// <summary>The first UTC day of <paramref name="round"/>.</summary>
    public static DateOnly RoundStart(DateOnly joinedOn, int round, PartnerVoiceRules rules) =>
        joinedOn.AddDays(rules.FirstSurveyAfterDays + round * rules.SurveyEveryDays);

    public static DateOnly UtcDay(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    /// <summary>The question with its eleven buttons (0 to 10), in <paramref name="language"/>.</summary>
    public static Reply Question(Localizer localizer, string language, string programName, int round)
    {
        string T(string key, params object?[] args) => localizer.Get(language, key, args);
        var format = LocaleFormat.For(language);
        var buttons = Enumerable.Range(0, 11).Select(score => new ActionButton(format.Number(score),
            new ActionRef(ScoreAction, new Dictionary<string, string>
            {
                ["round"] = round.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["score"] = score.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }))
        {
            LeavesMessage = true,
        }).ToList();
        var question = T("survey.question", programName);
        return new Reply([
            new TextBlock(question),
            new TextBlock(T("survey.scale"), TextStyle.Note),
            new ActionsBlock(buttons),
        ]) { Visibility = Visibility.Asker, Summary = question };
    }

    /// <summary>A comment as it may be kept: trimmed, and null when empty; the error key when it cannot be.</summary>
    public static (string? Comment, string? ErrorKey) ReadComment(string? text)
    {
        var comment = (text ?? "").Trim();
        if (comment.Length == 0) return (null, null);
        if (comment.Length > MaxCommentLength) return (null, "survey.error.too-long");
        return (comment, null);
    }
}
