using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerBot.People;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// Issue 16, point 2, in Slack: a user nobody linked writes to the bot. Slack vouches for their e-mail (users.info with
/// users:read.email): a person the program knows by it is linked at once; an address at a partner organisation's
/// domain asks that organisation's rep, who approves or declines from the card in Slack; the person is told either
/// way, and sees nothing of the organisation before approval.
/// </summary>
public sealed class SelfLinkingSlackTests
{
    private const string AcmeTeam = "T0ACMEINT";

    private static async Task SayAsync(SlackTestHost t, string user, string text)
    {
        await t.PostEventAsync(SlackTestHost.MessageIm(AcmeTeam, user, text, $"Ev{Guid.NewGuid():N}", $"D{user}"));
        await t.IdleAsync();
    }

    /// <summary>What the bot last posted into a DM channel, as the person reads it.</summary>
    private static string LastIn(SlackTestHost t, string channel) =>
        t.Slack.Calls.Last(c => c.Method is "chat.postMessage" or "chat.postEphemeral" && c.Channel == channel).ToString();

    [Fact]
    public async Task UnknownSlackUser_VerifiedEmailOfAKnownPerson_IsLinkedAndAnsweredAsThem()
    {
        await using var t = await SlackTestHost.StartAsync();
        await t.Host.WithDbAsync(async db =>
        {
            db.People.Add(new Person { Id = "acme-kim", DisplayName = "Kim Lee", Email = "Kim.Lee@Acme-Integrations.example", Role = Role.PartnerUser, PartnerOrganisationId = "acme" });
            return await db.SaveChangesAsync();
        });
        t.Slack.Users["U0ACMEKIM"] = (AcmeTeam, true);
        t.Slack.Emails["U0ACMEKIM"] = "kim.lee@acme-integrations.example";

        await SayAsync(t, "U0ACMEKIM", "my deals");

        var identity = await t.Host.WithDbAsync(db => db.ChannelIdentities.AsNoTracking().SingleAsync(i => i.UserId == "U0ACMEKIM"));
        Assert.Equal(("acme-kim", "slack", AcmeTeam), (identity.PersonId, identity.Channel, identity.Tenant));
        var answer = LastIn(t, "DU0ACMEKIM");
        Assert.DoesNotContain("link your chat account", answer);
        Assert.Contains("Registrations", answer); // Acme's deals, as Kim
        Assert.True(await t.Host.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.EntityType == nameof(ChannelIdentity) && a.Action == "Added" && a.ActorId == "acme-kim" && a.Channel == "slack")));
    }

    [Fact]
    public async Task UnknownSlackUser_AtAPartnersDomain_AsksTheRep_SeesNothingUntilApproved_ThenIsIn()
    {
        await using var t = await SlackTestHost.StartAsync();
        // Maya (Acme's rep) uses Slack, so her card goes there.
        await t.PostEventAsync(SlackTestHost.MessageIm(SlackTestHost.VendorTeam, "U0REPMAYA", "help", $"Ev{Guid.NewGuid():N}", "D0MAYA"));
        await t.IdleAsync();
        t.Slack.Users["U0ACMEBOB"] = (AcmeTeam, true);
        t.Slack.Emails["U0ACMEBOB"] = "bob.stone@acme-integrations.example";

        await SayAsync(t, "U0ACMEBOB", "my deals");
        var asked = LastIn(t, "DU0ACMEBOB");
        Assert.Contains("asked the partner program to confirm you", asked);
        Assert.DoesNotContain("Acme", asked);
        var bob = await t.Host.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Email == "bob.stone@acme-integrations.example"));
        Assert.Equal((LinkState.Pending, null), (bob.LinkState, bob.PartnerOrganisationId));

        // Asking again, or anything else, shows nothing of Acme.
        await SayAsync(t, "U0ACMEBOB", "tier");
        Assert.Contains("still waiting", LastIn(t, "DU0ACMEBOB"));
        Assert.DoesNotContain("Acme", LastIn(t, "DU0ACMEBOB"));

        t.Slack.Clear();
        await t.Host.DeliverOutboxAsync();
        var card = Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage" && c.Channel == "DU0REPMAYA");
        Assert.Contains("asks to join Acme Integrations", card.BlocksJson);
        Assert.Contains("bob.stone@acme-integrations.example", card.BlocksJson);

        await t.PostInteractionAsync(SlackTestHost.MayaPresses(Button(card, "Approve")));
        await t.IdleAsync();
        t.Slack.Clear();
        await t.Host.DeliverOutboxAsync();
        Assert.Contains("confirmed you as part of Acme Integrations", LastIn(t, "DU0ACMEBOB"));
        var rewritten = Assert.Single(t.Slack.Calls, c => c.Method == "chat.update" && c.Channel == "DU0REPMAYA");
        Assert.Contains("Approved", rewritten.BlocksJson);
        Assert.DoesNotContain(rewritten.Blocks!, b => b!["type"]!.ToString() == "actions");

        await SayAsync(t, "U0ACMEBOB", "my deals");
        Assert.Contains("Registrations", LastIn(t, "DU0ACMEBOB"));
        bob = await t.Host.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == bob.Id));
        Assert.Equal((LinkState.Linked, "acme"), (bob.LinkState, bob.PartnerOrganisationId));
    }

    [Fact]
    public async Task RepDeclines_ThePersonIsTold_AndStillSeesNothing()
    {
        await using var t = await SlackTestHost.StartAsync();
        await t.PostEventAsync(SlackTestHost.MessageIm(SlackTestHost.VendorTeam, "U0REPMAYA", "help", $"Ev{Guid.NewGuid():N}", "D0MAYA"));
        await t.IdleAsync();
        t.Slack.Users["U0ACMEEVE"] = (AcmeTeam, true);
        t.Slack.Emails["U0ACMEEVE"] = "eve@acme-integrations.example";
        await SayAsync(t, "U0ACMEEVE", "help");
        await t.Host.DeliverOutboxAsync();
        var card = t.Slack.Calls.Single(c => c.Method == "chat.postMessage" && c.Channel == "DU0REPMAYA");

        await t.PostInteractionAsync(SlackTestHost.MayaPresses(Button(card, "Decline")));
        await t.IdleAsync();
        await t.Host.DeliverOutboxAsync();
        Assert.Contains("could not confirm your account", LastIn(t, "DU0ACMEEVE"));

        await SayAsync(t, "U0ACMEEVE", "my deals");
        Assert.Contains("could not confirm your account", LastIn(t, "DU0ACMEEVE"));
        Assert.DoesNotContain("Registrations", LastIn(t, "DU0ACMEEVE"));
        // Pressing again changes nothing.
        await t.PostInteractionAsync(SlackTestHost.MayaPresses(Button(card, "Approve")));
        await t.IdleAsync();
        var eve = await t.Host.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Email == "eve@acme-integrations.example"));
        Assert.Equal((LinkState.Declined, null), (eve.LinkState, eve.PartnerOrganisationId));
    }

    [Fact]
    public async Task NoVerifiedEmail_OrADomainNoPartnerHas_OnlyTheOnboardingAndNothingCreated()
    {
        await using var t = await SlackTestHost.StartAsync();
        var people = await t.Host.WithDbAsync(db => db.People.CountAsync());
        t.Slack.Users["U0NOMAIL"] = (AcmeTeam, true); // no e-mail: the workspace did not grant users:read.email
        t.Slack.Users["U0GMAIL"] = (AcmeTeam, true);
        t.Slack.Emails["U0GMAIL"] = "someone@gmail.example";

        await SayAsync(t, "U0NOMAIL", "my deals");
        Assert.Contains("link your chat account", LastIn(t, "DU0NOMAIL"));
        await SayAsync(t, "U0GMAIL", "my deals");
        Assert.Contains("link your chat account", LastIn(t, "DU0GMAIL"));
        Assert.Equal(people, await t.Host.WithDbAsync(db => db.People.CountAsync()));
    }

    private static JsonNode Button(SlackCall card, string label) =>
        card.Blocks!.Where(b => b!["type"]!.ToString() == "actions").SelectMany(b => b!["elements"]!.AsArray())
            .Single(e => e!["text"]!["text"]!.ToString() == label)!;
}
