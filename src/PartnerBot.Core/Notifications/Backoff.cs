namespace PartnerBot.Notifications;

/// <summary>Exponential backoff for retried deliveries (the outbox and the inbox): first delay doubled per attempt, capped.</summary>
public static class Backoff
{
    public static TimeSpan After(int attempts, TimeSpan first, TimeSpan max, TimeSpan? retryAfter = null)
    {
        var delay = TimeSpan.FromTicks(Math.Min(max.Ticks, first.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));
        return retryAfter is { } after && after > delay ? after : delay;
    }
}
