using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Host.WebChat;
using PartnerBot.Deals;
using PartnerBot.People;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Deals;

/// <summary>
/// Issue 13, point 1, through the real host on a real SQLite file: registrations of one customer submitted by many
/// partners at the same moment protect exactly one of them, and a customer a partner won stays with the winner.
/// </summary>
public sealed class RegistrationRaceTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static readonly string[] Languages = ["en", "ms", "pl", "zh-Hans"];

    // The same Polish customer as twenty partners' people would type it: case, legal form and spacing differ.
    private static readonly string[] Spellings =
        ["Wierzejki Sp. z o.o.", "WIERZEJKI sp. z o.o.", "Wierzejki", "wierzejki  Sp. z o.o.", "Wierzejki sp z o o"];

    /// <summary>Twenty more partner organisations, one partner user each, in four languages.</summary>
    private async Task<List<string>> AddPartnersAsync(int count)
    {
        var people = Enumerable.Range(1, count).Select(i => $"race-{i:D2}").ToList();
        await _host.WithDbAsync(async db =>
        {
            for (var i = 0; i < count; i++)
            {
                db.PartnerOrganisations.Add(new PartnerOrganisation
                {
                    Id = $"race-org-{i + 1:D2}", Name = $"Race Partner {i + 1}", Tier = "Gold", OwnerRepId = "rep-maya",
                });
                db.People.Add(new Person
                {
                    Id = people[i], DisplayName = $"Race Person {i + 1}", Role = Role.PartnerUser, PartnerOrganisationId = $"race-org-{i + 1:D2}",
                    Preferences = new Preferences { Language = Languages[i % Languages.Length] },
                });
                db.ChannelIdentities.Add(new ChannelIdentity { PersonId = people[i], Channel = Channels.Web, Tenant = WebChatRooms.Tenant, UserId = people[i] });
            }
            return await db.SaveChangesAsync();
        });
        return people;
    }

    [Fact]
    public async Task TwentyPartnersRegisterOneCustomerAtOnce_ExactlyOneIsProtected_TheRestAreInReview()
    {
        var people = await AddPartnersAsync(20);
        var chats = people.Select(p => _host.Chat(p)).ToList();
        var forms = await Task.WhenAll(chats.Select(async c => (await c.SayAsync("register a deal"))[^1]));

        // Every submission starts together; each turn runs on its own request thread against the shared database.
        using var start = new ManualResetEventSlim();
        var submissions = chats.Select((chat, i) => Task.Run(async () =>
        {
            start.Wait();
            var email = i % 2 == 0 ? "jan.kowalski@wierzejki.pl" : "";
            return await DealTestKit.SubmitAsync(chat, forms[i], DealTestKit.Form(Spellings[i % Spellings.Length], contactEmail: email));
        })).ToList();
        start.Set();
        var answers = await Task.WhenAll(submissions);

        var deals = await _host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().Where(d => d.NormalizedName == "wierzejki").ToListAsync());
        Assert.Equal(20, deals.Count);
        var winner = Assert.Single(deals, d => d.Status == DealStatus.Approved);
        Assert.NotNull(winner.ProtectedUntil);
        Assert.All(deals.Where(d => d != winner), d =>
        {
            Assert.Equal(DealStatus.InReview, d.Status);
            Assert.Equal("conflict", d.ReviewReason);
            Assert.Null(d.ProtectedUntil);
        });

        // The claims on the name and on the domain belong to the one protected registration.
        var claims = await _host.WithDbAsync(db => db.AccountClaims.AsNoTracking().OrderBy(c => c.Key).ToListAsync());
        Assert.Contains(claims, c => c.Key == "name:wierzejki" && c.DealRegistrationId == winner.Id);
        Assert.DoesNotContain(claims, c => c.DealRegistrationId != winner.Id && deals.Any(d => d.Id == c.DealRegistrationId));

        // Each partner was answered once, and only the winner was told it is protected.
        Assert.All(answers, a => Assert.NotEmpty(a));
        var winnerIndex = people.IndexOf(winner.RegisteredByPersonId);
        Assert.Contains(winner.Id, DealTestKit.Read(answers[winnerIndex][^1]));
        Assert.Equal(19, deals.Count(d => d.ConflictingRegistrationIds is not null));
    }

    [Fact]
    public async Task WonCustomer_RegisteredByAnotherPartner_GoesToReview_WhileTheWinnersNewDealIsApproved()
    {
        var first = await DealTestKit.RegisterAsync(_host.Chat("acme-jane"), DealTestKit.Form("Tailspin Toys GmbH", contactEmail: "kim@tailspintoys.com"));
        var won = await _host.WithDbAsync(db => db.DealRegistrations.SingleAsync(d => d.NormalizedName == "tailspin toys"));
        Assert.Equal(DealStatus.Approved, won.Status);
        Assert.Contains(won.Id, DealTestKit.Read(first));
        await CloseWonAsync(won.Id);

        // Acme's own next deal with its customer is not a conflict.
        await DealTestKit.RegisterAsync(_host.Chat("acme-tom"), DealTestKit.Form("Tailspin Toys GmbH"));
        // Lena's organisation registers the customer Acme has just won: held for review, not protected for 90 days.
        await DealTestKit.RegisterAsync(_host.Chat("borealis-lena"), DealTestKit.Form("Tailspin Toys", contactEmail: "ops@tailspintoys.com"));

        var deals = await _host.WithDbAsync(db => db.DealRegistrations.AsNoTracking()
            .Where(d => d.NormalizedName == "tailspin toys" && d.Id != won.Id).ToListAsync());
        var other = Assert.Single(deals, d => d.PartnerOrganisationId == "borealis");
        Assert.Equal(DealStatus.InReview, other.Status);
        Assert.Equal("conflict", other.ReviewReason);
        Assert.Contains(won.Id, other.ConflictingRegistrationIds);
        Assert.Equal(DealStatus.Approved, Assert.Single(deals, d => d.PartnerOrganisationId == "acme").Status);

        // The won customer's claim runs for Program:DealRegistration:WonAccountProtectionDays (365) after the close.
        var claim = await _host.WithDbAsync(db => db.AccountClaims.AsNoTracking().SingleAsync(c => c.Key == "domain:tailspintoys.com"));
        Assert.Equal(won.Id, claim.DealRegistrationId);
        Assert.Equal(DateOnly.FromDateTime(_host.Clock.GetUtcNow().UtcDateTime).AddDays(365), claim.Until);
    }

    [Fact]
    public async Task WonAccountProtectionOff_AnotherPartnerIsApprovedAfterTheClose()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["Program:DealRegistration:WonAccountProtectionDays"] = "0" });
        await DealTestKit.RegisterAsync(host.Chat("acme-jane"), DealTestKit.Form("Kopi Kedai Sdn Bhd"));
        var won = await host.WithDbAsync(db => db.DealRegistrations.SingleAsync(d => d.NormalizedName == "kedai kopi"));
        await CloseWonAsync(won.Id, host);

        await DealTestKit.RegisterAsync(host.Chat("kedai-aisyah"), DealTestKit.Form("Kopi Kedai"));

        var second = await host.WithDbAsync(db => db.DealRegistrations.SingleAsync(d => d.NormalizedName == "kedai kopi" && d.Id != won.Id));
        Assert.Equal(DealStatus.Approved, second.Status);
        Assert.Empty(await host.WithDbAsync(db => db.AccountClaims.Where(c => c.DealRegistrationId == won.Id).ToListAsync()));
    }

    [Fact]
    public async Task ClaimsAreReleasedWhenTheRegistrationEnds_AndTheNextPartnerIsProtected()
    {
        await DealTestKit.RegisterAsync(_host.Chat("wisla-piotr"), DealTestKit.Form("Mleczarnia Mazowsze S.A."));
        var first = await _host.WithDbAsync(db => db.DealRegistrations.SingleAsync(d => d.NormalizedName == "mazowsze mleczarnia"));
        Assert.Equal(DealStatus.Approved, first.Status);
        await CloseLostAsync(first.Id);
        Assert.Empty(await _host.WithDbAsync(db => db.AccountClaims.Where(c => c.DealRegistrationId == first.Id).ToListAsync()));

        await DealTestKit.RegisterAsync(_host.Chat("lotus-wei"), DealTestKit.Form("Mleczarnia Mazowsze"));

        var second = await _host.WithDbAsync(db => db.DealRegistrations.SingleAsync(d => d.NormalizedName == "mazowsze mleczarnia" && d.Id != first.Id));
        Assert.Equal(DealStatus.Approved, second.Status);
        var claim = await _host.WithDbAsync(db => db.AccountClaims.SingleAsync(c => c.Key == "name:" + second.NormalizedName));
        Assert.Equal(second.Id, claim.DealRegistrationId);
    }

    private Task CloseWonAsync(string dealId, TestHost? host = null) => CloseAsync(host ?? _host, dealId, new Dictionary<string, string>
    {
        ["outcome"] = "won", ["contractValue"] = "48000", ["mrr"] = "", ["source"] = "PartnerSourced",
    });

    private Task CloseLostAsync(string dealId) => CloseAsync(_host, dealId, new Dictionary<string, string> { ["outcome"] = "lost" });

    private static async Task CloseAsync(TestHost host, string dealId, Dictionary<string, string> values)
    {
        var rep = host.Chat("mgr-helena");
        var form = await rep.SayAsync($"close {dealId}");
        await DealTestKit.SubmitAsync(rep, form[^1], values);
        var status = await host.WithDbAsync(db => db.DealRegistrations.Where(d => d.Id == dealId).Select(d => d.Status).SingleAsync());
        Assert.Equal(values["outcome"] == "won" ? DealStatus.ClosedWon : DealStatus.ClosedLost, status);
    }
}
