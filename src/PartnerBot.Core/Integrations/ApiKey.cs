using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerBot.Audit;
using PartnerBot.People;

namespace PartnerBot.Integrations;

/// <summary>
/// A key one integration (a CRM sync, a data warehouse job) uses to call the REST API. Only a hash of its secret is
/// stored: the plain key is shown once, when it is created. <see cref="Scopes"/> say which areas it may read or write;
/// with <see cref="PartnerOrganisationId"/> set it acts as that one organisation and sees nothing of the others.
/// </summary>
public sealed class ApiKey : IAudited
{
    /// <summary>The public part of the key ("k7f3q9x2m1ab"): it is in the key itself, and names the key in lists and audit.</summary>
    public required string Id { get; set; }
    /// <summary>Who uses it, in the operator's words ("HubSpot sync").</summary>
    public required string Name { get; set; }
    /// <summary>SHA-256 of the secret part, base64. Never the secret, and left out of the audit log too.</summary>
    [NotAudited] public required string SecretHash { get; set; }
    /// <summary>The scopes, space separated ("deals:read deals:write"); see <see cref="ApiScopes"/>.</summary>
    public required string Scopes { get; set; }
    /// <summary>The one partner organisation the key acts for; null for a key of the vendor's own, which sees every organisation.</summary>
    public string? PartnerOrganisationId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    [NotAudited] public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>
    /// The key as the access rules know a caller: a key for one organisation is a partner user of it (its own
    /// organisation only, never deciding); a vendor key sees every organisation, as a manager reads them.
    /// Its person id is "apikey:{id}", which is what the audit log records for its writes.
    /// </summary>
    public Actor ToActor() => new(ActorIdFor(Id), Name, PartnerOrganisationId is null ? Role.Manager : Role.PartnerUser,
        PartnerOrganisationId, new Preferences());

    public static string ActorIdFor(string keyId) => "apikey:" + keyId;
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.SecretHash).HasMaxLength(64);
        b.Property(x => x.Scopes).HasMaxLength(1000);
        b.Property(x => x.PartnerOrganisationId).HasMaxLength(64);
        b.Ignore(x => x.IsRevoked);
        b.HasOne<PartnerOrganisation>().WithMany().HasForeignKey(x => x.PartnerOrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
