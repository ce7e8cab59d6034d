using Microsoft.Extensions.Options;

namespace PartnerBot.Slack;

/// <summary>Settings under "Slack". With none of them set, Slack is off: nothing is mapped and nothing connects.</summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";

    /// <summary>The app's signing secret (Basic Information → App Credentials). Verifies every HTTP request.</summary>
    public string? SigningSecret { get; set; }
    /// <summary>The bot token (xoxb-…) used for the Web API.</summary>
    public string? BotToken { get; set; }
    /// <summary>An app-level token (xapp-…) with connections:write. When set, the bot connects by Socket Mode.</summary>
    public string? AppToken { get; set; }
    /// <summary>Base address of the Web API; a test points it at a fake.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");
    /// <summary>Largest request body read from Slack, in bytes (a modal with 100 blocks fits comfortably).</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
    /// <summary>How long a modal submission may run the conversation before Slack's 3 seconds run out.</summary>
    public TimeSpan SubmissionBudget { get; set; } = TimeSpan.FromSeconds(2.5);
    /// <summary>How old (or how far ahead) a request's timestamp may be.</summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken) || !string.IsNullOrWhiteSpace(SigningSecret) || !string.IsNullOrWhiteSpace(AppToken);
    public bool SocketMode => !string.IsNullOrWhiteSpace(AppToken);
    /// <summary>HTTP endpoints are mapped when requests can be verified.</summary>
    public bool Http => !string.IsNullOrWhiteSpace(SigningSecret);
}

/// <summary>Checked at start when Slack is configured: each message names the setting to fix.</summary>
internal sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions o)
    {
        if (!o.Enabled) return ValidateOptionsResult.Success;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.BotToken))
            errors.Add("Slack:BotToken is missing: set the bot token (xoxb-…) from OAuth & Permissions, or remove the other Slack settings to turn Slack off.");
        if (string.IsNullOrWhiteSpace(o.SigningSecret) && !o.SocketMode)
            errors.Add("Slack:SigningSecret is missing: set the signing secret from Basic Information → App Credentials (or set Slack:AppToken to use Socket Mode instead of HTTP).");
        if (o.SocketMode && !o.AppToken!.StartsWith("xapp-", StringComparison.Ordinal))
            errors.Add("Slack:AppToken must be an app-level token starting with xapp- (Basic Information → App-Level Tokens, scope connections:write).");
        if (!o.ApiBaseUrl.IsAbsoluteUri)
            errors.Add("Slack:ApiBaseUrl must be an absolute URL such as https://slack.com/api/.");
        if (o.MaxBodyBytes < 1024)
            errors.Add("Slack:MaxBodyBytes must be at least 1024.");
        if (o.SubmissionBudget <= TimeSpan.Zero || o.SubmissionBudget >= TimeSpan.FromSeconds(3))
            errors.Add("Slack:SubmissionBudget must be between 0 and 3 seconds (Slack waits 3 seconds for a modal's answer).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
