namespace PartnerBot.Audit;

/// <summary>Marks an entity whose every change is written to the audit log.</summary>
public interface IAudited;

/// <summary>One change of state: who, when, from which channel, which entity, and what changed (JSON, old → new).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The person who caused it, or "system" for background work.</summary>
    public required string ActorId { get; set; }
    public string? Channel { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    /// <summary>Added, Modified or Deleted.</summary>
    public required string Action { get; set; }
    public required string Changes { get; set; }
}

/// <summary>Bookkeeping that is not a change of state (last seen, counters): left out of the audit log.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotAuditedAttribute : Attribute;
