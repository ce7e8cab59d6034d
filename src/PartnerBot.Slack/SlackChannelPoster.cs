using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Notifications;
using PartnerBot.Storage;

namespace PartnerBot.Slack;

/// <summary>
/// Posts the product's <see cref="ChannelPost"/>s into a Slack channel tied to a partner organisation
/// (chat.postMessage to the channel). It only renders what the product decided: the reply, each mentioned person's
/// Slack identity as a mention (a person without one is left out), and, for a reply in a thread, the thread's root as
/// the outbox recorded it when it posted that root (not posted yet: retried later). A channel no longer tied fails.
/// </summary>
public sealed partial class SlackChannelPoster(PartnerBotDb db, SlackApiClient api, BlockKitRenderer renderer, IOptions<SlackOptions> options) : ISystemSender
{
    public string Channel { get; } = ChannelPost.SenderFor(Channels.Slack);

    public async Task<DeliveryResult> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        if (!options.Value.Enabled || string.IsNullOrEmpty(options.Value.BotToken)) return DeliveryResult.Fail("Slack is not configured.");
        var channelId = message.RecipientPersonId;
        if (!await db.PartnerChannels.AsNoTracking().AnyAsync(c => c.Channel == Channels.Slack && c.ConversationId == channelId, ct))
            return DeliveryResult.Fail($"Slack channel {channelId} is no longer tied to a partner organisation.");
        var post = ChannelPost.FromJson(message.ReplyJson);
        string? threadTs = null;
        if (post.InThreadOf is { } rootKey)
        {
            var root = await db.Outbox.AsNoTracking().Where(m => m.DedupeKey == rootKey)
                .Select(m => new { m.DeliveryReference, m.FailedAt }).FirstOrDefaultAsync(ct);
            if (root is null || root.FailedAt is not null) return DeliveryResult.Fail("The thread's first message was never posted.");
            if (root.DeliveryReference?.Split('|') is not [_, { Length: > 0 } ts]) return DeliveryResult.Retry("The thread's first message is not posted yet.");
            threadTs = ts;
        }
        var mentions = await db.ChannelIdentities.AsNoTracking()
            .Where(i => i.Channel == Channels.Slack && post.MentionPersonIds.Contains(i.PersonId)).Select(i => i.UserId).ToListAsync(ct);
        var line = string.Join(' ', mentions.Where(id => SlackUserId().IsMatch(id)).Distinct().Order(StringComparer.Ordinal).Select(id => $"<@{id}>"));

        return await SlackSender.CallAsync(async () =>
        {
            var json = renderer.Message(post.Reply);
            json["channel"] = channelId;
            if (threadTs is not null) json["thread_ts"] = threadTs;
            if (line.Length > 0)
            {
                ((JsonArray)json["blocks"]!).Add(new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = line } });
                json["text"] = line + " " + json["text"]!.GetValue<string>();
            }
            var posted = await api.PostMessageAsync(json, ct);
            return SlackSender.Reference(posted["channel"]?.GetValue<string>() ?? channelId, posted["ts"]?.GetValue<string>());
        });
    }

    [GeneratedRegex("^[UW][A-Z0-9]{2,20}$")]
    private static partial Regex SlackUserId();
}
