using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

/// <summary>Each TestHost starts on its own copy of the demo database: same start, never shared.</summary>
public sealed class TestHostDatabaseTests
{
    private static Task<List<(string Id, string Name)>> PeopleAsync(TestHost host) =>
        host.WithDbAsync(async db => (await db.People.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.DisplayName }).ToListAsync())
            .Select(p => (p.Id, p.DisplayName)).ToList());

    [Fact]
    public async Task TwoHosts_StartWithTheSameDemo_AndNeverSeeEachOthersChanges()
    {
        using var first = new TestHost();
        var before = await PeopleAsync(first);
        Assert.NotEmpty(before);
        await first.WithDbAsync(async db =>
        {
            var jane = await db.People.SingleAsync(p => p.Id == "acme-jane");
            jane.DisplayName = "Jane (renamed in the first host)";
            foreach (var deal in await db.DealRegistrations.ToListAsync()) deal.CompanyName = "Renamed Ltd";
            return await db.SaveChangesAsync();
        });

        using var second = new TestHost();
        Assert.NotEqual(first.DatabasePath, second.DatabasePath);
        Assert.Equal(before, await PeopleAsync(second));
        Assert.True(await second.WithDbAsync(db => db.DealRegistrations.AnyAsync()));
        Assert.False(await second.WithDbAsync(db => db.DealRegistrations.AnyAsync(d => d.CompanyName == "Renamed Ltd")));
        Assert.Contains("renamed", (await PeopleAsync(first)).Single(p => p.Id == "acme-jane").Name);
    }

    [Fact]
    public async Task AHostStartingOnAnotherDay_LoadsTheDemoForThatDay()
    {
        using var today = new TestHost();
        using var later = new TestHost(clock: new FakeTimeProvider(TestHost.DefaultNow.AddDays(30)));
        var registeredToday = await today.WithDbAsync(db => db.DealRegistrations.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.RegisteredAt));
        var registeredLater = await later.WithDbAsync(db => db.DealRegistrations.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.RegisteredAt));
        Assert.NotEmpty(registeredToday);
        Assert.All(registeredToday, d => Assert.Equal(d.Value.AddDays(30), registeredLater[d.Key]));
    }

    [Fact]
    public async Task AHostStartedAfterItsClockMoved_LoadsTheDemoForItsStart()
    {
        using var reference = new TestHost(clock: new FakeTimeProvider(TestHost.DefaultNow.AddDays(3)));
        using var moved = new TestHost();
        moved.Clock.Advance(TimeSpan.FromDays(3)); // before the host starts: it starts on the 26th
        var expected = await reference.WithDbAsync(db => db.DealRegistrations.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.RegisteredAt));
        Assert.Equal(expected, await moved.WithDbAsync(db => db.DealRegistrations.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.RegisteredAt)));
    }
}
