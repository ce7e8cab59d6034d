using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Conversations;
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

    /// <summary>Jane, Acme's partner admin, invites from the web chat; what she is told.</summary>
    private static async Task<string> JaneInvitesAsync(SlackTestHost t, string email) =>
        System.Net.WebUtility.HtmlDecode((await t.Host.Chat("acme-jane").SayAsync($"invite {email}"))[^1].Html) ?? "";

    /// <summary>A CRM listening for person.linked: the events it would be sent are in the outbox (nothing is posted here).</summary>
    private static Task SubscribeAsync(SlackTestHost t) => t.Host.WithDbAsync(db =>
    {
        db.WebhookSubscriptions.Add(new Webhooks.WebhookSubscription
        {
            Id = "WH-CRM", Url = "https://crm.example/hooks/partnerbot", Events = "person.linked", Secret = Webhooks.WebhookSubscription.NewSecret(),
            CreatedAt = t.Host.Clock.GetUtcNow(),
        });
        return db.SaveChangesAsync();
    });

    /// <summary>The person.linked events queued for the CRM about <paramref name="personId"/>; then drops every queued event, so no delivery is tried.</summary>
    private static Task<int> TakeLinkedEventsAsync(SlackTestHost t, string personId) => t.Host.WithDbAsync(async db =>
    {
        var webhook = db.Outbox.Where(m => m.Channel == Webhooks.WebhookSender.ChannelName);
        var events = (await webhook.Select(m => m.ReplyJson).ToListAsync()).Count(j => j.Contains("\"person.linked\"") && j.Contains($"\"{personId}\""));
        await webhook.ExecuteDeleteAsync();
        return events;
    });

    [Fact]
    public async Task InvitedColleague_IsLinkedAtTheirFirstMessage_WithoutTheRep_AndTheAdminIsTold()
    {
        await using var t = await SlackTestHost.StartAsync();
        await SubscribeAsync(t);
        Assert.Contains("Invited anna.berg@acme-integrations.example", await JaneInvitesAsync(t, "anna.berg@acme-integrations.example"));
        t.Slack.Users["U0ACMEANNA"] = (AcmeTeam, true);
        t.Slack.Emails["U0ACMEANNA"] = "Anna.Berg@Acme-Integrations.example";

        await SayAsync(t, "U0ACMEANNA", "my deals");

        // Answered at once, as a person of Acme: no request, no rep's card.
        Assert.Contains("Registrations", LastIn(t, "DU0ACMEANNA"));
        var anna = await t.Host.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Email == "anna.berg@acme-integrations.example"));
        Assert.Equal((LinkState.Linked, "acme", Role.PartnerUser, false), (anna.LinkState, anna.PartnerOrganisationId, anna.Role, anna.IsPartnerAdmin));
        Assert.False(await t.Host.WithDbAsync(db => db.LinkRequests.AnyAsync()));
        var invitation = await t.Host.WithDbAsync(db => db.Invitations.AsNoTracking().SingleAsync());
        Assert.Equal(anna.Id, invitation.AcceptedPersonId);
        Assert.Equal(1, await TakeLinkedEventsAsync(t, anna.Id));
        Assert.True(await t.Host.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.EntityType == nameof(Invitation) && a.Action == "Modified" && a.Channel == "slack")));

        t.Slack.Clear();
        await t.Host.DeliverOutboxAsync();
        var welcome = LastIn(t, "DU0ACMEANNA");
        Assert.Contains("Welcome! You were invited", welcome);
        Assert.Contains("now part of Acme Integrations", welcome);
        Assert.DoesNotContain(t.Slack.Calls, c => c.Channel == "DU0REPMAYA");
        var jane = System.Net.WebUtility.HtmlDecode(string.Join('\n', (await t.Host.Chat("acme-jane").ReadAsync()).Select(m => m.Html)));
        Assert.Contains("(anna.berg@acme-integrations.example) accepted your invitation", jane);
        // The invitation is used: it is no longer open, and Jane's list says so.
        Assert.Contains("no open invitations", await JaneInvitesAsync(t, ""));
    }

    [Fact]
    public async Task AnExpiredOrRevokedInvitation_FallsBackToTheRepsApproval()
    {
        await using var t = await SlackTestHost.StartAsync();
        await JaneInvitesAsync(t, "late@acme-integrations.example");
        await JaneInvitesAsync(t, "revoked@acme-integrations.example");
        var list = (await t.Host.Chat("acme-jane").SayAsync("invite"))[^1].Html!;
        // Jane revokes one from her list (the buttons carry the invitation's id); the other runs out (14 days open, and a day more).
        var revoke = PartnerBot.Testing.WebChatClient.ActionData(list, "invite.revoke");
        revoke["id"] = (await t.Host.WithDbAsync(db => db.Invitations.Where(i => i.Email == "revoked@acme-integrations.example").Select(i => i.Id).SingleAsync()))
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("Revoked the invitation of revoked@acme-integrations.example",
            System.Net.WebUtility.HtmlDecode((await t.Host.Chat("acme-jane").ActAsync("invite.revoke", revoke, "Revoke"))[^1].Html) ?? "");
        t.Host.Clock.Advance(TimeSpan.FromDays(15));

        foreach (var (user, email) in new[] { ("U0ACMELATE", "late@acme-integrations.example"), ("U0ACMEREVO", "revoked@acme-integrations.example") })
        {
            t.Slack.Users[user] = (AcmeTeam, true);
            t.Slack.Emails[user] = email;
            await SayAsync(t, user, "my deals");
            var asked = LastIn(t, $"D{user}");
            Assert.Contains("asked the partner program to confirm you", asked);
            Assert.DoesNotContain("Acme", asked);
            var person = await t.Host.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Email == email));
            Assert.Equal((LinkState.Pending, null), (person.LinkState, person.PartnerOrganisationId));
        }
        Assert.Equal(2, await t.Host.WithDbAsync(db => db.LinkRequests.CountAsync()));
        Assert.False(await t.Host.WithDbAsync(db => db.Invitations.AnyAsync(i => i.AcceptedAt != null)));
    }

    [Fact]
    public async Task TwoFirstMessagesAtOnce_FromTheInvitedColleague_LinkThemOnce_AndBothAreAnswered()
    {
        await using var t = await SlackTestHost.StartAsync();
        await SubscribeAsync(t);
        await JaneInvitesAsync(t, "anna.berg@acme-integrations.example");
        t.Slack.Users["U0ACMEANNA"] = (AcmeTeam, true);
        t.Slack.Emails["U0ACMEANNA"] = "anna.berg@acme-integrations.example";

        await Task.WhenAll(
            t.PostEventAsync(SlackTestHost.MessageIm(AcmeTeam, "U0ACMEANNA", "my deals", $"Ev{Guid.NewGuid():N}", "DU0ACMEANNA")),
            t.PostEventAsync(SlackTestHost.MessageIm(AcmeTeam, "U0ACMEANNA", "tier", $"Ev{Guid.NewGuid():N}", "DU0ACMEANNA")));
        await t.IdleAsync();

        var people = await t.Host.WithDbAsync(db => db.People.AsNoTracking().Where(p => p.Email == "anna.berg@acme-integrations.example").ToListAsync());
        var anna = Assert.Single(people);
        Assert.Equal(LinkState.Linked, anna.LinkState);
        Assert.Single(await t.Host.WithDbAsync(db => db.ChannelIdentities.AsNoTracking().Where(i => i.UserId == "U0ACMEANNA").ToListAsync()));
        Assert.Equal(1, await TakeLinkedEventsAsync(t, anna.Id));
        var answers = t.Slack.Calls.Where(c => c.Method is "chat.postMessage" or "chat.postEphemeral" && c.Channel == "DU0ACMEANNA").Select(c => c.ToString()).ToList();
        Assert.Equal(2, answers.Count);
        Assert.Contains(answers, a => a.Contains("Registrations", StringComparison.Ordinal));
        Assert.All(answers, a => Assert.DoesNotContain("link your chat account", a));
        Assert.Equal(1, await t.Host.WithDbAsync(db => db.Outbox.CountAsync(m => m.DedupeKey!.StartsWith("invite-accepted:"))));
    }

    /// <summary>
    /// The interleaving the test above meets by chance, made certain: a turn looked Anna up before her other first
    /// message's turn linked her, and reaches the self-linking after that turn committed. Her own account is hers
    /// already: she is answered as herself, nothing is linked twice. Another account with her e-mail is still not linked.
    /// </summary>
    [Fact]
    public async Task AFirstMessage_WhoseAccountAnotherTurnLinkedMeanwhile_IsTheirs_AndASecondAccountIsNot()
    {
        await using var t = await SlackTestHost.StartAsync();
        await JaneInvitesAsync(t, "anna.berg@acme-integrations.example");
        foreach (var user in new[] { "U0ACMEANNA", "U0ACMEANN2" })
        {
            t.Slack.Users[user] = (AcmeTeam, true);
            t.Slack.Emails[user] = "anna.berg@acme-integrations.example";
        }
        await SayAsync(t, "U0ACMEANNA", "tier");
        var anna = await t.Host.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Email == "anna.berg@acme-integrations.example"));

        async Task<(SelfLinkOutcome Outcome, Person? Person)> LinkAsync(string user)
        {
            using var scope = t.Host.Services.CreateScope();
            var turn = new Turn
            {
                User = new ChannelUser(Channels.Slack, AcmeTeam, user),
                Conversation = new ConversationAddress(Channels.Slack, "D" + user, ConversationKind.Personal) { Tenant = AcmeTeam },
                Text = "my deals",
            };
            return await scope.ServiceProvider.GetRequiredService<SelfLinking>().TryAsync(turn, default);
        }

        var again = await LinkAsync("U0ACMEANNA");
        Assert.Equal(SelfLinkOutcome.Linked, again.Outcome);
        Assert.Equal(anna.Id, again.Person!.Id);
        Assert.Equal(SelfLinkOutcome.NotLinked, (await LinkAsync("U0ACMEANN2")).Outcome);
        Assert.Single(await t.Host.WithDbAsync(db => db.ChannelIdentities.AsNoTracking().Where(i => i.PersonId == anna.Id).ToListAsync()));
    }

    private static JsonNode Button(SlackCall card, string label) =>
        card.Blocks!.Where(b => b!["type"]!.ToString() == "actions").SelectMany(b => b!["elements"]!.AsArray())
            .Single(e => e!["text"]!["text"]!.ToString() == label)!;
}
