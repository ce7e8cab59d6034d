using Microsoft.EntityFrameworkCore;
using PartnerBot.Notifications;
using PartnerBot.Storage;

namespace PartnerBot.Webhooks;

/// <summary>One delivery as the log shows it: the outbox message and its attempts, newest last.</summary>
public sealed record WebhookDelivery(long Id, string SubscriptionId, string EventType, string State, int Attempts, DateTimeOffset CreatedAt,
    string? LastError, IReadOnlyList<WebhookAttempt> Log);

/// <summary>
/// Managing subscriptions (the `webhooks` command line): add with its events and optional organisation, list, remove,
/// the delivery log, and replaying a delivery. Every refusal is a sentence for the person who typed the command.
/// </summary>
public sealed class WebhookSubscriptions(PartnerBotDb db, TimeProvider clock, OutboxSignal signal)
{
    public const int MaxUrlLength = 2000;

    public sealed record Added(WebhookSubscription? Subscription, string? Problem);

    /// <summary>Why <paramref name="url"/> cannot be a subscription's address, or null when it can.</summary>
    public static string? CheckUrl(string url)
    {
        if (url.Length > MaxUrlLength) return $"The address is longer than {MaxUrlLength} characters.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            return $"'{url}' is not an http:// or https:// address.";
        if (uri.UserInfo.Length > 0)
            return "The address carries a user name or password: leave them out; receivers check the signature instead.";
        return null;
    }

    public async Task<Added> AddAsync(string url, IReadOnlyCollection<string> events, string? organisationId, CancellationToken ct)
    {
        url = url.Trim();
        if (CheckUrl(url) is { } problem) return new(null, problem);
        if (events.Count == 0) return new(null, $"Name at least one event: {string.Join(", ", WebhookEvents.All)}.");
        var unknown = events.Where(e => !WebhookEvents.All.Contains(e)).ToList();
        if (unknown.Count > 0)
            return new(null, $"Unknown event{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown)}. The events are: {string.Join(", ", WebhookEvents.All)}.");
        if (organisationId is not null && !await db.PartnerOrganisations.AnyAsync(o => o.Id == organisationId, ct))
            return new(null, $"No partner organisation '{organisationId}'.");
        var subscription = new WebhookSubscription
        {
            Id = WebhookSubscription.NewId(),
            Url = url,
            Events = string.Join(' ', events.Distinct()),
            OrganisationId = organisationId,
            Secret = WebhookSubscription.NewSecret(),
            CreatedAt = clock.GetUtcNow(),
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(ct);
        return new(subscription, null);
    }

    public Task<List<WebhookSubscription>> ListAsync(CancellationToken ct) =>
        db.WebhookSubscriptions.AsNoTracking().Where(s => s.RemovedAt == null).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ToListAsync(ct);

    /// <summary>Removes a subscription: nothing more is queued for it. Returns false when there is no such live subscription.</summary>
    public async Task<bool> RemoveAsync(string id, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id && s.RemovedAt == null, ct);
        if (subscription is null) return false;
        subscription.RemovedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The latest deliveries, of one subscription or of all, newest first, each with its attempts.</summary>
    public async Task<List<WebhookDelivery>> DeliveriesAsync(string? subscriptionId, int take, CancellationToken ct)
    {
        var messages = await db.Outbox.AsNoTracking()
            .Where(m => m.Channel == WebhookSender.ChannelName && (subscriptionId == null || m.RecipientPersonId == subscriptionId))
            .OrderByDescending(m => m.Id).Take(take).ToListAsync(ct);
        var ids = messages.Select(m => m.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.OutboxMessageId)).OrderBy(a => a.Id).ToListAsync(ct))
            .ToLookup(a => a.OutboxMessageId);
        return messages.Select(m => new WebhookDelivery(m.Id, m.RecipientPersonId, WebhookEvents.TypeOf(m.ReplyJson), StateOf(m), m.Attempts,
            m.CreatedAt, m.LastError, attempts[m.Id].ToList())).ToList();
    }

    public enum Replay { Queued, NoSuchDelivery, SubscriptionRemoved, InFlight }

    /// <summary>
    /// Sends a delivery again, as it was (the same event id, so a receiver that keeps ids knows it), signed anew: due
    /// now, with its attempts counted afresh. Its log keeps every earlier attempt.
    /// </summary>
    public async Task<Replay> ReplayAsync(long deliveryId, CancellationToken ct)
    {
        var message = await db.Outbox.AsNoTracking().FirstOrDefaultAsync(m => m.Id == deliveryId && m.Channel == WebhookSender.ChannelName, ct);
        if (message is null) return Replay.NoSuchDelivery;
        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == message.RecipientPersonId && s.RemovedAt == null, ct))
            return Replay.SubscriptionRemoved;
        var now = clock.GetUtcNow();
        var changed = await db.Outbox.Where(m => m.Id == deliveryId && (m.LockedUntil == null || m.LockedUntil < now)).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.DeliveredAt, (DateTimeOffset?)null).SetProperty(m => m.DeliveredVia, (string?)null)
            .SetProperty(m => m.FailedAt, (DateTimeOffset?)null).SetProperty(m => m.LastError, (string?)null)
            .SetProperty(m => m.Attempts, 0).SetProperty(m => m.NextAttemptAt, now), ct);
        if (changed == 0) return Replay.InFlight;
        signal.Notify();
        return Replay.Queued;
    }

    private static string StateOf(OutboxMessage m) =>
        m.DeliveredAt is not null ? "delivered" : m.FailedAt is not null ? "failed" : m.Attempts == 0 ? "queued" : "retrying";
}
