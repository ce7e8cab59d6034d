using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.AccountMapping;
using PartnerBot.Host.Tests.Deals;
using PartnerBot.Notifications;
using PartnerBot.Testing;
using static PartnerBot.Host.Tests.Api.ApiTestKit;

namespace PartnerBot.Host.Tests.AccountMapping;

/// <summary>
/// The proof that neither side learns an account outside the overlap. Acme shares four accounts in chat (Globex Corp.
/// and Vandelay Industries overlap; Quiet Meadow Bakery the vendor does not know; Hooli is Acme's own registration);
/// Borealis shares two through the API with its own key (Initech overlaps; Borealis Secret Prospect does not). Then
/// everything each side can read is gathered — every chat answer, hostile ones included (a company named as an
/// argument, a "page", another partner), every alert and co-sell message, every page of the API at every page size —
/// and searched for what that side must never see.
/// </summary>
public sealed class AccountMappingPrivacyTests : IDisposable
{
    /// <summary>What the vendor knows that no partner may read: direct accounts as the vendor names them, their domains
    /// and owners, other partners' registrations and names, and another partner's shared list.</summary>
    private static readonly string[] VendorOnly =
    [
        "Globex Corporation", "globex.example", "Initech GmbH", "initech.example", "Contoso", "Fabrikam", "Umbrella", "天虹",
        "Direct sales", "da-", "Vandelay Industries GmbH", "vandelay.example", "DR-DEMO0BORE1", "Borealis", "Kedai", "Lotus", "Wisła",
    ];

    /// <summary>The partners' accounts outside the overlap: no one at the vendor may read them.</summary>
    private static readonly string[] PartnerOnly = ["Quiet Meadow", "quietmeadow.example", "q-3", "Secret Prospect", "secretprospect.example", "b-2"];

    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task NeitherSide_LearnsAnAccountOutsideTheOverlap_ByChatAlertsCoSellThreadsDigestsOrTheApi()
    {
        var jane = _host.Chat("acme-jane");
        Assert.Contains("Your list holds 4 accounts; 2 overlap", Answers(await jane.SayAsync(
            "share accounts\nid,name,domain,kind\nq-1,Globex Corp.,,customer\nq-2,Vandelay Industries,,prospect\nq-3,Quiet Meadow Bakery Ltd,quietmeadow.example,customer\nq-4,Hooli,,customer")));
        var borealisKey = await CreateKeyAsync(_host, "Borealis CRM", "accounts:write", "borealis");
        var borealisApi = Client(_host, borealisKey);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(borealisApi, "/api/v1/partners/borealis/accounts/b-1", new { name = "Initech" })).Status);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(borealisApi, "/api/v1/partners/borealis/accounts/b-2",
            new { name = "Borealis Secret Prospect AG", domain = "secretprospect.example", kind = "Prospect" })).Status);
        // A key of one organisation writes no other's list, whatever its body says.
        AssertProblem(HttpStatusCode.Forbidden, await PutAsync(borealisApi, "/api/v1/partners/acme/accounts/x-1", new { name = "Planted Ltd" }));
        AssertProblem(HttpStatusCode.BadRequest, await PutAsync(borealisApi, "/api/v1/partners/borealis/accounts/x-2", new { name = "Planted", organisation = "acme" }));
        AssertProblem(HttpStatusCode.BadRequest, await PutAsync(borealisApi, "/api/v1/partners/borealis/accounts/x-3", new { name = "=cmd|' /C calc'!A0" }));

        await _host.Services.GetRequiredService<OverlapAlertJob>().RunOnceAsync(CancellationToken.None);
        // Maya tied the Slack channel she shares with Acme: Acme's co-sells open a thread there, which both sides read.
        await _host.WithDbAsync(db =>
        {
            db.PartnerChannels.Add(new PartnerBot.People.PartnerChannel
            {
                Channel = "slack", ConversationId = "C0ACMESHARED", PartnerOrganisationId = "acme", TiedByPersonId = "rep-maya", TiedAt = TestHost.DefaultNow,
            });
            return db.SaveChangesAsync();
        });
        // The rep opens a co-sell from Acme's alert; Jane opens one too.
        await _host.Chat("rep-maya").ActAsync(CoSellActions.Open, new Dictionary<string, string> { ["organisation"] = "acme", ["account"] = "q-2" });
        var janeSaw = new List<string>
        {
            Answers(await jane.ActAsync(CoSellActions.Open, new Dictionary<string, string> { ["organisation"] = "acme", ["account"] = "q-1" })),
            Answers(await jane.ActAsync(CoSellActions.Open, new Dictionary<string, string> { ["organisation"] = "borealis", ["account"] = "b-1" })),
        };
        foreach (var words in new[] { "overlap", "overlap Initech GmbH", "overlap Umbrella Health", "overlap borealis", "overlap page 2",
                     "overlap acme 2", "account mapping ' OR 1=1 --", "客户重叠 Globex", "overlap " + new string('x', 500) })
            janeSaw.Add(Answers(await jane.SayAsync(words)));
        var acmeReader = Client(_host, await CreateKeyAsync(_host, "Acme CRM", "accounts:read", "acme"));
        janeSaw.AddRange(await AllPagesAsync(acmeReader, "/api/v1/partners/acme/accounts/overlap"));
        janeSaw.Add((await GetAsync(acmeReader, "/api/v1/partners/acme/accounts/overlap?after=q-2")).Body.GetRawText());
        AssertProblem(HttpStatusCode.Forbidden, await GetAsync(acmeReader, "/api/v1/partners/borealis/accounts/overlap"));
        AssertProblem(HttpStatusCode.Forbidden, await GetAsync(acmeReader, "/api/v1/partners/no-such/accounts/overlap"));
        janeSaw.AddRange(await MessagesToAsync("acme-jane", "acme-tom"));
        var channelPosts = await ChannelPostsAsync();
        Assert.Contains(channelPosts, p => p.Contains("Co-sell: Globex Corp. (Acme Integrations Ltd)"));
        Assert.Contains(channelPosts, p => p.Contains("Co-sell: Vandelay Industries (Acme Integrations Ltd)"));
        janeSaw.AddRange(channelPosts);
        janeSaw.Add(Answers(await jane.SayAsync("digest")));

        var janeText = string.Join("\n", janeSaw);
        // What she may see: her own overlapping accounts, and whether the vendor or another partner knows them.
        Assert.Contains("Globex Corp.", janeText);
        Assert.Contains("another partner holds a registration", janeText);
        Assert.Contains("\"vendorAccount\":true", janeText);
        foreach (var secret in VendorOnly.Append("Initech").Append("Secret Prospect"))
            Assert.False(janeText.Contains(secret, StringComparison.OrdinalIgnoreCase), $"Acme's user read \"{secret}\":\n{janeText}");

        // The vendor's side: the rep, a manager and a vendor key, by chat, hostile arguments, alerts, co-sell and the API.
        var vendorSaw = new List<string>();
        foreach (var (person, words) in new[] { ("rep-maya", "overlap"), ("rep-maya", "overlap acme"), ("rep-maya", "overlap borealis"),
                     ("rep-maya", "overlap acme all"), ("rep-maya", "overlap acme page 2"), ("rep-maya", "overlap acme --list"), ("mgr-helena", "overlap"),
                     ("mgr-helena", "wspólne konta acme"), ("rep-arjun", "overlap acme") })
            vendorSaw.Add(Answers(await _host.Chat(person).SayAsync(words)));
        vendorSaw.Add(Answers(await _host.Chat("rep-maya").ActAsync(CoSellActions.Open,
            new Dictionary<string, string> { ["organisation"] = "acme", ["account"] = "q-3" })));
        var vendorKey = Client(_host, await CreateKeyAsync(_host, "Warehouse", "*:read"));
        foreach (var partner in new[] { "acme", "borealis" })
            vendorSaw.AddRange(await AllPagesAsync(vendorKey, $"/api/v1/partners/{partner}/accounts/overlap"));
        vendorSaw.AddRange(await MessagesToAsync("rep-maya", "mgr-helena"));
        vendorSaw.AddRange(await ChannelPostsAsync());
        _host.Clock.Advance(TimeSpan.FromMinutes(5));
        foreach (var person in new[] { "rep-maya", "mgr-helena", "rep-arjun" })
        {
            var digest = Answers(await _host.Chat(person).SayAsync("digest"));
            if (person != "rep-arjun") Assert.Contains("Account mapping", digest);
            vendorSaw.Add(digest);
        }

        // Guessing a name answers as guessing nonsense does (only the guess itself is echoed).
        Assert.Equal(Answers(await _host.Chat("rep-maya").SayAsync("overlap acme Nothing Such Bakery")).Replace("Nothing Such Bakery", "?"),
            Answers(await _host.Chat("rep-maya").SayAsync("overlap acme Quiet Meadow Bakery")).Replace("Quiet Meadow Bakery", "?"));
        var vendorText = string.Join("\n", vendorSaw);
        Assert.Contains("Globex Corporation (direct account)", vendorText);
        Assert.Contains("Initech GmbH (direct account)", vendorText);
        Assert.Contains("\"directAccountIds\":[\"da-initech\"]", vendorText);
        foreach (var secret in PartnerOnly)
            Assert.False(vendorText.Contains(secret, StringComparison.OrdinalIgnoreCase), $"The vendor read \"{secret}\":\n{vendorText}");
    }

    /// <summary>What the bot answered, without what the person typed (which the chat shows them back).</summary>
    private static string Answers(IEnumerable<ChatMessage> messages) => DealTestKit.ReadAll(messages.Where(m => !m.Mine));

    /// <summary>Every page of a list at page sizes 1, 2 and 500, each page's raw JSON.</summary>
    private static async Task<List<string>> AllPagesAsync(HttpClient client, string path)
    {
        var pages = new List<string>();
        foreach (var limit in new[] { 1, 2, 500 })
        {
            string? after = null;
            for (var page = 0; page < 20; page++)
            {
                var (status, body) = await GetAsync(client, $"{path}?limit={limit}" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}"));
                Assert.Equal(HttpStatusCode.OK, status);
                pages.Add(body.GetRawText());
                after = body.GetProperty("next").ValueKind == JsonValueKind.String ? body.GetProperty("next").GetString() : null;
                if (after is null) break;
            }
        }
        return pages;
    }

    /// <summary>Everything posted into a shared channel, which both sides read.</summary>
    private async Task<List<string>> ChannelPostsAsync() =>
        (await _host.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Channel == ChannelPost.SenderFor("slack")).OrderBy(m => m.Id).ToListAsync()))
        .Select(m => (ChannelPost.FromJson(m.ReplyJson).Reply with { Summary = null }).ToPlainText()).ToList();

    private async Task<List<string>> MessagesToAsync(params string[] people) =>
        (await _host.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => people.Contains(m.RecipientPersonId)).ToListAsync()))
        .Select(m => (Notifier.Deserialize(m.ReplyJson) with { Summary = null }).ToPlainText()).ToList();
}
