using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerBot.Storage;

namespace PartnerBot.Conversations;

/// <summary>
/// A file the bot made for one person (a QBR pack's CSV), served by the host at /downloads/{token}/{file name} until
/// it expires. The token (128 random bits) is the only key, so the link is as private as the message that carries
/// it; it stops working after its hours, and housekeeping removes it then.
/// </summary>
public sealed class Download
{
    public required string Token { get; set; }
    public required string RecipientPersonId { get; set; }
    /// <summary>The name the file is saved under: letters, digits, '-', '_' and '.' only (<see cref="Downloads.SafeFileName"/>).</summary>
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class DownloadConfiguration : IEntityTypeConfiguration<Download>
{
    public void Configure(EntityTypeBuilder<Download> b)
    {
        b.HasKey(x => x.Token);
        b.Property(x => x.Token).HasMaxLength(32);
        b.Property(x => x.RecipientPersonId).HasMaxLength(64);
        b.Property(x => x.FileName).HasMaxLength(120);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.HasIndex(x => x.ExpiresAt);
    }
}

/// <summary>Makes download links: the file joins the turn's (or job's) unit of work and is saved with it.</summary>
public sealed class Downloads(PartnerBotDb db, TimeProvider clock, PublicLinks links)
{
    /// <summary>The largest file a link serves; a bigger one is a defect in whoever made it.</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    /// <summary>Stores <paramref name="content"/> for <paramref name="recipientPersonId"/> and returns its link.</summary>
    public string Add(string recipientPersonId, string fileName, string contentType, byte[] content, TimeSpan validFor)
    {
        if (content.Length > MaxBytes) throw new ArgumentException($"A download is at most {MaxBytes} bytes; this one is {content.Length}.", nameof(content));
        var now = clock.GetUtcNow();
        var download = new Download
        {
            Token = LinkTokens.New(),
            RecipientPersonId = recipientPersonId,
            FileName = SafeFileName(fileName),
            ContentType = contentType,
            Content = content,
            CreatedAt = now,
            ExpiresAt = now + validFor,
        };
        db.Downloads.Add(download);
        return links.To(Path(download));
    }

    /// <summary>The site path of a download.</summary>
    public static string Path(Download d) => $"/downloads/{d.Token}/{d.FileName}";

    /// <summary>A file name that needs no quoting anywhere: anything else becomes '-', and it is cut to 100 characters.</summary>
    public static string SafeFileName(string name)
    {
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray()).Trim('.', '-');
        if (safe.Length > 100) safe = safe[^100..];
        return safe.Length == 0 ? "download" : safe;
    }

    /// <summary>The download a link names, while it works; null for an unknown, malformed or expired token.</summary>
    public static Task<Download?> FindAsync(PartnerBotDb db, string token, DateTimeOffset now, CancellationToken ct) =>
        token.Length is > 0 and <= 32
            ? db.Downloads.AsNoTracking().FirstOrDefaultAsync(d => d.Token == token && d.ExpiresAt > now, ct)
            : Task.FromResult<Download?>(null);
}

/// <summary>A download past its hours is never served again, so housekeeping removes it.</summary>
internal sealed class ExpiredDownloads : IExpiredRows
{
    public Task<int> DeleteExpiredAsync(PartnerBotDb db, DateTimeOffset now, CancellationToken ct) =>
        db.Downloads.Where(d => d.ExpiresAt < now).ExecuteDeleteAsync(ct);
}
