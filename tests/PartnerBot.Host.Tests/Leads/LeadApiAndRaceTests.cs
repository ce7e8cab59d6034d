using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Leads;
using PartnerBot.Testing;
using static PartnerBot.Host.Tests.Api.ApiTestKit;
using static PartnerBot.Host.Tests.Deals.DealTestKit;
using static PartnerBot.Host.Tests.Leads.LeadTestKit;

namespace PartnerBot.Host.Tests.Leads;

/// <summary>Leads through the API (POST /api/v1/leads, leads:write, vendor keys only), and answers pressed at the same moment.</summary>
public sealed class LeadApiAndRaceTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    /// <summary>Hooli Poland (PL, Team, wants a Technology partner): Wisła 40 + 0 + 10 + 3.3333 + 7.5 = 60.8333 beats Borealis 20 + 25 + 0 + 3.3333 + 7.5 = 55.8333.</summary>
    [Fact]
    public async Task AVendorKey_PostsALead_ItIsOfferedAtOnce_AndAuditedWithTheKey()
    {
        var vendor = Client(_host, await CreateKeyAsync(_host, "Marketing automation", "leads:write"));
        var answer = await PostAsync(vendor, "/api/v1/leads", new
        {
            company = "Hooli Polska Sp. z o.o.", domain = "hooli.pl.example", contactName = "Anna Kowalska", contactEmail = "anna@hooli.pl.example",
            country = "pl", product = Team, amount = 42000, currency = "USD", partnerType = "Technology", source = "website form", rep = "rep-maya",
        });
        Assert.True(answer.Status == HttpStatusCode.Created, answer.Body.ToString());
        var id = answer.Body.GetProperty("id").GetString()!;
        Assert.StartsWith("LD-", id);
        Assert.Equal("Offered", answer.Body.GetProperty("state").GetString());
        var offer = answer.Body.GetProperty("offers")[0];
        Assert.Equal(("wisla", "Pending"), (offer.GetProperty("partnerOrganisationId").GetString(), offer.GetProperty("outcome").GetString()));
        Assert.Equal(60.8333m, (await LeadAsync(_host, id)).Offers[0].Score);
        Assert.True(await _host.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.EntityType == nameof(Lead) && a.EntityId == id && a.ActorId.StartsWith("apikey:") && a.Channel == "api")));

        await _host.DeliverOutboxAsync();
        var piotr = ReadAll(await _host.Chat("wisla-piotr").ReadAsync());
        Assert.Contains("Nowy lead dla Wisła Systemy Sp. z o.o.: Hooli Polska Sp. z o.o.", piotr);
        Assert.Contains("Przyjmij go do 25 listopada 2026 10:00 (Europe/Warsaw)", piotr);

        // The same id again is a conflict; bad fields are named; a key without leads:write is refused.
        AssertProblem(HttpStatusCode.Conflict, await PostAsync(vendor, "/api/v1/leads", new { id, company = "Hooli Again" }));
        var bad = await PostAsync(vendor, "/api/v1/leads", new { company = "<!here> Hooli", country = "Poland", contactEmail = "not-an-email", partnerType = "Pirate" });
        Assert.Equal(["company", "contactEmail", "country", "partnerType"], ErrorFields(bad).Order().ToList());
        AssertProblem(HttpStatusCode.BadRequest, await PostAsync(vendor, "/api/v1/leads", new { company = "Hooli", secretField = 1 }));
        AssertProblem(HttpStatusCode.BadRequest, await PostAsync(vendor, "/api/v1/leads", "{ not json"));
        var reader = Client(_host, await CreateKeyAsync(_host, "Reader", "*:read"));
        AssertProblem(HttpStatusCode.Forbidden, await PostAsync(reader, "/api/v1/leads", new { company = "Hooli" }));
        Assert.Equal(1, await _host.WithDbAsync(db => db.Leads.CountAsync()));
    }

    /// <summary>
    /// Three leads, each offered to Acme; for each, Jane and Tom (Acme) press Accept at the same moment as Lena
    /// (Borealis) presses a forged Accept: exactly one press wins, one registration is made, the other Acme press is
    /// told the lead is already theirs, and Lena gets nothing of it.
    /// </summary>
    [Fact]
    public async Task PartnersPressingAcceptAtOnce_ExactlyOneWins()
    {
        string[] ids = ["L-RACE1", "L-RACE2", "L-RACE3"];
        string[] companies = ["Aldgate Freight Ltd", "Brixton Optics Ltd", "Camden Robotics Ltd"];
        await ImportAsync(_host, ids.Select((id, i) => Lead(id, companies[i], "GB", Enterprise, "Implementation", domain: $"race{i + 1}.example")).ToArray());
        Assert.Equal(3, await MoveLeadsAsync(_host));
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var data = new Dictionary<string, string> { ["lead"] = id, ["round"] = "1" };
            var presses = new[] { "acme-jane", "acme-tom", "borealis-lena" }
                .Select(person => _host.Chat(person).ActAsync(LeadActions.Accept, data)).ToList();
            var answers = (await Task.WhenAll(presses)).Select(ReadAll).ToList();
            var deal = await _host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().SingleOrDefaultAsync(d => d.CompanyName == companies[i]));
            Assert.True(deal is not null, string.Join("\n---\n", answers));
            Assert.Equal("acme", deal.PartnerOrganisationId);
            Assert.Single(answers.Take(2), a => a.Contains($"You accepted the lead {companies[i]}. It is registered as {deal.Id}", StringComparison.Ordinal));
            Assert.Single(answers.Take(2), a => a.Contains($"Your organisation has already accepted the lead {companies[i]}: registration {deal.Id}.", StringComparison.Ordinal));
            Assert.Contains("This lead was not offered to your organisation.", answers[2]);
            Assert.DoesNotContain(deal.Id, answers[2]);
            var lead = await LeadAsync(_host, id);
            Assert.Equal((LeadState.Accepted, deal.Id), (lead.State, lead.DealRegistrationId));
            Assert.Equal(1, await _host.WithDbAsync(db => db.LeadOffers.CountAsync(o => o.LeadId == id && o.Outcome == OfferOutcome.Accepted)));
        }
    }

    /// <summary>
    /// Jane accepts while Tom, of the same organisation, submits a decline at the same moment, on five leads: each
    /// lead ends either accepted (one registration, Tom told it is theirs already) or declined and offered to the next
    /// partner (no registration, Jane told it is no longer theirs); never both, and nobody told a form was submitted twice.
    /// </summary>
    [Fact]
    public async Task AcceptAndDeclineAtOnce_OneAnswerHolds()
    {
        string[] companies = ["Dalston Dairy Ltd", "Ealing Energy Ltd", "Fulham Fabrics Ltd", "Greenwich Glass Ltd", "Hackney Hydro Ltd"];
        var ids = companies.Select((_, i) => $"L-BOTH{i}").ToArray();
        await ImportAsync(_host, ids.Select((id, i) => Lead(id, companies[i], "GB", Enterprise, "Implementation", domain: $"both{i}.example")).ToArray());
        await MoveLeadsAsync(_host);
        var (jane, tom) = (_host.Chat("acme-jane"), _host.Chat("acme-tom"));
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var data = new Dictionary<string, string> { ["lead"] = id, ["round"] = "1" };
            var form = await tom.ActAsync(LeadActions.Decline, data);
            var submit = WebChatClient.ActionData(form[^1].Html!, "dialog.submit");
            submit["reason"] = "Nie nasz rynek.";
            var answers = (await Task.WhenAll(jane.ActAsync(LeadActions.Accept, data), tom.ActAsync("dialog.submit", submit))).Select(ReadAll).ToList();
            Assert.All(answers, a => Assert.DoesNotContain("already submitted", a));
            var lead = await LeadAsync(_host, id);
            var deals = await _host.WithDbAsync(db => db.DealRegistrations.CountAsync(d => d.CompanyName == companies[i]));
            if (lead.State == LeadState.Accepted)
            {
                Assert.Equal((1, 1, OfferOutcome.Accepted), (deals, lead.Offers.Count, lead.Offers[0].Outcome));
                Assert.Contains($"You accepted the lead {companies[i]}.", answers[0]);
                Assert.Contains($"Your organisation has already accepted the lead {companies[i]}", answers[1]);
            }
            else
            {
                Assert.Equal((0, OfferOutcome.Declined, "lotus"), (deals, lead.Offers[0].Outcome, lead.Offers[1].PartnerOrganisationId));
                Assert.Contains($"The lead {companies[i]} is no longer offered to your organisation.", answers[0]);
                Assert.Contains($"You declined the lead {companies[i]}.", answers[1]);
            }
        }
    }
}
