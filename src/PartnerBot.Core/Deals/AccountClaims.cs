using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using PartnerBot.PartnerProgram;
using PartnerBot.Storage;

namespace PartnerBot.Deals;

/// <summary>
/// One registration's hold on a customer: its normalised name ("name:acme") or its domain ("domain:acme.com").
/// The key is unique, so of any number of registrations of one customer saved at the same moment, by turns on one
/// host or on several sharing the database, exactly one holds it. A claim lasts while its registration protects the
/// account (<see cref="DealRegistration.ProtectedUntil"/>; for a won deal, Program:DealRegistration:WonAccountProtectionDays
/// after the close) and is released when the registration ends: rejected, expired or lost.
/// </summary>
public sealed class AccountClaim
{
    public required string Key { get; set; }
    public required string DealRegistrationId { get; set; }
    /// <summary>The last day the claim holds; from the day after, the next registration may take it over.</summary>
    public DateOnly Until { get; set; }

    public static string NameKey(string normalizedName) => "name:" + normalizedName;
    public static string DomainKey(string domain) => "domain:" + domain.ToLowerInvariant();
}

/// <summary>
/// A counter bumped by every save that changes deal registrations or direct accounts, inside that save's transaction.
/// The row stays locked until the transaction ends, so the numbers are handed out in commit order: a reader that has
/// seen number n has seen every change numbered below n. The conflict index follows changes by it.
/// </summary>
public sealed class ChangeCounter
{
    public const string Deals = "deals";
    public required string Name { get; set; }
    public long Value { get; set; }
}

internal sealed class AccountClaimConfiguration : IEntityTypeConfiguration<AccountClaim>
{
    public void Configure(EntityTypeBuilder<AccountClaim> b)
    {
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(220);
        b.Property(x => x.DealRegistrationId).HasMaxLength(20);
        // No foreign key: the claim is written before the registration's row in the same transaction.
        b.HasIndex(x => x.DealRegistrationId);
    }
}

internal sealed class ChangeCounterConfiguration : IEntityTypeConfiguration<ChangeCounter>
{
    public void Configure(EntityTypeBuilder<ChangeCounter> b)
    {
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(40);
        b.HasData(new ChangeCounter { Name = ChangeCounter.Deals, Value = 0 });
    }
}

/// <summary>
/// Runs inside every save that touches deal registrations or direct accounts (scoped, like the audit interceptor):
/// opens the transaction when the caller has none, stamps the changed rows with the next <see cref="ChangeCounter"/>
/// number, and brings each changed registration's <see cref="AccountClaim"/>s in line with its state — so no code
/// path that approves, extends, closes or expires a registration can forget its claims.
/// <para>
/// A registration that must win its claims (<see cref="MustWin"/>: an automatic approval) fails the whole save with
/// <see cref="ContendedWriteException"/> when another live registration holds one; the engine then decides again.
/// Any other change (a reviewer's approval, program data) takes the claims that are free and leaves held ones.
/// </para>
/// </summary>
public sealed class DealSaveInterceptor(IOptions<ProgramOptions> options, TimeProvider clock) : SaveChangesInterceptor
{
    private readonly HashSet<string> _mustWin = new(StringComparer.Ordinal);
    private IDbContextTransaction? _own;

    /// <summary>The next save fails unless this registration gets every claim it needs.</summary>
    public void MustWin(DealRegistration deal) => _mustWin.Add(deal.Id);

    /// <summary>The claim a registration in this state holds, or null: its keys and the last day it holds.</summary>
    public static (List<string> Keys, DateOnly Until)? Claim(DealRegistration d, int wonProtectionDays, DateOnly today)
    {
        DateOnly? until = d.Status switch
        {
            DealStatus.Approved => d.ProtectedUntil,
            DealStatus.ClosedWon when wonProtectionDays > 0 && d.ClosedAt is { } closed =>
                DateOnly.FromDateTime(closed.UtcDateTime).AddDays(wonProtectionDays),
            _ => null,
        };
        if (until is not { } u || u < today) return null;
        var keys = new List<string>(2);
        if (d.NormalizedName.Length > 0) keys.Add(AccountClaim.NameKey(d.NormalizedName));
        if (d.Domain is { Length: > 0 } domain) keys.Add(AccountClaim.DomainKey(domain));
        return (keys, u);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is PartnerBotDb db) BeforeSaveAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is PartnerBotDb db) await BeforeSaveAsync(db, cancellationToken);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EndAsync(commit: true).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await EndAsync(commit: true);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => EndAsync(commit: false).GetAwaiter().GetResult();

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        EndAsync(commit: false);

    public override void SaveChangesCanceled(DbContextEventData eventData) => EndAsync(commit: false).GetAwaiter().GetResult();

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default) =>
        EndAsync(commit: false);

    // EF Core reports a concurrency failure here, and to no SaveChangesFailed, while the batch's reader is still open:
    // it is closed first, else PostgreSQL refuses the rollback ("a command is already in progress").
    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        if (eventData is RelationalConcurrencyExceptionEventData { DataReader: { } reader }) reader.Dispose();
        EndAsync(commit: false).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (eventData is RelationalConcurrencyExceptionEventData { DataReader: { } reader }) await reader.DisposeAsync();
        await EndAsync(commit: false);
        return result;
    }

    private async Task EndAsync(bool commit)
    {
        if (_own is not { } tx) return;
        _own = null;
        _mustWin.Clear();
        try
        {
            if (commit) await tx.CommitAsync();
            else await tx.RollbackAsync();
        }
        finally
        {
            await tx.DisposeAsync();
        }
    }

    private async Task BeforeSaveAsync(PartnerBotDb db, CancellationToken ct)
    {
        await EndAsync(commit: false); // a transaction left by a save that failed before EF could report it
        var deals = db.ChangeTracker.Entries<DealRegistration>().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
        var accounts = db.ChangeTracker.Entries<DirectSalesAccount>().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
        if (deals.Count == 0 && accounts.Count == 0) return;

        if (db.Database.CurrentTransaction is null) _own = await db.Database.BeginTransactionAsync(ct);
        try
        {
            // Taken first, the counter's row lock orders this save after every other deal save still open.
            var version = (await db.Database.SqlQuery<long>(
                $"UPDATE \"ChangeCounters\" SET \"Value\" = \"Value\" + 1 WHERE \"Name\" = {ChangeCounter.Deals} RETURNING \"Value\"").ToListAsync(ct)).Single();
            foreach (var e in deals) e.Entity.Version = version;
            foreach (var e in accounts) e.Entity.Version = version;

            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var wonDays = options.Value.DealRegistration.WonAccountProtectionDays;
            foreach (var e in deals)
                await SyncClaimsAsync(db, e.Entity, Claim(e.Entity, wonDays, today), _mustWin.Contains(e.Entity.Id), today, ct);
        }
        catch
        {
            await EndAsync(commit: false);
            throw;
        }
    }

    // A new deal with a customer the same organisation won is the winner's own: the won deal keeps the claim.
    private static async Task<bool> HeldByOwnWonDealAsync(PartnerBotDb db, string key, DealRegistration deal, CancellationToken ct) =>
        await db.AccountClaims.Where(c => c.Key == key)
            .Join(db.DealRegistrations, c => c.DealRegistrationId, d => d.Id, (c, d) => d)
            .AnyAsync(d => d.PartnerOrganisationId == deal.PartnerOrganisationId && d.Status == DealStatus.ClosedWon, ct);

    private static async Task SyncClaimsAsync(PartnerBotDb db, DealRegistration deal, (List<string> Keys, DateOnly Until)? claim,
        bool mustWin, DateOnly today, CancellationToken ct)
    {
        var database = db.Database;
        if (claim is not { } c)
        {
            await database.ExecuteSqlAsync($"DELETE FROM \"AccountClaims\" WHERE \"DealRegistrationId\" = {deal.Id}", ct);
            return;
        }
        var first = c.Keys.ElementAtOrDefault(0) ?? "";
        var second = c.Keys.ElementAtOrDefault(1) ?? first;
        await database.ExecuteSqlAsync(
            $"DELETE FROM \"AccountClaims\" WHERE \"DealRegistrationId\" = {deal.Id} AND \"Key\" <> {first} AND \"Key\" <> {second}", ct);
        foreach (var key in c.Keys)
        {
            // Already ours, or held by a registration whose protection has ended but that no job has released yet.
            if (await database.ExecuteSqlAsync(
                    $"UPDATE \"AccountClaims\" SET \"DealRegistrationId\" = {deal.Id}, \"Until\" = {c.Until} WHERE \"Key\" = {key} AND (\"DealRegistrationId\" = {deal.Id} OR \"Until\" < {today})", ct) == 1)
                continue;
            var taken = await database.ExecuteSqlAsync(
                $"INSERT INTO \"AccountClaims\" (\"Key\", \"DealRegistrationId\", \"Until\") VALUES ({key}, {deal.Id}, {c.Until}) ON CONFLICT (\"Key\") DO NOTHING", ct);
            if (taken == 0 && mustWin && !await HeldByOwnWonDealAsync(db, key, deal, ct))
                throw new ContendedWriteException($"{key} is held by another registration: {deal.Id} is decided again.");
        }
    }
}
