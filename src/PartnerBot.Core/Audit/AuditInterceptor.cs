using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PartnerBot.Audit;

/// <summary>
/// Writes an <see cref="AuditEntry"/> for every added, modified or deleted <see cref="IAudited"/> entity (and the
/// entities they own), inside the same SaveChanges, so a change and its audit entry commit together or not at all.
/// Audited entities use client-generated keys so the entry can name them before the insert.
/// </summary>
public sealed class AuditInterceptor(AuditScope scope, TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db) AddEntries(db);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db) AddEntries(db);
        return ValueTask.FromResult(result);
    }

    private void AddEntries(DbContext db)
    {
        var now = clock.GetUtcNow();
        var entries = new List<AuditEntry>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            var root = AuditedRoot(entry);
            if (root is null) continue;

            var changes = Describe(entry);
            if (changes.Count == 0) continue;
            var ownedName = entry.Metadata.IsOwned() ? "." + entry.Metadata.FindOwnership()?.PrincipalToDependent?.Name : "";
            entries.Add(new AuditEntry
            {
                At = now,
                ActorId = scope.ActorId,
                Channel = scope.Channel,
                EntityType = root.Metadata.ClrType.Name + ownedName,
                EntityId = KeyOf(root),
                Action = entry.State.ToString(),
                Changes = changes.ToJsonString(),
            });
        }
        if (entries.Count > 0) db.Set<AuditEntry>().AddRange(entries);
    }

    private static EntityEntry? AuditedRoot(EntityEntry entry)
    {
        if (entry.Entity is IAudited) return entry;
        if (!entry.Metadata.IsOwned()) return null;
        var ownership = entry.Metadata.FindOwnership();
        if (ownership is null) return null;
        var owner = entry.Context.ChangeTracker.Entries()
            .FirstOrDefault(e => e.Metadata == ownership.PrincipalEntityType &&
                                 ownership.PrincipalKey.Properties.Select(p => e.Property(p.Name).CurrentValue)
                                     .SequenceEqual(ownership.Properties.Select(p => entry.Property(p.Name).CurrentValue)));
        return owner?.Entity is IAudited ? owner : null;
    }

    private static string KeyOf(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        return key is null ? "" : string.Join('/', key.Properties.Select(p => entry.Property(p.Name).CurrentValue));
    }

    private static JsonObject Describe(EntityEntry entry)
    {
        var changes = new JsonObject();
        foreach (var p in entry.Properties)
        {
            if (p.Metadata.IsPrimaryKey() || p.Metadata.IsShadowProperty() && p.Metadata.IsForeignKey() && entry.Metadata.IsOwned()) continue;
            if (p.Metadata.PropertyInfo?.IsDefined(typeof(NotAuditedAttribute), inherit: false) == true) continue;
            switch (entry.State)
            {
                case EntityState.Added:
                    if (p.CurrentValue is not null) changes[p.Metadata.Name] = ToNode(p.CurrentValue);
                    break;
                case EntityState.Deleted:
                    changes[p.Metadata.Name] = ToNode(p.OriginalValue);
                    break;
                case EntityState.Modified when p.IsModified && !Equals(p.OriginalValue, p.CurrentValue):
                    changes[p.Metadata.Name] = new JsonObject { ["from"] = ToNode(p.OriginalValue), ["to"] = ToNode(p.CurrentValue) };
                    break;
            }
        }
        return changes;
    }

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        Enum e => JsonValue.Create(e.ToString()),
        _ => JsonSerializer.SerializeToNode(value),
    };
}
