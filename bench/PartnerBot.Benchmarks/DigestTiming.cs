using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Commissions;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Digests;
using PartnerBot.Enablement;
using PartnerBot.Localization;
using PartnerBot.Mdf;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Benchmarks;

/// <summary>
/// Goal (issue 9): a digest for every one of 500 recipients (50 managers, 450 reps) over 10,000 partners and their deals
/// in under 10 s. Run: <c>dotnet run -c Release --project bench/PartnerBot.Benchmarks -- digests-timing</c>. Times one
/// pass with the shared row cache (as the scheduler runs it) and, for comparison, the reps built one by one without it.
/// </summary>
public static class DigestTiming
{
    public const int Partners = 10_000, Managers = 50, Reps = 450, DealsPerPartner = 5;

    public static async Task RunAsync(TextWriter output)
    {
        var path = Path.Combine(Path.GetTempPath(), $"partnerbot-bench-digests-{Guid.NewGuid():N}.db");
        try
        {
            var services = new ServiceCollection();
            services.AddDbContext<PartnerBotDb>(o => o.UseSqlite($"Data Source={path}"));
            services.AddSingleton(_ => new Localizer());
            services.AddSingleton<PublicLinks>();
            services.AddOptions<LinkOptions>();
            services.AddOptions<DigestOptions>();
            services.AddOptions<ProgramOptions>().Configure(o =>
            {
                o.Currency = "USD";
                o.DealRegistration.CurrencyRates = new() { ["EUR"] = 1.08m, ["GBP"] = 1.27m };
            });
            services.AddDigestSections().AddDealsDigest().AddMdfDigest().AddEnablementDigest();
            await using var sp = services.BuildServiceProvider();
            var now = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

            var seed = Stopwatch.StartNew();
            var people = await SeedAsync(sp, now);
            output.WriteLine($"Seeded {Partners:N0} partners, {Partners * DealsPerPartner:N0} deals, {people.Count} recipients in {seed.Elapsed.TotalSeconds:F1} s");

            // Warm-up: JIT, EF model, query compilation.
            await BuildAllAsync(sp, people.Take(2).ToList(), now, shared: true);

            var sw = Stopwatch.StartNew();
            var (blocks, bytes) = await BuildAllAsync(sp, people, now, shared: true);
            output.WriteLine($"Shared cache: {people.Count} digests in {sw.Elapsed.TotalSeconds:F2} s ({blocks:N0} blocks, {bytes / 1024:N0} KiB of chart data; pictures are drawn when opened) — goal < 10 s");

            sw.Restart();
            await BuildAllAsync(sp, people.Where(p => p.Role == Role.Manager).ToList(), now, shared: true);
            output.WriteLine($"Shared cache: {Managers} manager digests in {sw.Elapsed.TotalSeconds:F2} s");
            await SectionsAsync(sp, now, output);

            sw.Restart();
            await BuildAllAsync(sp, people.Where(p => p.Role == Role.Rep).ToList(), now, shared: false);
            output.WriteLine($"Per recipient, no cache: {Reps} rep digests in {sw.Elapsed.TotalSeconds:F2} s");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { path, path + "-wal", path + "-shm" })
                try { File.Delete(f); } catch (IOException) { }
        }
    }

    /// <summary>Where a manager's digest spends its time, section by section.</summary>
    private static async Task SectionsAsync(IServiceProvider sp, DateTimeOffset now, TextWriter output)
    {
        await using var scope = sp.CreateAsyncScope();
        var s = scope.ServiceProvider;
        var db = s.GetRequiredService<PartnerBotDb>();
        var program = s.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProgramOptions>>().Value;
        var sw = Stopwatch.StartNew();
        var ids = await db.PartnerOrganisations.Select(o => o.Id).ToListAsync();
        output.WriteLine($"  scope ids: {sw.Elapsed.TotalMilliseconds:F0} ms");
        sw.Restart();
        var data = await DigestData.LoadAsync(db, program, null, now, CancellationToken.None);
        output.WriteLine($"  load all rows: {sw.Elapsed.TotalMilliseconds:F0} ms");
        var manager = new Actor("mgr0", "M", Role.Manager, null, new Preferences());
        foreach (var section in s.GetServices<IDigestSection>())
        {
            var ctx = new DigestContext(db, new DigestScope(manager, true, ids, now, now.AddDays(-7), now.AddDays(-14)), s.GetRequiredService<Localizer>(), program, data);
            sw.Restart();
            _ = ctx.Partners;
            var partners = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            await section.BuildAsync(ctx, CancellationToken.None);
            output.WriteLine($"  {section.GetType().Name}: {sw.Elapsed.TotalMilliseconds:F0} ms (+ {partners:F0} ms listing partners)");
        }
    }

    /// <summary>One pass, the way the scheduler runs it: a scope (and DbContext) per recipient, one row cache for all.</summary>
    private static async Task<(int Blocks, long ChartBytes)> BuildAllAsync(IServiceProvider sp, List<Person> people, DateTimeOffset now, bool shared)
    {
        var cache = shared ? new DigestDataCache() : null;
        int blocks = 0;
        long bytes = 0;
        foreach (var person in people)
        {
            await using var scope = sp.CreateAsyncScope();
            var reply = await scope.ServiceProvider.GetRequiredService<DigestBuilder>().BuildAsync(Actor.From(person), now, CancellationToken.None, cache);
            blocks += reply.Blocks.Count;
            bytes += scope.ServiceProvider.GetRequiredService<PartnerBotDb>().ChangeTracker.Entries<DigestChart>().Sum(e => e.Entity.Data.Length);
        }
        return (blocks, bytes);
    }

    private static async Task<List<Person>> SeedAsync(IServiceProvider sp, DateTimeOffset now)
    {
        await using var scope = sp.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        await db.Database.MigrateAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var rng = new Random(9);
        var people = new List<Person>();
        for (var i = 0; i < Managers; i++)
            people.Add(new Person { Id = $"mgr{i}", DisplayName = $"Manager {i}", Role = Role.Manager });
        for (var i = 0; i < Reps; i++)
            people.Add(new Person { Id = $"rep{i}", DisplayName = $"Rep {i}", Role = Role.Rep });
        db.People.AddRange(people);
        db.People.Add(new Person { Id = "p-user", DisplayName = "Partner user", Role = Role.PartnerUser });
        await db.SaveChangesAsync();

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        string[] currencies = ["USD", "USD", "EUR", "GBP"];
        var statuses = Enum.GetValues<DealStatus>();
        for (var batch = 0; batch < Partners; batch += 1000)
        {
            for (var o = batch; o < batch + 1000; o++)
            {
                var org = $"org{o}";
                db.PartnerOrganisations.Add(new PartnerOrganisation
                {
                    Id = org, Name = ConflictCheckData.Name(rng), Tier = "Gold", OwnerRepId = $"rep{o % Reps}",
                    JoinedOn = today.AddDays(-rng.Next(10, 1500)),
                });
                for (var d = 0; d < DealsPerPartner; d++)
                {
                    var registered = now - TimeSpan.FromHours(rng.Next(1, 24 * 200));
                    var status = statuses[rng.Next(statuses.Length)];
                    var closed = status is DealStatus.ClosedWon or DealStatus.ClosedLost ? registered + TimeSpan.FromDays(rng.Next(1, 60)) : (DateTimeOffset?)null;
                    var company = ConflictCheckData.Name(rng);
                    db.DealRegistrations.Add(new DealRegistration
                    {
                        Id = $"DR-{o}-{d}", PartnerOrganisationId = org, RegisteredByPersonId = "p-user", CompanyName = company,
                        NormalizedName = company.ToLowerInvariant(), Status = status, RegisteredAt = registered, UpdatedAt = registered,
                        Amount = rng.Next(1, 500) * 1000m, Currency = currencies[rng.Next(currencies.Length)],
                        CloseDate = today.AddDays(60), ProtectedUntil = status == DealStatus.Approved ? today.AddDays(rng.Next(0, 90)) : null,
                        ClosedAt = closed is { } c && c < now ? c : null, ContractValue = status == DealStatus.ClosedWon ? rng.Next(1, 300) * 1000m : null,
                        Source = status == DealStatus.ClosedWon ? (rng.Next(2) == 0 ? DealSource.PartnerSourced : DealSource.DirectSourced) : null,
                    });
                }
                var fundStart = new DateOnly(2026, 10, 1);
                db.MdfFunds.Add(new MdfFund
                {
                    Id = MdfFunds.FundId(org, fundStart), OrganisationId = org, PeriodStart = fundStart, PeriodEnd = new DateOnly(2027, 1, 1),
                    Amount = 5000m, AmountComputed = true,
                });
                if (o % 4 == 0)
                    db.MdfPlans.Add(new MdfPlan
                    {
                        Id = $"MP-{o}", FundId = MdfFunds.FundId(org, fundStart), OrganisationId = org, SubmittedById = "p-user",
                        ActivityType = "event", Title = "Roadshow", Status = o % 8 == 0 ? MdfPlanStatus.Submitted : MdfPlanStatus.Claimed,
                        SubmittedAt = now - TimeSpan.FromHours(rng.Next(1, 200)), ClaimedAt = now - TimeSpan.FromHours(rng.Next(1, 100)),
                        RequestedAmount = 1000m, ApprovedAmount = 1000m,
                    });
                for (var k = 0; k < 3; k++)
                    db.ContentOpens.Add(new ContentOpen
                    {
                        PersonId = "p-user", OrganisationId = org, ContentItemId = "deck", OpenedAt = now - TimeSpan.FromHours(rng.Next(1, 24 * 60)),
                    });
                if (o % 3 == 0)
                    db.Certifications.Add(new Certification
                    {
                        Id = $"C-{o}", PersonId = "p-user", OrganisationId = org, CourseId = $"course-{o}", Track = "sales",
                        CertifiedOn = today.AddDays(-rng.Next(0, 60)), ExpiresOn = today.AddDays(300), Source = "rep",
                    });
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        return people;
    }
}
