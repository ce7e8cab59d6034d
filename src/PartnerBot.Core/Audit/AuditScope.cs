namespace PartnerBot.Audit;

/// <summary>Who is acting in the current scope: set once per turn by the engine, "system" for background work.</summary>
public sealed class AuditScope
{
    public const string System = "system";
    /// <summary>A chat user linking themselves, before they are anyone: their verified e-mail is in the change itself.</summary>
    public const string SelfLinking = "self-linking";
    public string ActorId { get; private set; } = System;
    public string? Channel { get; private set; }

    public void Set(string actorId, string? channel)
    {
        ActorId = actorId;
        Channel = channel;
    }
}
