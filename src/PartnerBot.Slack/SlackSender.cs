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

    public Task<DeliveryResult> SendAsync(long outboxMessageId, Person recipient, Reply reply, CancellationToken ct)
    {
        var identity = recipient.Identities.FirstOrDefault(i => i.Channel == Channels.Slack);
        if (identity is null) return Task.FromResult(DeliveryResult.Fail("The person has no Slack identity."));
        return CallAsync(async () =>
        {
            var message = renderer.Message(reply);
            message["channel"] = await api.OpenConversationAsync(identity.UserId, ct);
            var posted = await api.PostMessageAsync(message, ct);
            return Reference(posted["channel"]?.GetValue<string>() ?? message["channel"]!.GetValue<string>(), posted["ts"]?.GetValue<string>());
        });
    }

    /// <summary>chat.update of the message the send posted: the same DM, the same ts, the new blocks.</summary>
    public Task<DeliveryResult> UpdateAsync(string reference, Person recipient, Reply reply, CancellationToken ct)
    {
        var parts = reference.Split('|');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            return Task.FromResult(DeliveryResult.Fail($"Not a Slack message reference: '{reference}'."));
        return CallAsync(async () =>
        {
            var message = renderer.Message(reply);
            message["channel"] = parts[0];
            message["ts"] = parts[1];
            await api.UpdateAsync(message, ct);
            return reference;
        });
    }

    /// <summary>"channel|ts": what chat.update needs to find a posted message again.</summary>
    internal static string? Reference(string channel, string? ts) => ts is { Length: > 0 } ? $"{channel}|{ts}" : null;

    /// <summary>A call to Slack as a delivery outcome: rate limits retried after Slack's Retry-After, permanent refusals failed at once.</summary>
    internal static async Task<DeliveryResult> CallAsync(Func<Task<string?>> call)
    {
        try
        {
            return DeliveryResult.DeliveredAt(await call());
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
