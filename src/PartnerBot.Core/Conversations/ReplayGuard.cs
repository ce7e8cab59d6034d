using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerBot.Storage;

namespace PartnerBot.Conversations;

/// <summary>A signed inbound request already accepted: its signature, in the minute bucket of the time it was signed.</summary>
public sealed class SeenSignature
{
    public long Bucket { get; set; }
    public required string Key { get; set; }
}

internal sealed class SeenSignatureConfiguration : IEntityTypeConfiguration<SeenSignature>
{
    public void Configure(EntityTypeBuilder<SeenSignature> b)
    {
        // Bucket first: pruning drops whole expired buckets with one range delete on the key.
        b.HasKey(x => new { x.Bucket, x.Key });
        b.Property(x => x.Key).HasMaxLength(120);
    }
}

/// <summary>
/// A signed request's replay check, not made yet: the insert that records its signature, which returns a row the first
/// time only. It is made once, before the request is answered: as the condition of the delivery the request stores
/// (<see cref="Inbox.StoreAsync(string, string, string, string, bool, ReplayCheck?, CancellationToken)"/>, one write for
/// both), or alone (<see cref="ReplayGuard.FirstSeenAsync(ReplayCheck, CancellationToken)"/>) when it stores nothing.
/// </summary>
public sealed record ReplayCheck(GroupStatement Record);

/// <summary>
/// Refuses a signed request the second time it arrives, on this host or any other sharing the database, before or
/// after a restart. A signature is only accepted while its timestamp is within the channel's window, so it needs
/// remembering only that long: signatures are kept in one-minute buckets of their signing time, and each request
/// costs one insert (a repeat collides with the unique key) plus, once a minute per host, one delete of the buckets
/// that fell out of the window. Nothing ever scans the entries.
/// </summary>
public sealed class ReplayGuard(GroupCommit writes, TimeProvider clock)
{
    public const int BucketSeconds = 60;
    private long _prunedBelow = long.MinValue;

    /// <summary>True the first time this signature is presented, false for every copy.</summary>
    public async Task<bool> FirstSeenAsync(string channel, string signature, DateTimeOffset signedAt, TimeSpan window, CancellationToken ct) =>
        await FirstSeenAsync(await CheckForAsync(channel, signature, signedAt, window, ct), ct);

    /// <summary>
    /// The check made alone, for a request that stores nothing: true the first time, false for every copy. Written with
    /// the other requests' writes of the moment, in one transaction (the answer waits for its commit).
    /// </summary>
    public async Task<bool> FirstSeenAsync(ReplayCheck check, CancellationToken ct) => await writes.ExecuteScalarAsync(check.Record, ct) is not null;

    /// <summary>
    /// The check for this signature, to make once (it records nothing yet). Once a minute per host it first drops the
    /// buckets that fell out of the window.
    /// </summary>
    public async ValueTask<ReplayCheck> CheckForAsync(string channel, string signature, DateTimeOffset signedAt, TimeSpan window, CancellationToken ct)
    {
        var floor = (clock.GetUtcNow() - window).ToUnixTimeSeconds() / BucketSeconds;
        if (floor > Interlocked.Read(ref _prunedBelow))
        {
            // Every signature in a bucket below the floor is older than the window: it would be refused as stale anyway.
            Interlocked.Exchange(ref _prunedBelow, floor);
            await writes.ExecuteScalarAsync(new GroupStatement("DELETE FROM \"SeenSignatures\" WHERE \"Bucket\" < @floor", [new("@floor", floor)]), ct);
        }
        var bucket = signedAt.ToUnixTimeSeconds() / BucketSeconds;
        return new ReplayCheck(new GroupStatement(
            "INSERT INTO \"SeenSignatures\" (\"Bucket\", \"Key\") VALUES (@bucket, @key) ON CONFLICT DO NOTHING RETURNING 1",
            [new("@bucket", bucket), new("@key", $"{channel}:{signature}")]));
    }
}
