namespace PartnerBot.Jobs;

/// <summary>
/// The settings of one recurring job, in one shape for every job: <c>Jobs:{Name}:Enabled</c> and
/// <c>Jobs:{Name}:Interval</c>. Bound as named options, one name per job; each job registers its own default interval.
/// </summary>
public sealed class JobOptions
{
    /// <summary>The configuration section that holds one subsection per job.</summary>
    public const string Root = "Jobs";

    /// <summary>Run the job in the background. Tests turn it off and call the job's RunOnceAsync themselves.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long after one pass starts the next one does. Must be more than zero.</summary>
    public TimeSpan Interval { get; set; }

    public static string Key(string jobName, string setting) => $"{Root}:{jobName}:{setting}";
}
