namespace PartnerBot.Digests;

public sealed class DigestOptions
{
    public const string Section = "Digests";
    /// <summary>Run the scheduler in the background. Tests turn it off and call <see cref="DigestScheduler.RunOnceAsync"/>.</summary>
    public bool RunInBackground { get; set; } = true;
    /// <summary>How long a digest's chart stays at its URL.</summary>
    public TimeSpan ChartLifetime { get; set; } = TimeSpan.FromDays(14);
    /// <summary>
    /// The host's public address (https://partnerbot.example.com), for chart URLs Slack and Teams fetch themselves.
    /// Empty: charts are linked relative to the host, which only the web chat can show.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";
}
