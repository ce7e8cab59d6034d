using System.Buffers.Text;
using System.Security.Cryptography;

namespace PartnerBot.Storage;

/// <summary>
/// Rows that stop being useful at a time of their own (dialog states, download links, digest charts). Each capability
/// that keeps such rows registers one of these; the hourly housekeeping job removes what every part says has expired,
/// so a new kind of expiring row needs no change to the job.
/// </summary>
public interface IExpiredRows
{
    /// <summary>Deletes the rows that expired before <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(PartnerBotDb db, DateTimeOffset now, CancellationToken ct);
}

/// <summary>Keys of rows reached only by their link (downloads, charts).</summary>
public static class LinkTokens
{
    /// <summary>128 random bits in base64url: the URL is the only key, so it must not be guessable.</summary>
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
}
