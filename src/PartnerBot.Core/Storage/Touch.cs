namespace PartnerBot.Storage;

/// <summary>
/// Timestamps that only say "still in use" (when a person was last seen, when a conversation was last heard from) move
/// at most once a minute: a turn that changes nothing else then writes nothing, instead of an UPDATE on every message.
/// </summary>
public static class Touch
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    /// <summary>Whether a "last used" time of <paramref name="last"/> is worth writing again at <paramref name="now"/>.</summary>
    public static bool IsDue(DateTimeOffset? last, DateTimeOffset now) => last is not { } l || now - l >= Resolution || l > now;
}
