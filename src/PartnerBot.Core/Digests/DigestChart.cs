using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerBot.Storage;

namespace PartnerBot.Digests;

/// <summary>
/// A digest's chart, served by the host at /charts/{token}.png (and <c>?theme=dark</c>) until it expires: what it shows
/// is written when the digest is built; each theme's picture is drawn the first time it is asked for, then kept.
/// </summary>
public sealed class DigestChart
{
    /// <summary>A <see cref="LinkTokens"/> key: the URL is the only key.</summary>
    public required string Token { get; set; }
    public required string RecipientPersonId { get; set; }
    /// <summary>A <see cref="TrendChartData"/> as JSON.</summary>
    public required string Data { get; set; }
    /// <summary>The light picture, once drawn.</summary>
    public byte[]? Light { get; set; }
    /// <summary>The dark picture, once drawn.</summary>
    public byte[]? Dark { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    public static string Serialize(TrendChartData data) => JsonSerializer.Serialize(data);

    /// <summary>
    /// The picture in <paramref name="theme"/>, drawn now if it has not been yet (the caller saves the row); null for a
    /// chart stored before charts were drawn on request (it has nothing to draw from, and expires within days).
    /// </summary>
    public byte[]? Picture(ChartTheme theme) => Data.Length == 0 ? null : theme == ChartTheme.Dark
        ? Dark ??= TrendChart.Render(JsonSerializer.Deserialize<TrendChartData>(Data)!, ChartTheme.Dark)
        : Light ??= TrendChart.Render(JsonSerializer.Deserialize<TrendChartData>(Data)!, ChartTheme.Light);
}

internal sealed class DigestChartConfiguration : IEntityTypeConfiguration<DigestChart>
{
    public void Configure(EntityTypeBuilder<DigestChart> b)
    {
        b.HasKey(x => x.Token);
        b.Property(x => x.Token).HasMaxLength(32);
        b.Property(x => x.RecipientPersonId).HasMaxLength(64);
        b.HasIndex(x => x.ExpiresAt);
    }
}

/// <summary>A chart past its expiry is never served again (the endpoint checks), so housekeeping removes it.</summary>
internal sealed class ExpiredDigestCharts : IExpiredRows
{
    public Task<int> DeleteExpiredAsync(PartnerBotDb db, DateTimeOffset now, CancellationToken ct) =>
        db.DigestCharts.Where(c => c.ExpiresAt < now).ExecuteDeleteAsync(ct);
}
