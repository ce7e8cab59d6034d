using Microsoft.Extensions.Options;

namespace PartnerBot.Conversations;

/// <summary>Where the host can be reached from outside (section "Links"): one address for every link the bot makes.</summary>
public sealed class LinkOptions
{
    public const string Section = "Links";
    /// <summary>
    /// The host's public address (https://partnerbot.example.com). Slack and Teams open links and fetch images from it;
    /// empty gives site-relative links, which only the web chat can follow.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";
}

internal sealed class LinkOptionsValidator : IValidateOptions<LinkOptions>
{
    public ValidateOptionsResult Validate(string? name, LinkOptions o) =>
        o.PublicBaseUrl.Length == 0 ||
        (Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{LinkOptions.Section}:PublicBaseUrl '{o.PublicBaseUrl}' is not an http(s) address.");
}

/// <summary>Makes the links the bot shows: absolute when the host's public address is known, else site-relative.</summary>
public sealed class PublicLinks(IOptions<LinkOptions> options)
{
    /// <param name="path">A site path starting with '/'.</param>
    public string To(string path) => options.Value.PublicBaseUrl.TrimEnd('/') + path;
}
