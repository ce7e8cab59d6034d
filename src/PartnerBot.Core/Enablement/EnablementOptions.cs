using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PartnerBot.Enablement;

/// <summary>Host settings for enablement (section "Enablement"): the key that signs tracked links (they point at Links:PublicBaseUrl).</summary>
public sealed class EnablementOptions
{
    public const string Section = "Enablement";
    /// <summary>Secret (at least 32 characters) that signs each person's content links. Generated at start in Development and Testing when empty.</summary>
    public string LinkKey { get; set; } = "";
}

internal sealed class EnablementOptionsSetup(IHostEnvironment env) : IPostConfigureOptions<EnablementOptions>, IValidateOptions<EnablementOptions>
{
    private static readonly string DevKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private bool MayGenerate => env.IsDevelopment() || env.IsEnvironment("Testing");

    public void PostConfigure(string? name, EnablementOptions options)
    {
        if (string.IsNullOrEmpty(options.LinkKey) && MayGenerate) options.LinkKey = DevKey;
    }

    public ValidateOptionsResult Validate(string? name, EnablementOptions o)
    {
        var errors = new List<string>();
        if (o.LinkKey.Length < 32)
            errors.Add($"{EnablementOptions.Section}:LinkKey must be a secret of at least 32 characters (for example 32 random bytes in base64); it signs content links so nobody can record opens for someone else.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
