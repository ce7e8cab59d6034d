using System.Collections.Concurrent;
using FsCheck;
using FsCheck.Xunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Deals;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Core.Tests.Deals;

/// <summary>
/// The conflict index follows the database however saves and index refreshes interleave: several writers stage
/// registrations (their UpdatedAt taken from the clock when staged, as DealService does) and save them in any order
/// while the index refreshes in between. After every refresh, every active registration in the database is in the
/// index and nothing else is.
/// </summary>
public sealed class ConflictIndexConcurrencyTests
{
    private const int Writers = 3;
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly string[] Customers = ["Wierzejki", "Kopi Kedai", "Tailspin Toys", "北京数据", "Mleczarnia Mazowsze", "Borealis Freight"];

    private sealed class Database : IDisposable
    {
        private readonly List<PartnerBotDb> _contexts = [];
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"partnerbot-index-{Guid.NewGuid():N}.db");
        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

        public PartnerBotDb Open()
        {
            var program = Options.Create(new ProgramOptions());
            var options = new DbContextOptionsBuilder<PartnerBotDb>().UseSqlite($"Data Source={Path}")
                .AddInterceptors(new DealSaveInterceptor(program, Clock)).Options;
            var db = new PartnerBotDb(options);
            _contexts.Add(db);
            return db;
        }

        public static Database Create()
        {
            var d = new Database();
            using var db = d.Open();
            db.Database.EnsureCreated();
            db.PartnerOrganisations.Add(new PartnerOrganisation { Id = "org", Name = "Org", Tier = "Gold" });
            db.People.Add(new Person { Id = "p", DisplayName = "P", Role = Role.PartnerUser, PartnerOrganisationId = "org" });
            db.SaveChanges();
            return d;
        }

        public void Dispose()
        {
            foreach (var c in _contexts) c.Dispose();
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { Path, Path + "-wal", Path + "-shm" })
                try { File.Delete(f); } catch (IOException) { }
        }
    }

    private static DealRegistration NewDeal(int n, DealStatus status, DateTimeOffset now) => new()
    {
        Id = $"DR-P{n:D9}",
        PartnerOrganisationId = "org",
        RegisteredByPersonId = "p",
        CompanyName = $"{Customers[n % Customers.Length]} {n}",
        NormalizedName = CompanyNames.Normalize($"{Customers[n % Customers.Length]} {n}"),
        CloseDate = Today.AddDays(60),
        Status = status,
        RegisteredAt = now,
        UpdatedAt = now,
        ProtectedUntil = status == DealStatus.Approved ? Today.AddDays(90) : null,
    };

    /// <summary>Every active registration saved so far is in the index, and no ended one is.</summary>
    private static async Task<string?> MismatchAsync(PartnerBotDb reader, ConflictIndex index)
    {
        await index.CatchUpAsync(reader, Today, 365, CancellationToken.None);
        var rows = await reader.DealRegistrations.AsNoTracking().Select(d => new { d.Id, d.Status }).ToListAsync();
        foreach (var r in rows)
        {
            var active = r.Status is DealStatus.Approved or DealStatus.InReview;
            if (index.Contains(r.Id) != active) return $"{r.Id} ({r.Status}) is {(active ? "missing from" : "still in")} the index";
        }
        return null;
    }

    /// <summary>
    /// Each operation is a number: 0–3 stage a new registration in writer n % 3 (approved or in review), 4–5 stage a
    /// change of a saved one (rejected, approved, expired), 6–8 save writer n % 3, 9 refreshes the index and checks it.
    /// The clock moves a second per operation, so the staged timestamps run in a different order from the saves.
    /// </summary>
    [Property(MaxTest = 60)]
    public bool Index_NeverMissesASavedRow_WhateverTheInterleaving(byte[] operations)
    {
        using var database = Database.Create();
        var writers = Enumerable.Range(0, Writers).Select(_ => database.Open()).ToArray();
        var reader = database.Open();
        using var index = new ConflictIndex();
        var next = 0;
        foreach (var op in operations.Take(80))
        {
            database.Clock.Advance(TimeSpan.FromSeconds(1));
            var now = database.Clock.GetUtcNow();
            var writer = writers[op / 10 % Writers];
            switch (op % 10)
            {
                case <= 3:
                    writer.DealRegistrations.Add(NewDeal(next++, op % 2 == 0 ? DealStatus.Approved : DealStatus.InReview, now));
                    break;
                case <= 5:
                    var saved = reader.DealRegistrations.AsNoTracking().Select(d => d.Id).OrderBy(id => id).ToList();
                    if (saved.Count == 0) break;
                    var id = saved[op % saved.Count];
                    var deal = writer.DealRegistrations.Local.FirstOrDefault(d => d.Id == id) ?? writer.DealRegistrations.Single(d => d.Id == id);
                    deal.Status = (op / 3 % 3) switch { 0 => DealStatus.Rejected, 1 => DealStatus.Approved, _ => DealStatus.Expired };
                    deal.UpdatedAt = now;
                    break;
                case <= 8:
                    writer.SaveChanges();
                    break;
                default:
                    if (MismatchAsync(reader, index).GetAwaiter().GetResult() is { } problem) return Fail(problem);
                    break;
            }
        }
        foreach (var w in writers) w.SaveChanges();
        return MismatchAsync(reader, index).GetAwaiter().GetResult() is not { } last || Fail(last);
    }

    private static bool Fail(string problem) => throw new Xunit.Sdk.XunitException(problem);

    [Fact]
    public async Task Index_FollowsWritersSavingInParallel_WhileItRefreshes()
    {
        using var database = Database.Create();
        using var index = new ConflictIndex();
        var saved = new ConcurrentQueue<string>();
        var next = 0;

        // Four writers, each staging a registration (its timestamp taken first) and saving it a moment later.
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            await using var db = database.Open();
            for (var i = 0; i < 25; i++)
            {
                var deal = NewDeal(Interlocked.Increment(ref next), i % 3 == 0 ? DealStatus.InReview : DealStatus.Approved, database.Clock.GetUtcNow());
                db.DealRegistrations.Add(deal);
                await Task.Yield();
                await db.SaveChangesAsync();
                saved.Enqueue(deal.Id);
                db.ChangeTracker.Clear();
            }
        })).ToArray();

        // Meanwhile the index refreshes: whatever had been saved before a refresh began must be in it afterwards.
        await using var reader = database.Open();
        var refreshes = 0;
        while (writers.Any(w => !w.IsCompleted) && refreshes < 2_000)
        {
            var before = saved.ToArray();
            await index.CatchUpAsync(reader, Today, 365, CancellationToken.None);
            Assert.All(before, id => Assert.True(index.Contains(id), $"{id} was saved before the refresh but is not in the index"));
            refreshes++;
        }
        await Task.WhenAll(writers);
        await index.CatchUpAsync(reader, Today, 365, CancellationToken.None);
        Assert.Equal(100, saved.Count);
        Assert.All(saved, id => Assert.True(index.Contains(id)));
    }
}
