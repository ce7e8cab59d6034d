using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerBot.People;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>
/// Issue 16, point 2, in Teams against a fake connector: a user nobody linked writes to the bot; the connector's member
/// lookup gives their user principal name. A known person's UPN links them at once; an address at a partner's domain
/// asks the organisation's rep, who approves from the Adaptive Card (Action.Execute); the person is told in Teams.
/// </summary>
public sealed class SelfLinkingTeamsTests : IAsyncLifetime
{
    private const string BobAad = "00000000-0000-4000-8000-0000000000e0";
    private const string KimAad = "00000000-0000-4000-8000-0000000000e1";
    private FakeBotFramework _fake = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _host = TeamsHost.Create(_fake);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _fake.DisposeAsync();
    }

    private void Member(string aad, string upn, string tenant = Demo.Tenant) =>
        _fake.Members[aad] = new JsonObject { ["id"] = $"29:{aad}", ["aadObjectId"] = aad, ["userPrincipalName"] = upn, ["tenantId"] = tenant };

    /// <summary>The text of what the bot last sent into a conversation.</summary>
    private string LastIn(string conversationId) =>
        _fake.Sent().Last(s => s.Path.StartsWith($"/v3/conversations/{Uri.EscapeDataString(conversationId)}/", StringComparison.Ordinal)).Activity.ToJsonString();

    [Fact]
    public async Task UnknownTeamsUser_UpnOfAKnownPerson_IsLinkedAndAnsweredAsThem()
    {
        await _host.WithDbAsync(async db =>
        {
            db.People.Add(new Person { Id = "acme-kim", DisplayName = "Kim Lee", Email = "kim.lee@acme-integrations.example", Role = Role.PartnerUser, PartnerOrganisationId = "acme" });
            return await db.SaveChangesAsync();
        });
        Member(KimAad, "Kim.Lee@acme-integrations.example");

        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "my deals", aad: KimAad, name: "Kim Lee", conversationId: "a:kim"));

        Assert.Contains(_fake.Requests, r => r.Method == "GET" && r.Path == $"/v3/conversations/a%3Akim/members/{KimAad}");
        var identity = await _host.WithDbAsync(db => db.ChannelIdentities.AsNoTracking().SingleAsync(i => i.UserId == KimAad));
        Assert.Equal(("acme-kim", "teams", Demo.Tenant), (identity.PersonId, identity.Channel, identity.Tenant));
        Assert.Contains("Registrations", LastIn("a:kim"));
    }

    [Fact]
    public async Task UnknownTeamsUser_AtAPartnersDomain_RepApprovesFromTheCard_PersonIsToldAndIn()
    {
        // Maya (Acme's rep) talks to the bot in Teams, so her card goes there.
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help", aad: Demo.MayaAad, name: "Maya Lindqvist", conversationId: "a:rep"));
        Member(BobAad, "bob.stone@acme-integrations.example");

        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "my deals", aad: BobAad, name: "Bob Stone", conversationId: "a:bob"));
        Assert.Contains("asked the partner program to confirm you", LastIn("a:bob"));
        Assert.DoesNotContain("Acme", LastIn("a:bob"));

        _fake.Requests.Clear();
        await _host.DeliverOutboxAsync();
        var post = Assert.Single(_fake.Requests, r => r.Method == "POST" && r.Path == "/v3/conversations/a%3Arep/activities");
        var card = post.Body!["attachments"]![0]!["content"]!;
        Assert.Contains("asks to join Acme Integrations", card.ToJsonString());
        var approve = card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "ActionSet")
            .SelectMany(e => e!["actions"]!.AsArray()).Single(a => a!["title"]!.GetValue<string>() == "Approve")!;

        await _host.PostAsync(Demo.Execute(_fake.ServiceUrl, approve["verb"]!.GetValue<string>(), approve["data"]!.DeepClone().AsObject(), conversationId: "a:rep"));
        _fake.Requests.Clear();
        await _host.DeliverOutboxAsync();
        Assert.Contains("confirmed you as part of Acme Integrations", LastIn("a:bob"));

        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "my deals", aad: BobAad, name: "Bob Stone", conversationId: "a:bob"));
        Assert.Contains("Registrations", LastIn("a:bob"));
        var bob = await _host.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Email == "bob.stone@acme-integrations.example"));
        Assert.Equal((LinkState.Linked, "acme"), (bob.LinkState, bob.PartnerOrganisationId));
    }

    [Fact]
    public async Task MemberOfAnotherTenant_OrNoMember_IsNotVouchedFor_OnlyTheOnboarding()
    {
        Member(BobAad, "bob.stone@acme-integrations.example", tenant: "another-tenant");
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "my deals", aad: BobAad, name: "Bob Stone", conversationId: "a:bob"));
        Assert.Contains("link your chat account", LastIn("a:bob"));
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "my deals", aad: KimAad, name: "Kim Lee", conversationId: "a:kim"));
        Assert.Contains("link your chat account", LastIn("a:kim"));
        Assert.False(await _host.WithDbAsync(db => db.People.AnyAsync(p => p.Email != null && p.Email.StartsWith("bob."))));
    }

    [Fact]
    public async Task InvitedColleague_InMalay_IsLinkedAtTheirFirstTeamsMessage_AndToldInMalay()
    {
        const string FaridAad = "00000000-0000-4000-8000-0000000000e5";
        // Aisyah, Kedai's partner admin, invites in her own words.
        var invited = System.Net.WebUtility.HtmlDecode((await _host.Chat("kedai-aisyah").SayAsync("jemput farid@kedaiawan.example"))[^1].Html) ?? "";
        Assert.Contains("farid@kedaiawan.example telah dijemput", invited);
        Member(FaridAad, "Farid@KedaiAwan.example");

        var message = Demo.Message(_fake.ServiceUrl, "urusan saya", aad: FaridAad, name: "Farid Hakim", conversationId: "a:farid");
        message["locale"] = "ms-MY";
        await _host.PostAsync(message);

        var farid = await _host.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Email == "farid@kedaiawan.example"));
        Assert.Equal((LinkState.Linked, "kedai", "ms", "Farid Hakim"), (farid.LinkState, farid.PartnerOrganisationId, farid.Preferences.Language, farid.DisplayName));
        Assert.False(await _host.WithDbAsync(db => db.LinkRequests.AnyAsync()));
        Assert.DoesNotContain("link your chat account", LastIn("a:farid"));

        await _host.DeliverOutboxAsync();
        Assert.Contains("Selamat datang! Anda telah dijemput, jadi kini anda sebahagian daripada Kedai Awan Sdn Bhd", LastIn("a:farid"));
        var aisyah = System.Net.WebUtility.HtmlDecode(string.Join('\n', (await _host.Chat("kedai-aisyah").ReadAsync()).Select(m => m.Html)));
        Assert.Contains("Farid Hakim (farid@kedaiawan.example) menerima jemputan anda", aisyah);
    }
}
