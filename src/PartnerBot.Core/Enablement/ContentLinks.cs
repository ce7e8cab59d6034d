using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

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

/// <summary>
/// Tracked links: /content/{id}/open?p={person}&amp;t={token}, where the token is an HMAC of person and item, so a link
/// records opens for the person it was made for and nobody can forge one for someone else.
/// </summary>
public sealed class ContentLinks(IOptions<EnablementOptions> options, Conversations.PublicLinks links)
{
    public string OpenUrl(string itemId, string personId) =>
        links.To($"/content/{Uri.EscapeDataString(itemId)}/open?p={Uri.EscapeDataString(personId)}&t={Token(itemId, personId)}");

    public string Token(string itemId, string personId)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.LinkKey), Encoding.UTF8.GetBytes($"{personId}\n{itemId}"));
        return Base64Url(mac.AsSpan(0, 16));
    }

    public bool Verify(string itemId, string personId, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64) return false;
        var expected = Encoding.ASCII.GetBytes(Token(itemId, personId));
        var given = Encoding.ASCII.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public enum OpenOutcome { Recorded, BadLink, NotFound, NotAllowed }

public sealed record OpenResult(OpenOutcome Outcome, string? Url = null);

/// <summary>Records that a person opened an item, and the metrics managers read from it.</summary>
public sealed class ContentOpens(ContentLinks links, IOptions<ProgramOptions> program, TimeProvider clock)
{
    /// <summary>Checks the link, records the open and returns where to send the browser. Saves on <paramref name="db"/>.</summary>
    public async Task<OpenResult> OpenAsync(PartnerBotDb db, string itemId, string? personId, string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(personId) || personId.Length > 64 || itemId.Length > 100 || !links.Verify(itemId, personId, token))
            return new(OpenOutcome.BadLink);
        var item = await db.ContentItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null) return new(OpenOutcome.NotFound);
        var person = await db.People.AsNoTracking().Include(p => p.PartnerOrganisation).FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null) return new(OpenOutcome.BadLink);
        // A tier can drop after the link was made: check again.
        if (!ContentSearch.MayOpen(program.Value, Actor.From(person), person.PartnerOrganisation?.Tier, item))
            return new(OpenOutcome.NotAllowed);
        db.ContentOpens.Add(new ContentOpen
        {
            PersonId = person.Id, OrganisationId = person.PartnerOrganisationId, ContentItemId = item.Id, OpenedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return new(OpenOutcome.Recorded, item.Url);
    }

    public sealed record MaterialUsage(int OrganisationsUsing, int Organisations, decimal Share);

    /// <summary>The share of partner organisations with at least one open since <paramref name="since"/>.</summary>
    public static async Task<MaterialUsage> UsageSinceAsync(PartnerBotDb db, DateTimeOffset since, CancellationToken ct)
    {
        var total = await db.PartnerOrganisations.CountAsync(ct);
        var using_ = await db.ContentOpens.Where(o => o.OpenedAt >= since && o.OrganisationId != null)
            .Select(o => o.OrganisationId).Distinct().CountAsync(ct);
        return new(using_, total, total == 0 ? 0 : Math.Round(100m * using_ / total, 1));
    }
}
