namespace PartnerBot.Digests;

public sealed class DigestOptions
{
    public const string Section = "Digests";
    /// <summary>Run the scheduler in the background. Tests turn it off and call <see cref="DigestScheduler.RunOnceAsync"/>.</summary>
    public bool RunInBackground { get; set; } = true;
    /// <summary>How long a digest's chart stays at its URL.</summary>
    public TimeSpan ChartLifetime { get; set; } = TimeSpan.FromDays(14);
}
