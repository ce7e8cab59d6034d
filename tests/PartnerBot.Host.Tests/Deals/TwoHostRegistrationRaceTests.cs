using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Host.WebChat;
using PartnerBot.People;
using PartnerBot.Storage;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Deals;

/// <summary>
/// Issue 14, point 3: two real host processes on one database (the suite's provider: under .ci/run's second pass, one
/// PostgreSQL database). Twenty partners register one customer at the same moment, their submissions spread over
/// both hosts: the claim is decided in the database, so exactly one registration is protected, whichever host ran it.
/// </summary>
public sealed class TwoHostRegistrationRaceTests : IDisposable
{
    private readonly DrillDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static Dictionary<string, string> Settings => new()
    {
        ["WebChat:Enabled"] = "true",
        ["Limits:AnonymousPerMinute"] = "100000",
        // Only what the test does: jobs on the wall clock would add work of their own.
        ["Jobs:Digests:Enabled"] = "false",
        ["Jobs:DealReminders:Enabled"] = "false",
        ["Jobs:MdfReminders:Enabled"] = "false",
        ["Jobs:OnboardingNudges:Enabled"] = "false",
        ["Jobs:Leads:Enabled"] = "false",
        ["Jobs:Commission:Enabled"] = "false",
    };

    [Fact]
    public async Task TwentyPartnersOnTwoHosts_RegisterOneCustomerAtOnce_ExactlyOneIsProtected()
    {
        var hosts = await HostProcess.StartTogetherAsync(2, _db.Path, Settings);
        await using var first = hosts[0];
        await using var second = hosts[1];

        var people = Enumerable.Range(1, 20).Select(i => $"race2-{i:D2}").ToList();
        await using (var db = StorageProviders.CreateContext(TestStorage.Settings(_db.Path)))
        {
            for (var i = 0; i < people.Count; i++)
            {
                db.PartnerOrganisations.Add(new PartnerOrganisation { Id = $"race2-org-{i + 1:D2}", Name = $"Race Partner {i + 1}", Tier = "Gold", OwnerRepId = "rep-maya" });
                db.People.Add(new Person { Id = people[i], DisplayName = $"Race Person {i + 1}", Role = Role.PartnerUser, PartnerOrganisationId = $"race2-org-{i + 1:D2}" });
                db.ChannelIdentities.Add(new ChannelIdentity { PersonId = people[i], Channel = Channels.Web, Tenant = WebChatRooms.Tenant, UserId = people[i] });
            }
            await db.SaveChangesAsync();
        }

        // Even-numbered partners talk to the first host, odd-numbered ones to the second.
        var chats = people.Select((p, i) => new WebChatClient((i % 2 == 0 ? first : second).Http, p, $"dm-{p}")).ToList();
        var forms = await Task.WhenAll(chats.Select(async c => (await c.SayAsync("register a deal"))[^1]));
        using var start = new ManualResetEventSlim();
        var submissions = chats.Select((chat, i) => Task.Run(async () =>
        {
            start.Wait();
            return await DealTestKit.SubmitAsync(chat, forms[i], DealTestKit.Form(i % 2 == 0 ? "Wierzejki Sp. z o.o." : "WIERZEJKI sp z o o",
                contactEmail: "jan.kowalski@wierzejki.pl"));
        })).ToList();
        start.Set();
        var answers = await Task.WhenAll(submissions);
        Assert.All(answers, a => Assert.NotEmpty(a));

        await using var check = StorageProviders.CreateContext(TestStorage.Settings(_db.Path));
        var deals = await check.DealRegistrations.AsNoTracking().Where(d => d.NormalizedName == "wierzejki").ToListAsync();
        Assert.Equal(20, deals.Count);
        var winner = Assert.Single(deals, d => d.Status == DealStatus.Approved);
        Assert.All(deals.Where(d => d != winner), d =>
        {
            Assert.Equal(DealStatus.InReview, d.Status);
            Assert.Equal("conflict", d.ReviewReason);
            Assert.Null(d.ProtectedUntil);
        });
        var claims = await check.AccountClaims.AsNoTracking().ToListAsync();
        Assert.Contains(claims, c => c.Key == "name:wierzejki" && c.DealRegistrationId == winner.Id);
        Assert.DoesNotContain(claims, c => c.DealRegistrationId != winner.Id && deals.Any(d => d.Id == c.DealRegistrationId));
        // Both hosts ran submissions: the partners of each answered, each partner once.
        Assert.Equal(20, deals.Select(d => d.RegisteredByPersonId).Distinct().Count());
    }
}
