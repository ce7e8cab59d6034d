using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Teams;

/// <summary>
/// Delivers the outbox's proactive messages into a person's 1:1 chat with the bot: the conversation remembered at
/// install or at their last message, else a new one created through the connector of their tenant.
/// Throttling and server errors become "retry later" (with the connector's Retry-After); refusals fail.
/// </summary>
public sealed class TeamsSender(PartnerBotDb db, ConversationDirectory directory, ConnectorClient connector, AdaptiveCardRenderer renderer)
    : IChannelSender
{
    public string Channel => Channels.Teams;

    public async Task<bool> CanReachAsync(Person recipient, CancellationToken ct)
    {
        if (!recipient.Identities.Any(i => i.Channel == Channels.Teams)) return false;
        if (await directory.PersonalAsync(Channels.Teams, recipient.Id, ct) is not null) return true;
        return await TenantConversationAsync(recipient, ct) is not null;
    }

    public async Task<DeliveryResult> SendAsync(long outboxMessageId, Person recipient, Reply reply, CancellationToken ct)
    {
        var language = Languages.All.Contains(recipient.Preferences.Language) ? recipient.Preferences.Language : Languages.English;
        try
        {
            var (serviceUrl, conversationId, data) = await ConversationAsync(recipient, ct)
                ?? throw new ConnectorException("No Teams conversation with this person, and none in their tenant to start one from.", System.Net.HttpStatusCode.NotFound);
            var activity = renderer.ToActivity(reply, language) with
            {
                From = data.BotId is null ? null : new ChannelAccount { Id = data.BotId, Name = data.BotName },
                Conversation = new ConversationAccount { Id = conversationId, TenantId = data.TenantId },
                ChannelId = "msteams",
            };
            var sent = await connector.SendToConversationAsync(serviceUrl, conversationId, activity, ct);
            return DeliveryResult.DeliveredAt(sent?.Id is { Length: > 0 } activityId ? new SentActivity(serviceUrl, conversationId, activityId).ToJson() : null);
        }
        catch (ConnectorException ex) when (ex.Transient)
        {
            return DeliveryResult.Retry($"teams: {ex.Message}", ex.RetryAfter);
        }
        catch (ConnectorException ex)
        {
            return DeliveryResult.Fail($"teams: {ex.Message}");
        }
    }

    /// <summary>updateActivity of the card the send posted: the same conversation, the same activity id, the new card.</summary>
    public async Task<DeliveryResult> UpdateAsync(string reference, Person recipient, Reply reply, CancellationToken ct)
    {
        if (SentActivity.FromJson(reference) is not { } sent) return DeliveryResult.Fail($"Not a Teams activity reference: '{reference}'.");
        var language = Languages.All.Contains(recipient.Preferences.Language) ? recipient.Preferences.Language : Languages.English;
        try
        {
            var activity = renderer.ToActivity(reply, language) with
            {
                Id = sent.ActivityId,
                Conversation = new ConversationAccount { Id = sent.ConversationId },
                ChannelId = "msteams",
            };
            await connector.UpdateActivityAsync(sent.ServiceUrl, sent.ConversationId, sent.ActivityId, activity, ct);
            return DeliveryResult.DeliveredAt(reference);
        }
        catch (ConnectorException ex) when (ex.Transient)
        {
            return DeliveryResult.Retry($"teams: {ex.Message}", ex.RetryAfter);
        }
        catch (ConnectorException ex)
        {
            return DeliveryResult.Fail($"teams: {ex.Message}");
        }
    }

    /// <summary>Where a proactive card went, so it can be updated in place: the connector, the conversation, the activity.</summary>
    private sealed record SentActivity(string ServiceUrl, string ConversationId, string ActivityId)
    {
        public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, ActivityJson.Options);

        public static SentActivity? FromJson(string json)
        {
            try
            {
                return System.Text.Json.JsonSerializer.Deserialize<SentActivity>(json, ActivityJson.Options) is { ServiceUrl.Length: > 0, ConversationId.Length: > 0, ActivityId.Length: > 0 } s ? s : null;
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }
    }

    private async Task<(string ServiceUrl, string ConversationId, TeamsConversationData Data)?> ConversationAsync(Person recipient, CancellationToken ct)
    {
        if (await directory.PersonalAsync(Channels.Teams, recipient.Id, ct) is { } known && TeamsConversationData.FromJson(known.Data) is { } d)
            return (d.ServiceUrl, known.ConversationId, d);

        // No 1:1 chat yet: open one with the connector that serves the person's tenant.
        if (await TenantConversationAsync(recipient, ct) is not { } tenantData) return null;
        var identity = recipient.Identities.First(i => i.Channel == Channels.Teams && i.Tenant == tenantData.TenantId);
        var created = await connector.CreateConversationAsync(tenantData.ServiceUrl, new ConversationParameters
        {
            Bot = tenantData.BotId is null ? null : new ChannelAccount { Id = tenantData.BotId, Name = tenantData.BotName },
            Members = [new ChannelAccount { Id = identity.UserId, AadObjectId = identity.UserId }],
            TenantId = identity.Tenant,
            ChannelData = new System.Text.Json.Nodes.JsonObject { ["tenant"] = new System.Text.Json.Nodes.JsonObject { ["id"] = identity.Tenant } },
        }, ct);
        if (created?.Id is not { Length: > 0 } id) return null;
        var data = tenantData with
        {
            ServiceUrl = created.ServiceUrl is { Length: > 0 } s ? s : tenantData.ServiceUrl,
            UserId = null,
            AadObjectId = identity.UserId,
            ConversationType = ConversationTypes.Personal,
        };
        await directory.RememberAsync(Channels.Teams, id, ConversationKind.Personal, recipient.Id, data.ToJson(), ct);
        return (data.ServiceUrl, id, data);
    }

    /// <summary>The most recent conversation the bot has in one of the person's Teams tenants (its serviceUrl and bot id).</summary>
    private async Task<TeamsConversationData?> TenantConversationAsync(Person recipient, CancellationToken ct)
    {
        var tenants = recipient.Identities.Where(i => i.Channel == Channels.Teams).Select(i => i.Tenant).ToHashSet();
        var rows = await db.ConversationReferences.AsNoTracking()
            .Where(r => r.Channel == Channels.Teams && r.Data != null)
            .OrderByDescending(r => r.UpdatedAt).Take(200)
            .Select(r => r.Data).ToListAsync(ct);
        return rows.Select(TeamsConversationData.FromJson).FirstOrDefault(d => d?.TenantId is { } t && tenants.Contains(t));
    }
}
