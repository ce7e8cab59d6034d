namespace PartnerBot.Conversations;

/// <summary>How turns and dialogs behave (section "Conversations").</summary>
public sealed class ConversationOptions
{
    public const string Section = "Conversations";
    /// <summary>How long an untouched dialog stays open.</summary>
    public TimeSpan DialogTimeout { get; set; } = TimeSpan.FromHours(24);
    /// <summary>Longest message accepted, in characters.</summary>
    public int MaxMessageLength { get; set; } = 4000;
    /// <summary>How long inbound delivery ids are remembered for de-duplication.</summary>
    public TimeSpan InboundIdRetention { get; set; } = TimeSpan.FromDays(2);
}
