using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Knowledge;
using PartnerBot.Mdf;
using PartnerBot.People;
using PartnerBot.Storage;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Mdf;

/// <summary>The assistant's MDF facts come from the MDF capability: the asker's own organisation's fund and plans, nobody else's.</summary>
public sealed class MdfFactsTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private async Task<PersonalFacts> FactsAsync(string personId)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        var actor = Actor.From(await db.People.SingleAsync(p => p.Id == personId));
        var facts = await scope.ServiceProvider.GetRequiredService<IMdfFacts>().GetAsync(actor, db, CancellationToken.None);
        await db.SaveChangesAsync();
        return facts;
    }

    [Fact]
    public async Task MdfFacts_AreTheAskersOwnFund_AsTheMdfCardShowsIt()
    {
        Assert.IsType<MdfFacts>(_host.Services.CreateScope().ServiceProvider.GetRequiredService<IMdfFacts>());
        // Acme (Gold, 4%): 310,000 a year → 77,500 for the last quarter, an estimate → 3,100.00 USD.
        var acme = await FactsAsync("acme-jane");
        Assert.True(acme.Available);
        var text = acme.ToText();
        Assert.Contains("Organisation: Acme Integrations Ltd", text);
        Assert.Contains("Allocated: 3,100.00 USD", text);
        Assert.Contains("Left to plan with: 3,100.00 USD", text);
        Assert.Contains("4% (Gold tier) of 77,500.00 USD partner-sourced revenue the period before, an estimate", text);
        Assert.Contains("Fund period: 1 Oct 2026 to 31 Dec 2026", text);
        Assert.Contains("Plans: none yet", text);
        Assert.DoesNotContain("not available", text);
    }

    [Fact]
    public async Task MdfFacts_ListOnlyTheAskersPlans_AndNothingForStaff()
    {
        // A plan of Borealis's: in Lena's facts, never in Jane's.
        await FactsAsync("borealis-lena"); // creates Borealis's fund
        await _host.WithDbAsync(async db =>
        {
            var fund = await db.MdfFunds.SingleAsync(f => f.OrganisationId == "borealis");
            db.MdfPlans.Add(new MdfPlan
            {
                Id = "mdf-borealis1", FundId = fund.Id, OrganisationId = "borealis", SubmittedById = "borealis-lena", ActivityType = "webinar",
                Title = "Borealis secret webinar", StartDate = new DateOnly(2026, 12, 10), EndDate = new DateOnly(2026, 12, 10),
                RequestedAmount = 500m, Status = MdfPlanStatus.Approved, ApprovedAmount = 400m, SubmittedAt = TestHost.DefaultNow,
            });
            return await db.SaveChangesAsync();
        });

        var lena = (await FactsAsync("borealis-lena")).ToText();
        Assert.Contains("Plan \"Borealis secret webinar\": Approved, 10 Dec 2026 to 10 Dec 2026, requested 500.00 USD, approved 400.00 USD, claim by 9 Jan 2027", lena);
        Assert.Contains("Approved: 400.00 USD", lena);
        var jane = (await FactsAsync("acme-jane")).ToText();
        Assert.DoesNotContain("Borealis", jane);
        Assert.False((await FactsAsync("rep-maya")).Available);
    }
}
