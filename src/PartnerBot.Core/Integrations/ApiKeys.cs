using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Audit;
using PartnerBot.Storage;

namespace PartnerBot.Integrations;

/// <summary>How a presented key fared: <see cref="Key"/> is set only when it is valid.</summary>
public sealed record ApiKeyCheck(ApiKey? Key, bool Revoked)
{
    public static readonly ApiKeyCheck Unknown = new(null, false);
}

/// <summary>A new key: <see cref="PlainKey"/> exists only here, once; the database keeps its hash.</summary>
public sealed record CreatedApiKey(ApiKey Key, string PlainKey);

/// <summary>
/// Creates, lists, revokes and checks API keys. A key reads "pb_{id}_{secret}": the id finds the row, and the secret's
/// SHA-256 is compared in constant time with the stored hash (a random 256-bit secret needs no slow hash: there is
/// nothing to guess from it). Scoped, on the request's or the command line's DbContext.
/// </summary>
public sealed class ApiKeys(PartnerBotDb db, AuditScope audit, TimeProvider clock)
{
    private const string Prefix = "pb";
    private const string IdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    /// <summary>Who the audit log names for keys created and revoked from the command line.</summary>
    public const string Operator = "operator";

    public async Task<(CreatedApiKey? Created, string? Problem)> CreateAsync(string name, string scopes, string? organisationId, CancellationToken ct)
    {
        name = name.Trim();
        if (name.Length is 0 or > 200) return (null, "Give the key a name of 1 to 200 characters (who uses it, such as \"HubSpot sync\").");
        var (parsed, problem) = ApiScopes.Parse(scopes);
        if (problem is not null) return (null, problem);
        if (organisationId is not null && !await db.PartnerOrganisations.AnyAsync(o => o.Id == organisationId, ct))
            return (null, $"No partner organisation has the id '{organisationId}'.");

        var id = RandomNumberGenerator.GetString(IdAlphabet, 12);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Id = id,
            Name = name,
            SecretHash = Hash(secret),
            Scopes = string.Join(' ', parsed),
            PartnerOrganisationId = organisationId,
            CreatedAt = clock.GetUtcNow(),
        };
        audit.Set(Operator, "cli");
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return (new CreatedApiKey(key, $"{Prefix}_{id}_{secret}"), null);
    }

    public Task<List<ApiKey>> ListAsync(CancellationToken ct) =>
        db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).ToListAsync(ct);

    /// <summary>Revokes the key with <paramref name="id"/> (or the plain key's id); returns its id, or null when there is none.</summary>
    public async Task<string?> RevokeAsync(string id, CancellationToken ct)
    {
        if (Split(id) is { } parts) id = parts.Id;
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct);
        if (key is null) return null;
        if (key.RevokedAt is null)
        {
            audit.Set(Operator, "cli");
            key.RevokedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return key.Id;
    }

    /// <summary>Checks a presented key. Notes when a valid key was last used (at most once a minute).</summary>
    public async Task<ApiKeyCheck> CheckAsync(string? presented, CancellationToken ct)
    {
        if (Split(presented) is not { } parts) return ApiKeyCheck.Unknown;
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == parts.Id, ct);
        var expected = Convert.FromBase64String(key?.SecretHash ?? Convert.ToBase64String(new byte[32]));
        var matches = CryptographicOperations.FixedTimeEquals(expected, SHA256.HashData(Encoding.UTF8.GetBytes(parts.Secret)));
        if (key is null || !matches) return ApiKeyCheck.Unknown;
        if (key.IsRevoked) return new ApiKeyCheck(null, Revoked: true);
        var now = clock.GetUtcNow();
        if (Touch.IsDue(key.LastUsedAt, now))
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return new ApiKeyCheck(key, false);
    }

    private static string Hash(string secret) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static (string Id, string Secret)? Split(string? presented)
    {
        var parts = (presented ?? "").Trim().Split('_');
        return parts is [Prefix, { Length: 12 } id, { Length: 64 } secret] ? (id, secret) : null;
    }
}
