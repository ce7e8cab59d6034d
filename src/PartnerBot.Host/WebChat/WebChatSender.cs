using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Notifications;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Host.WebChat;

/// <summary>
/// Delivers proactive messages into the person's web chat DM. It writes on the dispatcher's own DbContext, so the
/// message and the outbox's "delivered" mark commit together; the unique outbox id makes a redelivery a no-op.
/// </summary>
public sealed class WebChatSender(PartnerBotDb db, TimeProvider clock, IOptions<WebChatOptions> options) : IChannelSender
{
    public string Channel => Channels.Web;

    /// <summary>While the web chat is on, anyone with a web identity; the outbox prefers the channels they really use.</summary>
    public Task<bool> CanReachAsync(Person recipient, CancellationToken ct) =>
        Task.FromResult(options.Value.IsOn && recipient.Identities.Any(i => i.Channel == Channels.Web));

    public async Task<DeliveryResult> SendAsync(long outboxMessageId, Person recipient, Reply reply, CancellationToken ct)
    {
        if (await db.WebChatMessages.AnyAsync(m => m.OutboxMessageId == outboxMessageId, ct))
            return DeliveryResult.Delivered;
        db.WebChatMessages.Add(new WebChatMessage
        {
            ConversationId = WebChatRooms.DirectId(recipient.Id),
            ReplyJson = JsonSerializer.Serialize(reply, Notifier.Json),
            OutboxMessageId = outboxMessageId,
            CreatedAt = clock.GetUtcNow(),
        });
        return DeliveryResult.DeliveredAt(outboxMessageId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Rewrites the stored message the outbox message <paramref name="reference"/> became: the page shows it anew when it next reads.</summary>
    public async Task<DeliveryResult> UpdateAsync(string reference, Person recipient, Reply reply, CancellationToken ct)
    {
        if (!long.TryParse(reference, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var outboxId))
            return DeliveryResult.Fail($"Not a web chat message reference: '{reference}'.");
        var message = await db.WebChatMessages.FirstOrDefaultAsync(m => m.OutboxMessageId == outboxId, ct);
        if (message is null) return DeliveryResult.Fail($"No web chat message came from outbox message {outboxId}.");
        message.ReplyJson = JsonSerializer.Serialize(reply, Notifier.Json);
        return DeliveryResult.DeliveredAt(reference);
    }
}
