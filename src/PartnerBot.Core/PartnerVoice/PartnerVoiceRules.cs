namespace PartnerBot.PartnerVoice;

/// <summary>
/// The partner-voice survey (section Program:PartnerVoice): how often a partner's people are asked how likely they are
/// to recommend the program, and the quarterly business review's download.
/// </summary>
public sealed class PartnerVoiceRules
{
    /// <summary>Days between two surveys of a partner's people; 0 sends none (the "survey" command still answers).</summary>
    public int SurveyEveryDays { get; set; } = 90;
    /// <summary>Days after an organisation joins before its first survey: a new partner has had time to form a view.</summary>
    public int FirstSurveyAfterDays { get; set; } = 30;
    /// <summary>
    /// A round's survey is sent on its first day or within this many days after (a host that was down still sends
    /// it); a person linked later in the round is asked then, while the window lasts.
    /// </summary>
    public int SendWithinDays { get; set; } = 14;
    /// <summary>How long a QBR pack's CSV link works, in hours.</summary>
    public int DownloadHours { get; set; } = 72;

    /// <summary>Every way these settings cannot work, each naming its setting.</summary>
    public static IEnumerable<string> Problems(PartnerVoiceRules r, string section)
    {
        var k = $"{section}:PartnerVoice";
        if (r.SurveyEveryDays is < 0 or > 3650) yield return $"{k}:SurveyEveryDays must be between 0 (no survey) and 3650.";
        if (r.SurveyEveryDays is > 0 and < 7) yield return $"{k}:SurveyEveryDays is {r.SurveyEveryDays}: ask a partner at most once a week (7 or more), or 0 for no survey.";
        if (r.FirstSurveyAfterDays is < 0 or > 3650) yield return $"{k}:FirstSurveyAfterDays must be between 0 and 3650.";
        if (r.SendWithinDays < 1) yield return $"{k}:SendWithinDays must be at least 1.";
        else if (r.SurveyEveryDays > 0 && r.SendWithinDays > r.SurveyEveryDays)
            yield return $"{k}:SendWithinDays ({r.SendWithinDays}) must not be longer than SurveyEveryDays ({r.SurveyEveryDays}): a round would still be sending when the next one starts.";
        if (r.DownloadHours is < 1 or > 24 * 31) yield return $"{k}:DownloadHours must be between 1 and 744 (31 days).";
    }
}
