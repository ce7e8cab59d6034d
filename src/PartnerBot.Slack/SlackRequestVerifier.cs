using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;

namespace PartnerBot.Slack;

public enum SlackVerification { Valid, MissingHeaders, BadTimestamp, Stale, BadSignature, Replayed }

/// <summary>
/// Slack's request signing, version 0: HMAC-SHA256 of "v0:{timestamp}:{raw body}" with the signing secret,
/// compared in constant time; timestamps more than five minutes from now (either way) are refused. A signature seen
/// before inside that window is a replay: <see cref="VerifyAsync"/> asks the shared <see cref="ReplayGuard"/>.
/// </summary>
public sealed class SlackRequestVerifier(IOptions<SlackOptions> options, TimeProvider clock, ReplayGuard? replays = null)
{
    /// <summary>The signature and timestamp, then (when they are good) whether this exact request was accepted before.</summary>
    public async Task<SlackVerification> VerifyAsync(string? timestamp, string? signature, byte[] body, CancellationToken ct)
    {
        var result = Verify(timestamp, signature, body);
        if (result != SlackVerification.Valid || replays is null) return result;
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp!, NumberStyles.None, CultureInfo.InvariantCulture));
        return await replays.FirstSeenAsync("slack", signature!, signedAt, options.Value.TimestampTolerance, ct)
            ? SlackVerification.Valid : SlackVerification.Replayed;
    }

    /// <summary>The signature and the timestamp's window only (no replay check).</summary>
    public SlackVerification Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        var secret = options.Value.SigningSecret;
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(secret))
            return SlackVerification.MissingHeaders;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return SlackVerification.BadTimestamp;
        var now = clock.GetUtcNow();
        var tolerance = options.Value.TimestampTolerance;
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
            return SlackVerification.Stale;
        return FixedTimeEquals(Sign(secret, timestamp, body), signature) ? SlackVerification.Valid : SlackVerification.BadSignature;
    }

    /// <summary>"v0=" + lower-case hex HMAC-SHA256 of the base string.</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        return "v0=" + Convert.ToHexStringLower(mac);
    }

    private static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));
}
