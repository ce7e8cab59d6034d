using Cronos;
using PartnerBot.People;

namespace PartnerBot.Digests;

/// <summary>
/// When a person's digests are due, from their settings: daily, weekly on a chosen day, or monthly (the 1st), at an
/// hour of their own time zone. Cronos does the calendar work, so a slot stays at 08:00 local across a DST change.
/// </summary>
public static class DigestSchedule
{
    public static CronExpression? Expression(Preferences p) => p.DigestCadence switch
    {
        Cadence.Daily => CronExpression.Parse($"0 {p.DigestHour} * * *"),
        Cadence.Weekly => CronExpression.Parse($"0 {p.DigestHour} * * {(int)p.DigestDay}"),
        Cadence.Monthly => CronExpression.Parse($"0 {p.DigestHour} 1 * *"),
        _ => null,
    };

    public static TimeZoneInfo Zone(Preferences p) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(p.TimeZone, out var tz) ? tz : TimeZoneInfo.Utc;

    /// <summary>The next slot strictly after <paramref name="after"/>, or null when digests are off.</summary>
    public static DateTimeOffset? Next(Preferences p, DateTimeOffset after) =>
        Expression(p)?.GetNextOccurrence(after, Zone(p));

    /// <summary>
    /// The slot to send now: the latest one in (<paramref name="since"/>, <paramref name="now"/>]. Slots missed while
    /// the host was down collapse into this one, so a digest is sent once when it comes back, not once per slot.
    /// </summary>
    public static DateTimeOffset? Due(Preferences p, DateTimeOffset since, DateTimeOffset now)
    {
        var cron = Expression(p);
        if (cron is null || now <= since) return null;
        DateTimeOffset? latest = null;
        foreach (var slot in cron.GetOccurrences(since, now, Zone(p), fromInclusive: false, toInclusive: true))
            latest = slot;
        return latest;
    }

    /// <summary>A fingerprint of the settings the schedule depends on: when it changes, the schedule starts afresh.</summary>
    public static string Signature(Preferences p) => $"{p.DigestCadence}|{p.DigestDay}|{p.DigestHour}|{p.TimeZone}";
}
