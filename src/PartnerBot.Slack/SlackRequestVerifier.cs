using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace PartnerBot.Slack;

public enum SlackVerification { Valid, MissingHeaders, BadTimestamp, Stale, BadSignature, Replayed }

/// <summary>
/// Slack's request signing, version 0: HMAC-SHA256 of "v0:{timestamp}:{raw body}" with the signing secret,
/// compared in constant time; timestamps more than five minutes from now (either way) are refused, and a signature
/// seen before inside that window is a replay.
/// </summary>
public sealed class SlackRequestVerifier(IOptions<SlackOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

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
        if (!FixedTimeEquals(Sign(secret, timestamp, body), signature))
            return SlackVerification.BadSignature;

        // A valid signature may be used once: only the timestamp window could let a copy through otherwise.
        Prune(now - tolerance - tolerance);
        return _seen.TryAdd(signature, now) ? SlackVerification.Valid : SlackVerification.Replayed;
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

    private void Prune(DateTimeOffset before)
    {
        if (_seen.Count < 1024) return;
        foreach (var (k, at) in _seen)
            if (at < before) _seen.TryRemove(k, out _);
    }
}
