using Microsoft.EntityFrameworkCore;
using PartnerBot.Storage;

namespace PartnerBot.Conversations;

/// <summary>
/// Remembers conversations the bot can write into later (proactive messages). Channels call
/// <see cref="RememberAsync"/> when they learn of one (an install, a first message) with their own opaque data.
/// </summary>
public sealed class ConversationDirectory(PartnerBotDb db, TimeProvider clock)
{
    public async Task<ConversationReference> RememberAsync(string channel, string conversationId, ConversationKind kind,
        string? personId, string? data, CancellationToken ct)
    {
        var row = await Tracked(db, channel, conversationId, ct);
        if (row is null)
        {
            row = new ConversationReference { Channel = channel, ConversationId = conversationId };
            db.ConversationReferences.Add(row);
        }
        // Heard from again with nothing new within the minute: nothing to write, so no save (and its interceptors) at all.
        if (!Apply(row, kind, personId, data)) return row;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (db.Entry(row).State == EntityState.Added)
        {
            // Another request remembered the same conversation at the same moment (Teams sends installationUpdate and
            // conversationUpdate together): update the row it wrote instead.
            db.Entry(row).State = EntityState.Detached;
            row = await Tracked(db, channel, conversationId, ct)
                  ?? throw new InvalidOperationException($"Conversation {channel}/{conversationId} was neither inserted nor found.");
            Apply(row, kind, personId, data);
            await db.SaveChangesAsync(ct);
        }
        return row;
    }

    /// <summary>
    /// Sets what changed; a conversation heard from again with nothing new is written at most once a minute. Returns
    /// whether there is anything to write.
    /// </summary>
    private bool Apply(ConversationReference row, ConversationKind kind, string? personId, string? data)
    {
        var now = clock.GetUtcNow();
        var changed = db.Entry(row).State == EntityState.Added || row.Kind != kind || (personId is not null && row.PersonId != personId) ||
                      (data is not null && row.Data != data);
        if (!changed && !Touch.IsDue(row.UpdatedAt, now)) return false;
        row.Kind = kind;
        row.PersonId = personId ?? row.PersonId;
        row.Data = data ?? row.Data;
        row.UpdatedAt = now;
        return true;
    }

    /// <summary>The person's 1:1 conversation in a channel, if the bot has one.</summary>
    public Task<ConversationReference?> PersonalAsync(string channel, string personId, CancellationToken ct) =>
        db.ConversationReferences.AsNoTracking()
            .Where(r => r.Channel == channel && r.PersonId == personId && r.Kind == ConversationKind.Personal)
            .OrderByDescending(r => r.UpdatedAt)
            .FirstOrDefaultAsync(ct);

    public Task<ConversationReference?> FindAsync(string channel, string conversationId, CancellationToken ct) => Find(db, channel, conversationId, ct);

    // Compiled once: a Teams turn remembers its conversation after every answer (read, and written only when it changed).
    private static readonly Func<PartnerBotDb, string, string, CancellationToken, Task<ConversationReference?>> Tracked = EF.CompileAsyncQuery(
        (PartnerBotDb db, string channel, string conversationId, CancellationToken ct) =>
            db.ConversationReferences.FirstOrDefault(r => r.Channel == channel && r.ConversationId == conversationId));

    // Compiled once: a Slack turn asks it after every answer (has this person a Home tab to keep current?).
    private static readonly Func<PartnerBotDb, string, string, CancellationToken, Task<ConversationReference?>> Find = EF.CompileAsyncQuery(
        (PartnerBotDb db, string channel, string conversationId, CancellationToken ct) =>
            db.ConversationReferences.AsNoTracking().FirstOrDefault(r => r.Channel == channel && r.ConversationId == conversationId));
}
