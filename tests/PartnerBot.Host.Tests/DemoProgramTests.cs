using Microsoft.EntityFrameworkCore;
using PartnerBot.People;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

public sealed class DemoProgramTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task DemoProgram_CoversEveryPartnerTypeAndTier_WithUsersRepsAndAManager()
    {
        var orgs = await _host.WithDbAsync(db => db.PartnerOrganisations.AsNoTracking().Include(o => o.People).ToListAsync());
        var people = await _host.WithDbAsync(db => db.People.AsNoTracking().Include(p => p.Identities).ToListAsync());

        Assert.True(orgs.Count >= 6);
        Assert.Equal(Enum.GetValues<PartnerType>().Order(), orgs.Select(o => o.Type).Distinct().Order());
        Assert.Equal(["Bronze", "Gold", "Platinum", "Silver"], orgs.Select(o => o.Tier).Distinct().Order());
        Assert.All(orgs, o => Assert.Contains(o.People, p => p.Role == Role.PartnerUser));
        Assert.All(orgs, o => Assert.Contains(people, p => p.Id == o.OwnerRepId && p.Role == Role.Rep));
        Assert.Equal(2, people.Count(p => p.Role == Role.Rep));
        Assert.Single(people, p => p.Role == Role.Manager);
        Assert.All(people, p => Assert.Contains(p.Identities, i => i.Channel == "web"));
        Assert.Equal(Languages.All.Order(), people.Select(p => p.Preferences.Language).Distinct().Order());
    }
}
