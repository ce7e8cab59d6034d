using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PartnerBot.Host.Tests.Deals;
using PartnerBot.Testing;
using DemoOrganisation = PartnerBot.Host.Tests.DemoOrganisations.Organisation;

namespace PartnerBot.Host.Tests;

/// <summary>
/// Who sees what, proved through the web chat for every demo person (every role) against every demo organisation
/// and every command that reads: nothing of an organisation outside the person's scope (its name, its people, its
/// deals' references and customers) appears in any answer, and everything inside it can be reached.
/// The expected scopes are written out from the demo data, not computed by the product.
/// </summary>
public sealed class AccessMatrixTests : IClassFixture<AccessMatrixTests.DemoWithCommission>
{
    /// <summary>One host for the whole matrix: the demo, with every approved demo deal closed won by the manager.</summary>
    public sealed class DemoWithCommission : IAsyncLifetime
    {
        public TestHost Host { get; } = new();

        public Task InitializeAsync() => DemoOrganisations.CloseApprovedDealsWonAsync(Host);

        public Task DisposeAsync()
        {
            Host.Dispose();
            return Task.CompletedTask;
        }
    }

    private static readonly DemoOrganisation[] Organisations = DemoOrganisations.All;
    private static readonly string[] Staff = DemoOrganisations.Staff;

    /// <summary>The organisations a person may see, from the demo data: own / owned / all.</summary>
    private static DemoOrganisation[] ScopeOf(string person) => person switch
    {
        "mgr-helena" or "admin-sam" => Organisations,
        "rep-maya" or "rep-arjun" => Organisations.Where(o => o.Rep == person).ToArray(),
        _ => Organisations.Where(o => o.People.Contains(person)).ToArray(),
    };

    public static TheoryData<string> Everyone()
    {
        var data = new TheoryData<string>();
        foreach (var p in Organisations.SelectMany(o => o.People).Concat(Staff)) data.Add(p);
        return data;
    }

    private readonly TestHost _host;

    public AccessMatrixTests(DemoWithCommission demo) => _host = demo.Host;

    /// <summary>What a person types that only reads: plain commands, then each with every organisation and every deal.</summary>
    private static IEnumerable<string> ReadCommands()
    {
        string[] plain = ["help", "my deals", "review queue", "commission", "tier", "mdf", "digest", "certify", "what's new",
            "content deck", "my tier?", "urusan saya", "moje transakcje", "我的佣金", "how much commission did we earn?"];
        foreach (var c in plain) yield return c;
        foreach (var o in Organisations)
        {
            foreach (var verb in new[] { "commission", "tier", "payout", "mdf" })
            {
                yield return $"{verb} {o.Id}";
                yield return $"{verb} {o.Name}";
            }
            foreach (var d in o.Deals)
            {
                yield return $"commission {d.Id}";
                yield return $"close {d.Id}";
                yield return $"extend {d.Id}";
            }
        }
    }

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task EveryReadCommand_ShowsNothingOutsideThePersonsOrganisations(string person)
    {
        var visible = ScopeOf(person);
        var hidden = Organisations.Except(visible).ToList();
        var forbidden = hidden.SelectMany(o => new[] { o.Name }
                .Concat(o.Deals.SelectMany(d => new[] { d.Id, d.Company }))
                .Concat(o.People.Select(PersonName)))
            .ToList();
        var chat = _host.Chat(person);
        var leaks = new List<string>();
        foreach (var command in ReadCommands())
        {
            var answer = await AnswerAsync(chat, command);
            leaks.AddRange(forbidden.Where(f => answer.Contains(f, StringComparison.OrdinalIgnoreCase))
                .Select(f => $"'{command}' shows '{f}'"));
        }
        await chat.SayAsync("cancel");
        Assert.True(leaks.Count == 0, $"{person} sees outside their scope:\n" + string.Join('\n', leaks.Distinct()));
    }

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task EverythingInsideTheScope_CanBeSeen(string person)
    {
        var chat = _host.Chat(person);
        var deals = await ReplyAsync(chat, "my deals");
        foreach (var deal in ScopeOf(person).SelectMany(o => o.Deals))
            Assert.Contains(deal.Id, deals);
        var mdf = await ReplyAsync(chat, "mdf");
        foreach (var org in ScopeOf(person))
            Assert.Contains(org.Name, mdf);
        foreach (var org in ScopeOf(person))
            Assert.Contains(org.Name, await ReplyAsync(chat, Staff.Contains(person) ? $"tier {org.Id}" : "tier"));
        foreach (var deal in ScopeOf(person).SelectMany(o => o.Deals).Where(d => d.Approved))
            Assert.Contains(deal.Company, await ReplyAsync(chat, $"commission {deal.Id}"));
    }

    [Theory]
    [MemberData(nameof(Everyone))]
    public async Task WebChatRooms_AreTheOrganisationsInScope_AndOthersAreClosed(string person)
    {
        var http = _host.CreateClient();
        var rooms = await http.GetFromJsonAsync<JsonElement[]>($"/api/webchat/people/{person}/conversations");
        var orgRooms = rooms!.Select(r => r.GetProperty("id").GetString()!).Where(id => id.StartsWith("org-", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(ScopeOf(person).Select(o => $"org-{o.Id}").Order().ToList(), orgRooms);

        foreach (var org in Organisations.Except(ScopeOf(person)))
        {
            var url = $"/api/webchat/conversations/org-{org.Id}/messages?as={person}";
            var read = await http.GetAsync(url);
            Assert.True(read.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{person} reads org-{org.Id}: {read.StatusCode}");
            var post = await http.PostAsJsonAsync(url, new { text = "my deals" });
            Assert.True(post.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{person} posts in org-{org.Id}: {post.StatusCode}");
        }
    }

    /// <summary>What the bot answered, as shown and with its buttons' data.</summary>
    private static async Task<string> ReplyAsync(WebChatClient chat, string command) =>
        string.Join('\n', (await chat.SayAsync(command)).Where(m => !m.Mine).Select(m => DealTestKit.Read(m) + "\n" + WebUtility.HtmlDecode(m.Html ?? "")));

    private static async Task<string> AnswerAsync(WebChatClient chat, string command)
    {
        var messages = await chat.SayAsync(command);
        // What the bot said (text and markup, which carries the buttons' data), less the person's own words echoed
        // back ("No deal DR-… that you can see" repeats what was typed and tells nothing).
        var answer = string.Join('\n', messages.Where(m => !m.Mine).Select(m => DealTestKit.Read(m) + "\n" + WebUtility.HtmlDecode(m.Html ?? "")))
            .Replace(command, "", StringComparison.OrdinalIgnoreCase);
        var typedArgument = command.Split(' ', 2) is [_, var rest] && Organisations.Any(o => rest == o.Id || rest == o.Name || o.Deals.Any(d => d.Id == rest)) ? rest : null;
        return typedArgument is null ? answer : answer.Replace(typedArgument, "", StringComparison.OrdinalIgnoreCase);
    }

    private static string PersonName(string id) => id switch
    {
        "acme-jane" => "Jane Porter",
        "acme-tom" => "Tom Whitaker",
        "borealis-lena" => "Lena Vogel",
        "kedai-aisyah" => "Nur Aisyah Rahman",
        "lotus-wei" => "Chen Wei",
        "wisla-piotr" => "Piotr Nowak",
        "pioneer-dana" => "Dana Brooks",
        _ => throw new ArgumentException($"Not a demo partner user: {id}"),
    };
}
