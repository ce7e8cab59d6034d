using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerBot.Storage;

namespace PartnerBot.Digests;

/// <summary>A rendered chart, served by the host at /charts/{token}.png until it expires.</summary>
public sealed class DigestChart
{
    /// <summary>128 random bits, base64url: the URL is the only key, so it must not be guessable.</summary>
    public required string Token { get; set; }
    public required string RecipientPersonId { get; set; }
    public required byte[] Png { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(16));

    private static string Base64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
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
