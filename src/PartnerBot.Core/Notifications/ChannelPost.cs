using System.Text.Json;
using PartnerBot.Conversations;

namespace PartnerBot.Notifications;

/// <summary>
/// A message the product posts into a channel both sides of a partner organisation share (a
/// <see cref="People.PartnerChannel"/>), rather than to one person: the reply, the people it mentions (by person id: the
/// channel layer turns each into its own mention, or leaves out one it cannot), and, for a reply in a thread, the dedupe
/// key of the outbox message that posted the thread's root. The outbox delivers it through the
/// <see cref="ISystemSender"/> named <see cref="SenderFor"/> the channel's platform, addressed by the channel's id.
/// </summary>
public sealed record ChannelPost(Reply Reply, IReadOnlyList<string> MentionPersonIds, string? InThreadOf = null)
{
    /// <summary>The system sender that posts into channels of <paramref name="platform"/> ("slack-channel").</summary>
    public static string SenderFor(string platform) => $"{platform}-channel";

    public string ToJson() => JsonSerializer.Serialize(this, Notifier.Json);

    public static ChannelPost FromJson(string json) =>
        JsonSerializer.Deserialize<ChannelPost>(json, Notifier.Json) ?? throw new InvalidOperationException("An outbox message holds no channel post.");
}
