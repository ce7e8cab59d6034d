namespace PartnerBot.Digests;

public sealed class DigestOptions
{
    public const string Section = "Digests";
    /// <summary>How long a digest's chart stays at its URL.</summary>
    public TimeSpan ChartLifetime { get; set; } = TimeSpan.FromDays(14);
}
