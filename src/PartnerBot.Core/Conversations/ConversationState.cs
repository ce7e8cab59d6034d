using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Storage;

namespace PartnerBot.Conversations;

/// <summary>
/// The saved state of a dialog in progress: one per (person, conversation). Saved after every step so a restart
/// in the middle of a dialog loses nothing; <see cref="Version"/> makes a second submission of the same step lose.
/// </summary>
public sealed class DialogState
{
    /// <summary>The instance id that forms carry back (action data key "dialog").</summary>
    public required string Id { get; set; }
    public required string PersonId { get; set; }
    public required string ConversationKey { get; set; }
    public required string DialogName { get; set; }
    public required string StateJson { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int Version { get; set; }

    /// <summary>
    /// The expiry rule, in one place: a dialog is over from the instant <see cref="ExpiresAt"/> is reached. The turn asks
    /// it of the row it holds; housekeeping asks the database the same question through <see cref="ExpiredBy"/>.
    /// </summary>
    public bool HasExpired(DateTimeOffset now) => ExpiresAt <= now;

    /// <summary><see cref="HasExpired"/> as a query, for deleting expired dialogs in one statement.</summary>
    public static Expression<Func<DialogState, bool>> ExpiredBy(DateTimeOffset now) => d => d.ExpiresAt <= now;
}

/// <summary>
/// How to reach a conversation later, for proactive messages. <see cref="Data"/> is the channel's own
/// reference (a Teams service URL, a Slack team id), opaque to the product.
/// </summary>
public sealed class ConversationReference
{
    public int Id { get; set; }
    public required string Channel { get; set; }
    public required string ConversationId { get; set; }
    public ConversationKind Kind { get; set; }
    /// <summary>For a personal conversation, whose it is.</summary>
    public string? PersonId { get; set; }
    public string? Data { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An inbound delivery already handled (channels retry); its id is kept for a while so a retry is handled once.</summary>
public sealed class ProcessedInbound
{
    public required string Channel { get; set; }
    public required string InboundId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>A message in the built-in web chat: what a person said, and what the bot answered or sent proactively.</summary>
public sealed class WebChatMessage
{
    public long Id { get; set; }
    public required string ConversationId { get; set; }
    /// <summary>Who wrote it; null for the bot.</summary>
    public string? AuthorPersonId { get; set; }
    /// <summary>When set, only this person sees it (a private reply in a shared conversation).</summary>
    public string? VisibleToPersonId { get; set; }
    public string? Text { get; set; }
    /// <summary>The neutral reply, serialized; rendered to HTML when read.</summary>
    public string? ReplyJson { get; set; }
    /// <summary>Set when the message came through the outbox: a unique index makes redelivery a no-op.</summary>
    public long? OutboxMessageId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A dialog nobody came back to before it expired is over, so housekeeping removes it.</summary>
internal sealed class ExpiredDialogs : IExpiredRows
{
    public Task<int> DeleteExpiredAsync(PartnerBotDb db, DateTimeOffset now, CancellationToken ct) =>
        db.DialogStates.Where(DialogState.ExpiredBy(now)).ExecuteDeleteAsync(ct);
}
