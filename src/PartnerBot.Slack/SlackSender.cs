using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Notifications;
using PartnerBot.People;

namespace PartnerBot.Slack;

/// <summary>
/// Delivers outbox messages as a DM from the bot (conversations.open, then chat.postMessage). Slack's rate limits
/// become a retry after Slack's Retry-After; codes that will not change (user_not_found, invalid_auth…) fail at once.
/// </summary>
public sealed class SlackSender(SlackApiClient api, BlockKitRenderer renderer, IOptions<SlackOptions> options) : IChannelSender
{
    public string Channel => Channels.Slack;

    public Task<bool> CanReachAsync(Person recipient, CancellationToken ct) =>
        Task.FromResult(options.Value.Enabled && !string.IsNullOrEmpty(options.Value.BotToken) &&
                        recipient.Identities.Any(i => i.Channel == Channels.Slack));

    public async Task<DeliveryResult> SendAsync(long outboxMessageId, Person recipient, Reply reply, CancellationToken ct)
    {
        var identity = recipient.Identities.FirstOrDefault(i => i.Channel == Channels.Slack);
        if (identity is null) return DeliveryResult.Fail("The person has no Slack identity.");
        try
        {
            var message = renderer.Message(reply);
            message["channel"] = await api.OpenConversationAsync(identity.UserId, ct);
            await api.PostMessageAsync(message, ct);
            return DeliveryResult.Delivered;
        }
        catch (SlackRateLimitedException ex)
        {
            return DeliveryResult.Retry(ex.Message, ex.RetryAfter);
        }
        catch (SlackApiException ex) when (ex.IsPermanent)
        {
            return DeliveryResult.Fail(ex.Message);
        }
        catch (SlackApiException ex)
        {
            return DeliveryResult.Retry(ex.Message);
        }
        catch (HttpRequestException ex)
        {
            return DeliveryResult.Retry($"Slack could not be reached: {ex.Message}");
        }
    }
}
