using Microsoft.Extensions.Options;

namespace PartnerBot.Teams;

/// <summary>Settings under "Teams". With no app id the endpoint accepts unauthenticated activities (local testing only).</summary>
public sealed class TeamsOptions
{
    public const string Section = "Teams";
    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>The bot's Microsoft App (Entra application) id. Set it for Teams; leave it empty for the Agents Playground.</summary>
    public string? MicrosoftAppId { get; set; }
    /// <summary>The app's client secret, used to get tokens for the Bot Connector. Required with an app id.</summary>
    public string? MicrosoftAppPassword { get; set; }
    /// <summary>The app's tenant for a single-tenant bot; empty for a multi-tenant bot (tokens from botframework.com).</summary>
    public string? MicrosoftAppTenantId { get; set; }
    /// <summary>Where outbound tokens come from: {TokenAuthority}/{tenant}/oauth2/v2.0/token.</summary>
    public string TokenAuthority { get; set; } = "https://login.microsoftonline.com";
    public string TokenScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>OpenID metadata that names the keys inbound tokens are signed with.</summary>
    public string OpenIdMetadataUrl { get; set; } = DefaultOpenIdMetadataUrl;
    /// <summary>The issuer of the Bot Connector's tokens.</summary>
    public string TokenIssuer { get; set; } = "https://api.botframework.com";
    public TimeSpan TokenClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a turn may run before the endpoint acknowledges with a typing indicator and replies later.</summary>
    public TimeSpan InlineReplyBudget { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Largest activity accepted, in bytes.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;
    /// <summary>Attempts per connector call on 429 and 5xx answers (the first included).</summary>
    public int ConnectorMaxAttempts { get; set; } = 4;
    /// <summary>The longest Retry-After a connector call waits for inline; longer ones give up (the outbox retries later).</summary>
    public TimeSpan ConnectorMaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public bool Authenticates => !string.IsNullOrWhiteSpace(MicrosoftAppId);
}

internal sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions o)
    {
        var errors = new List<string>();
        if (o.Authenticates && string.IsNullOrWhiteSpace(o.MicrosoftAppPassword))
            errors.Add("Teams:MicrosoftAppPassword is required when Teams:MicrosoftAppId is set (the bot needs it to reply through the Bot Connector).");
        if (!IsHttpsOrLoopback(o.OpenIdMetadataUrl))
            errors.Add($"Teams:OpenIdMetadataUrl must be an https URL (default {TeamsOptions.DefaultOpenIdMetadataUrl}).");
        if (!IsHttpsOrLoopback(o.TokenAuthority))
            errors.Add("Teams:TokenAuthority must be an https URL, such as https://login.microsoftonline.com.");
        if (string.IsNullOrWhiteSpace(o.TokenIssuer))
            errors.Add("Teams:TokenIssuer must be set (default https://api.botframework.com).");
        if (o.InlineReplyBudget <= TimeSpan.Zero || o.InlineReplyBudget > TimeSpan.FromSeconds(14))
            errors.Add("Teams:InlineReplyBudget must be between 0 and 14 seconds (Teams redelivers after about 15).");
        if (o.MaxBodyBytes is < 1024 or > 10 * 1024 * 1024)
            errors.Add("Teams:MaxBodyBytes must be between 1024 and 10485760.");
        if (o.ConnectorMaxAttempts is < 1 or > 10)
            errors.Add("Teams:ConnectorMaxAttempts must be between 1 and 10.");
        if (o.TokenClockSkew < TimeSpan.Zero || o.TokenClockSkew > TimeSpan.FromMinutes(10))
            errors.Add("Teams:TokenClockSkew must be between 0 and 10 minutes.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>https anywhere; plain http only on the loopback interface (tests, local fakes).</summary>
    internal static bool IsHttpsOrLoopback(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) &&
        (u.Scheme == Uri.UriSchemeHttps || (u.Scheme == Uri.UriSchemeHttp && u.IsLoopback));
}
