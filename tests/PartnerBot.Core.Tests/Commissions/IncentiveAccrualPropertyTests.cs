using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Commissions;
using PartnerBot.Deals;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Core.Tests.Commissions;

/// <summary>
/// The incentive job over any sequence of recorded activities, with the same activity recorded again and again and
/// the job run between and repeatedly: every activity is paid exactly once, at its kind's points, and nothing is
/// negative. A line inserted a second time for the same event is refused by the database itself.
/// </summary>
public sealed class IncentiveAccrualPropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Kinds = ["webinar", "demo", "workshop", "karaoke"]; // karaoke earns nothing
    private static readonly string[] People = ["acme-jane", "acme-tom", "kedai-aisyah"];
    private static readonly string[] References = ["", "Q4 launch", "Northwind"];

    private sealed class Database : IDisposable
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), $"partnerbot-points-{Guid.NewGuid():N}.db");
        public PartnerBotDb Db { get; }

        public Database()
        {
            Db = new PartnerBotDb(new DbContextOptionsBuilder<PartnerBotDb>().UseSqlite($"Data Source={_path}").Options);
            Db.Database.EnsureCreated();
            Db.PartnerOrganisations.AddRange(
                new PartnerOrganisation { Id = "acme", Name = "Acme", Tier = "Gold", Type = PartnerType.Implementation },
                new PartnerOrganisation { Id = "kedai", Name = "Kedai", Tier = "Silver", Type = PartnerType.Reseller });
            Db.People.AddRange(People.Select(p => new Person { Id = p, DisplayName = p, Role = Role.PartnerUser, PartnerOrganisationId = p.Split('-')[0] }));
            Db.SaveChanges();
        }

        public void Dispose()
        {
            Db.Dispose();
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _path, _path + "-wal", _path + "-shm" })
                try { File.Delete(f); } catch (IOException) { }
        }
    }

    [Property(MaxTest = 25)]
    public bool EveryActivity_IsPaidOnce_AtItsPoints_NeverNegative(byte[] steps)
    {
        var program = IncentiveCalculatorTests.Program();
        var options = Options.Create(program);
        var calculator = new CommissionCalculator(options);
        using var d = new Database();
        var service = new IncentiveService(d.Db, calculator, new PartnerSourcedRevenue(options), options);
        var distinct = new HashSet<(string, string, DateOnly, string)>();
        foreach (var step in steps.Take(40))
        {
            if (step % 5 == 0)
            {
                // The job, between recordings, sometimes twice in a row.
                service.AccrueAsync(Now, CancellationToken.None).GetAwaiter().GetResult();
                d.Db.SaveChanges();
                continue;
            }
            var person = People[step % People.Length];
            var kind = Kinds[step / 3 % Kinds.Length];
            var on = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-(step / 12 % 3) * 40); // today, 40 and 80 days ago (before From: nothing)
            var reference = References[step / 7 % References.Length];
            if (ActivityRecorder.AddAsync(d.Db, person, person.Split('-')[0], kind, on, reference, "rep", null, CancellationToken.None).GetAwaiter().GetResult() is not null)
                distinct.Add((person, kind, on, reference));
            d.Db.SaveChanges();
        }
        for (var i = 0; i < 2; i++)
        {
            service.AccrueAsync(Now, CancellationToken.None).GetAwaiter().GetResult();
            d.Db.SaveChanges();
        }

        var lines = d.Db.CommissionLines.AsNoTracking().Where(l => l.Kind == CommissionLineKind.Points).ToList();
        var activities = d.Db.PartnerActivities.AsNoTracking().ToList();
        var earning = activities.Where(a => a.Kind != "karaoke" && a.On >= program.Incentives.From).ToList();
        return activities.Count == distinct.Count
               && lines.Count == earning.Count
               && lines.Select(l => l.SourceEventId).Distinct().Count() == lines.Count
               && lines.All(l => l.Amount >= 0 && l.Amount == Math.Round(program.Incentives.Points.Activities[l.IncentiveName!.Split(" · ")[0]] * 1.35m, 2, MidpointRounding.AwayFromZero))
               && earning.All(a => lines.Any(l => l.SourceEventId == a.Id && l.PersonId == a.PersonId && l.PartnerOrganisationId == a.OrganisationId));
    }

    [Fact]
    public async Task TheDatabase_RefusesASecondLineForTheSameActivity()
    {
        var options = Options.Create(IncentiveCalculatorTests.Program());
        using var d = new Database();
        var activity = await ActivityRecorder.AddAsync(d.Db, "acme-jane", "acme", "demo", DateOnly.FromDateTime(Now.UtcDateTime), "", "rep", null, CancellationToken.None);
        await d.Db.SaveChangesAsync();
        var service = new IncentiveService(d.Db, new CommissionCalculator(options), new PartnerSourcedRevenue(options), options);
        var first = await service.AccrueAsync(Now, CancellationToken.None);
        Assert.Single(first);
        // A second run that did not see the first's line (as two hosts at once) adds it again: the unique (Kind, SourceEventId) index refuses it.
        var again = CommissionLine.Incentive(new CommissionCalculator(options).Points(DateOnly.FromDateTime(Now.UtcDateTime), "demo")!, activity!.Id,
            await d.Db.PartnerOrganisations.FirstAsync(o => o.Id == "acme"), options.Value.PartnerTypes[PartnerType.Implementation]);
        await d.Db.SaveChangesAsync();
        d.Db.CommissionLines.Add(again);
        await Assert.ThrowsAsync<DbUpdateException>(() => d.Db.SaveChangesAsync());
    }
}
