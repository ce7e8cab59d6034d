using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace PartnerBot.Enablement;

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
        return System.Buffers.Text.Base64Url.EncodeToString(mac.AsSpan(0, 16));
    }

    public bool Verify(string itemId, string personId, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64) return false;
        var expected = Encoding.ASCII.GetBytes(Token(itemId, personId));
        var given = Encoding.ASCII.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
