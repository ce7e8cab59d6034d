using System.Buffers;
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
/// before inside that window is a replay: <see cref="VerifyAsync"/> hands back the shared <see cref="ReplayGuard"/>'s
/// check for it, which <see cref="SlackRequestHandler"/> makes before it answers (with the inbox's write when the
/// request stores a delivery, so an acknowledgement is one write).
/// </summary>
public sealed class SlackRequestVerifier(IOptions<SlackOptions> options, TimeProvider clock, ReplayGuard? replays = null)
{
    /// <summary>
    /// The signature and timestamp, and when they are good the replay check still to make (null without a guard). Nothing
    /// is recorded here: whoever answers the request makes the check first.
    /// </summary>
    public async ValueTask<(SlackVerification Result, ReplayCheck? Replay)> VerifyAsync(string? timestamp, string? signature, byte[] body, CancellationToken ct)
    {
        var result = Verify(timestamp, signature, body);
        if (result != SlackVerification.Valid || replays is null) return (result, null);
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp!, NumberStyles.None, CultureInfo.InvariantCulture));
        return (result, await replays.CheckForAsync("slack", signature!, signedAt, options.Value.TimestampTolerance, ct));
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
        return Matches(secret, timestamp, body, signature) ? SlackVerification.Valid : SlackVerification.BadSignature;
    }

    /// <summary>"v0=" + lower-case hex HMAC-SHA256 of the base string.</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> signature = stackalloc byte[SignatureLength];
        Write(SecretKey.Of(secret), timestamp, body, signature);
        return Encoding.ASCII.GetString(signature);
    }

    // "v0=" and 64 lower-case hex digits.
    private const int SignatureLength = 3 + 2 * HMACSHA256.HashSizeInBytes;

    /// <summary>
    /// The signature as Slack computes it, compared in constant time with the one presented, byte for byte (lower-case
    /// hex only, as before). Nothing is allocated: the base string is hashed from a pooled buffer, the rest is on the stack.
    /// </summary>
    private static bool Matches(string secret, string timestamp, ReadOnlySpan<byte> body, string presented)
    {
        // A signature of another length (or not ASCII, which cannot be one byte per character) cannot match.
        if (presented.Length != SignatureLength || !Ascii.IsValid(presented)) return false;
        Span<byte> expected = stackalloc byte[SignatureLength];
        Write(SecretKey.Of(secret), timestamp, body, expected);
        Span<byte> actual = stackalloc byte[SignatureLength];
        Encoding.ASCII.GetBytes(presented, actual);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private static void Write(byte[] key, string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        // The base string "v0:{timestamp}:{body}" in a pooled buffer, hashed in one call.
        var message = ArrayPool<byte>.Shared.Rent(4 + Encoding.UTF8.GetMaxByteCount(timestamp.Length) + body.Length);
        try
        {
            "v0:"u8.CopyTo(message);
            var n = 3 + Encoding.UTF8.GetBytes(timestamp, message.AsSpan(3));
            message[n++] = (byte)':';
            body.CopyTo(message.AsSpan(n));
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(key, message.AsSpan(0, n + body.Length), mac);
            "v0="u8.CopyTo(destination);
            Convert.TryToHexStringLower(mac, destination[3..], out _);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
        }
    }

    /// <summary>The signing secret's bytes, encoded once per secret rather than at every request.</summary>
    private sealed class SecretKey
    {
        private static SecretKey? _last;
        private readonly string _secret;
        private readonly byte[] _bytes;

        private SecretKey(string secret) => (_secret, _bytes) = (secret, Encoding.UTF8.GetBytes(secret));

        public static byte[] Of(string secret)
        {
            var last = Volatile.Read(ref _last);
            if (last is null || !ReferenceEquals(last._secret, secret) && last._secret != secret)
                Volatile.Write(ref _last, last = new SecretKey(secret));
            return last._bytes;
        }
    }
}
