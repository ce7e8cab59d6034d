using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Leads;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// Issue 17, point 2, through Slack: Piotr (Wisła), who uses Slack, is offered a Polish lead in his DM, in Polish, and
/// accepts it with the card's button; his answer and the registration follow.
/// </summary>
public sealed class SlackLeadTests
{
    private static string Text(SlackCall call) => Regex.Unescape(call.ToString());

    [Fact]
    public async Task PolishPartner_AcceptsAnOffer_FromItsCardInSlack()
    {
        await using var t = await SlackTestHost.StartAsync();
        await t.PostCommandAsync(SlackTestHost.Command("T0WISLASYS", "U0WISLAPIOTR", "moje leady", "D0U0WISLAPIOTR", "directmessage"));
        await t.IdleAsync();
        Assert.Contains("Twojej organizacji nie zaoferowano jeszcze żadnych leadów.", string.Join("\n", t.Slack.Posts.Select(Text)));

        // Hooli Polska (PL, Team, a Technology partner): Wisła 60.8333 beats Borealis 55.8333.
        var report = await t.Host.ImportRowsAsync(LeadImporter.KindName, new Dictionary<string, string?>
        {
            ["id"] = "L-HOOLI-PL", ["company"] = "Hooli Polska Sp. z o.o.", ["domain"] = "hooli.pl.example", ["country"] = "PL",
            ["product"] = "Northwind Cloud Team", ["partnerType"] = "Technology", ["rep"] = "rep-maya",
        });
        Assert.Equal(1, report.Added);
        Assert.Equal(1, await t.Host.Services.GetRequiredService<LeadJob>().RunOnceAsync(CancellationToken.None));
        t.Slack.Clear();
        await t.Host.DeliverOutboxAsync();
        var card = Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage" && Text(c).Contains("Hooli Polska", StringComparison.Ordinal));
        Assert.Contains("Nowy lead dla Wisła Systemy Sp. z o.o.: Hooli Polska Sp. z o.o.", Text(card));
        var accept = card.Blocks!.Where(b => b!["type"]!.ToString() == "actions").SelectMany(b => b!["elements"]!.AsArray())
            .Single(e => e!["text"]!["text"]!.ToString() == "Przyjmij")!;

        t.Slack.Clear();
        await t.PostInteractionAsync(SlackTestHost.Presses("T0WISLASYS", "U0WISLAPIOTR", card.Channel!, accept));
        await t.IdleAsync();
        var deal = await t.Host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().SingleAsync(d => d.CompanyName == "Hooli Polska Sp. z o.o."));
        Assert.Equal(("wisla", "wisla-piotr"), (deal.PartnerOrganisationId, deal.RegisteredByPersonId));
        Assert.Contains($"Przyjęto lead Hooli Polska Sp. z o.o. Zarejestrowano go jako {deal.Id}", string.Join("\n", t.Slack.Calls.Select(Text)));
        var lead = await t.Host.WithDbAsync(db => db.Leads.AsNoTracking().SingleAsync(l => l.Id == "L-HOOLI-PL"));
        Assert.Equal(LeadState.Accepted, lead.State);
    }
}
