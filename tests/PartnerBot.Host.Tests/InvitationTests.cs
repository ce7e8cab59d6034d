using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerBot.People;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

/// <summary>
/// Issue 16, point 2: a partner admin invites colleagues from chat (here the web chat; the colleague's first message
/// comes from Slack or Teams, see SelfLinkingSlackTests and SelfLinkingTeamsTests). In the demo Jane (Acme), Aisyah
/// (Kedai, Malay) and Piotr (Wisła, Polish) are their organisations' partner admins; Tom (Acme) and Wei (Lotus) are not.
/// </summary>
public sealed class InvitationTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static string Text(List<ChatMessage> replies) => WebUtility.HtmlDecode(replies[^1].Html ?? replies[^1].Text ?? "");

    private Task<int> InvitationsAsync() => _host.WithDbAsync(db => db.Invitations.CountAsync());

    [Fact]
    public async Task AnAdmin_Invites_Lists_AndRevokes_EachAudited()
    {
        var jane = _host.Chat("acme-jane");
        var invited = Text(await jane.SayAsync("invite Anna.Berg@Acme-Integrations.example"));
        // Open for Program:Invitations:ValidDays (14) from the test's today, 23 Nov 2026.
        Assert.Contains("Invited anna.berg@acme-integrations.example", invited);
        Assert.Contains("open until 7 Dec 2026", invited);
        Assert.Contains("already invited", Text(await jane.SayAsync("invite anna.berg@acme-integrations.example")));
        Text(await jane.SayAsync("invite olu@acme-integrations.example"));

        var list = await jane.SayAsync("invitations");
        var html = list[^1].Html!;
        Assert.Contains("Open invitations: 2", WebUtility.HtmlDecode(html));
        Assert.Contains("anna.berg@acme-integrations.example, open until 7 Dec 2026", WebUtility.HtmlDecode(html));
        var revoke = WebChatClient.ActionData(html, "invite.revoke");
        Assert.Contains("Revoked the invitation of", Text(await jane.ActAsync("invite.revoke", revoke, "Revoke")));
        Assert.Contains("no longer open", Text(await jane.ActAsync("invite.revoke", revoke, "Revoke")));
        Assert.Contains("Open invitations: 1", Text(await jane.SayAsync("invite")));

        // Tom, of the same organisation but no admin, may neither list nor revoke.
        var tom = _host.Chat("acme-tom");
        Assert.Contains("Only your organisation's partner admin", Text(await tom.SayAsync("invite")));
        Assert.Contains("Only your organisation's partner admin", Text(await tom.ActAsync("invite.revoke", revoke, "Revoke")));

        var audit = await _host.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == nameof(Invitation)).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["Added", "Added", "Modified"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(("acme-jane", "web"), (a.ActorId, a.Channel)));
        Assert.Contains("RevokedAt", audit[^1].Changes);
    }

    [Fact]
    public async Task WhatIsRefused_SaysWhy_AndInvitesNobody()
    {
        var jane = _host.Chat("acme-jane");
        Assert.Contains("isn't at your organisation's domain (acme-integrations.example)", Text(await jane.SayAsync("invite lena@borealis-resale.example")));
        Assert.Contains("isn't at your organisation's domain", Text(await jane.SayAsync("invite anna@acme-integrations.example.evil.example")));
        Assert.Contains("isn't at your organisation's domain", Text(await jane.SayAsync("invite anna@sub.acme-integrations.example")));
        Assert.Contains("isn't an e-mail address", Text(await jane.SayAsync("invite anna")));
        Assert.Contains("isn't an e-mail address", Text(await jane.SayAsync("invite anna@@acme-integrations.example")));
        Assert.Contains("isn't an e-mail address", Text(await jane.SayAsync("invite anna@acme-integrations.example, bob@acme-integrations.example")));
        Assert.Contains("already belongs to someone", Text(await jane.SayAsync("invite TOM.WHITAKER@acme-integrations.example")));
        // Not an admin: a partner user of another organisation, in Chinese; vendor staff have no such command.
        Assert.Contains("只有贵组织的合作伙伴管理员可以邀请同事", Text(await _host.Chat("lotus-wei").SayAsync("邀请 li.na@lotuscloud.example")));
        Assert.Contains("Only your organisation's partner admin", Text(await _host.Chat("acme-tom").SayAsync("invite anna@acme-integrations.example")));
        Assert.Contains("isn't available for your role", Text(await _host.Chat("rep-maya").SayAsync("invite anna@acme-integrations.example")));
        Assert.Equal(0, await InvitationsAsync());
    }

    [Fact]
    public async Task Help_OffersInvite_ToPartnerAdminsOnly()
    {
        // The help menu lists what this person can do: Jane (admin) is offered "invite", Tom and Wei (not admins) are not.
        Assert.Contains("Invite a colleague", Text(await _host.Chat("acme-jane").SayAsync("help")));
        Assert.DoesNotContain("Invite a colleague", Text(await _host.Chat("acme-tom").SayAsync("help")));
        var wei = Text(await _host.Chat("lotus-wei").SayAsync("帮助"));
        Assert.Contains("你的商机登记", wei);
        Assert.DoesNotContain("邀请本组织的同事", wei);
        // Not offered is not forbidden: typed, the command itself says who may use it.
        Assert.Contains("Only your organisation's partner admin", Text(await _host.Chat("acme-tom").SayAsync("invite")));
    }

    [Fact]
    public async Task AdminsInMalayAndPolish_InviteInTheirWords()
    {
        var aisyah = Text(await _host.Chat("kedai-aisyah").SayAsync("jemput farid@kedaiawan.example"));
        Assert.Contains("farid@kedaiawan.example telah dijemput", aisyah);
        Assert.Contains("7 Disember 2026", aisyah);
        Assert.Contains("Jemputan terbuka: 1", Text(await _host.Chat("kedai-aisyah").SayAsync("jemputan")));

        var piotr = _host.Chat("wisla-piotr");
        Assert.Contains("nie jest w domenie Twojej organizacji (wisla-systemy.example)", Text(await piotr.SayAsync("zaproś ola@gmail.example")));
        Assert.Contains("Zaproszono ola.kowalska@wisla-systemy.example", Text(await piotr.SayAsync("zaproś ola.kowalska@wisla-systemy.example")));
        Assert.Equal(["farid@kedaiawan.example", "ola.kowalska@wisla-systemy.example"],
            await _host.WithDbAsync(db => db.Invitations.OrderBy(i => i.Email).Select(i => i.Email).ToListAsync()));
    }
}
