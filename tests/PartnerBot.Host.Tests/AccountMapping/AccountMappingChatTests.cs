using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.AccountMapping;
using PartnerBot.Host.Tests.Deals;
using PartnerBot.Notifications;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.AccountMapping;

/// <summary>
/// Issue 17, point 3, through the web chat. The demo vendor knows the direct accounts Globex Corporation, Initech GmbH,
/// Contoso Malaysia, Fabrikam Polska (fabrikam.example), 天虹科技 and Umbrella Health, and the partners' registrations
/// (Acme: Hooli; Borealis: Vandelay Industries GmbH; Kedai: Contoso Malaysia; Lotus: 星辰软件; Wisła: Kraków Logistyka).
/// Acme's Jane shares five accounts: two match direct accounts (one by name with another legal form, one by domain
/// only), one matches Borealis's registration, one is Acme's own registration (no overlap: it is Acme's own
/// knowledge), one the vendor does not know.
/// </summary>
public sealed class AccountMappingChatTests : IDisposable
{
    public const string AcmeList = """
        share accounts
        id,name,domain,kind
        c-1,Globex Corp.,,customer
        c-2,Vandelay Industries,,prospect
        c-3,Quiet Meadow Bakery Ltd,quietmeadow.example,customer
        c-4,Hooli,,customer
        c-5,FBK Warszawa,fabrikam.example,prospect
        """;

    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Partner_SharesAList_AndSeesOnlyWhichOfItsOwnAccountsOverlap()
    {
        var jane = _host.Chat("acme-jane");
        var shared = DealTestKit.ReadAll(await jane.SayAsync(AcmeList));
        Assert.Contains("Shared: 5 added, 0 updated, 0 unchanged. Your list holds 5 accounts; 3 overlap (\"overlap\").", shared);

        var text = DealTestKit.ReadAll(await jane.SayAsync("overlap"));
        Assert.Contains("Acme Integrations Ltd: 3 of your 5 shared accounts overlap", text);
        Assert.Contains("FBK Warszawa known to the vendor's sales team", text);
        Assert.Contains("Globex Corp. known to the vendor's sales team", text);
        Assert.Contains("Vandelay Industries another partner holds a registration", text);
        // Her own accounts outside the overlap, and her own registration, are not listed; the vendor's side never is.
        foreach (var hidden in new[] { "Quiet Meadow", "Hooli", "Globex Corporation", "Fabrikam", "Vandelay Industries GmbH", "DR-DEMO0BORE1", "Borealis", "Direct sales" })
            Assert.DoesNotContain(hidden, text);

        // Sharing the same list again changes nothing.
        Assert.Contains("Shared: 0 added, 0 updated, 5 unchanged.", DealTestKit.ReadAll(await jane.SayAsync(AcmeList)));
    }

    [Fact]
    public async Task Rep_SeesTheVendorSideOfTheOverlap_NeverThePartnersOtherAccounts()
    {
        await _host.Chat("acme-jane").SayAsync(AcmeList);
        var maya = DealTestKit.ReadAll(await _host.Chat("rep-maya").SayAsync("account mapping acme"));
        Assert.Contains("Acme Integrations Ltd: 3 overlapping accounts (the partner shared 5)", maya);
        Assert.Contains("Fabrikam Polska Sp. z o.o. (direct account) the partner has it as FBK Warszawa (prospect)", maya);
        Assert.Contains("Globex Corporation (direct account) the partner has it as Globex Corp. (customer)", maya);
        Assert.Contains("Vandelay Industries GmbH (DR-DEMO0BORE1) the partner has it as Vandelay Industries (prospect)", maya);
        Assert.DoesNotContain("Quiet Meadow", maya);
        Assert.DoesNotContain("Hooli", maya);

        var counts = DealTestKit.ReadAll(await _host.Chat("rep-maya").SayAsync("overlap"));
        Assert.Contains("Account mapping: 1 of your 3 partners shared their accounts", counts);
        Assert.Contains("Acme Integrations Ltd overlapping: 3 of 5 shared · with vendor accounts: 2 · with registrations: 1", counts);

        // Another rep's partner is not found, whatever is asked.
        var arjun = DealTestKit.ReadAll(await _host.Chat("rep-arjun").SayAsync("overlap acme"));
        Assert.Contains("No partner \"acme\" among the partners you can see.", arjun);
        Assert.DoesNotContain("Globex", arjun);
    }

    [Theory]
    [InlineData("wisla-piotr", "udostępnij konta", "wspólne konta", "Udostępniono: dodane 2, zmienione 0, bez zmian 0. Lista liczy kont: 2; wspólnych: 1",
        "Wisła Systemy Sp. z o.o.: wspólne konta: 1 z 2 udostępnionych", "Initech zna je dział sprzedaży dostawcy")]
    [InlineData("kedai-aisyah", "kongsi akaun", "pertindihan akaun", "Dikongsi: 2 ditambah, 0 dikemas kini, 0 tidak berubah. Senarai anda mengandungi 2 akaun; 1 bertindih",
        "Kedai Awan Sdn Bhd: 1 daripada 2 akaun kongsian anda bertindih", "Initech diketahui oleh pasukan jualan vendor")]
    public async Task Partner_SharesAndReads_InTheirLanguage(string person, string share, string overlap, string done, string title, string row)
    {
        var chat = _host.Chat(person);
        Assert.Contains(done, DealTestKit.ReadAll(await chat.SayAsync($"{share}\nid,name,domain\nx-1,Initech,\nx-2,Zielona Łąka Piekarnia,")));
        var text = DealTestKit.ReadAll(await chat.SayAsync(overlap));
        Assert.Contains(title, text);
        Assert.Contains(row, text);
        Assert.DoesNotContain("Zielona", text);
    }

    [Fact]
    public async Task ChinesePartner_ReadsTheOverlap()
    {
        await _host.WithDbAsync(db =>
        {
            db.PartnerAccounts.Add(new PartnerAccount { PartnerOrganisationId = "lotus", Id = "l-1", Name = "天虹科技", NormalizedName = PartnerBot.Deals.CompanyNames.Normalize("天虹科技"), UpdatedAt = TestHost.DefaultNow });
            return db.SaveChangesAsync();
        });
        var text = DealTestKit.ReadAll(await _host.Chat("lotus-wei").SayAsync("客户重叠"));
        Assert.Contains("Lotus Cloud Partners 有限公司：您共享的 1 个客户中有 1 个重叠", text);
        Assert.Contains("天虹科技 厂商销售团队已知", text);
        Assert.DoesNotContain("天虹科技有限公司", text);
    }

    [Fact]
    public async Task HostileLists_AreRefusedWhole_WithTheRowAndReason()
    {
        var jane = _host.Chat("acme-jane");
        var formula = DealTestKit.ReadAll(await jane.SayAsync(
            "share accounts\nid,name,domain,kind\nok-1,Good Company,,customer\nbad-1,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",,customer\nbad-2,@SUM(A1),,\nbad-3,Acme,,partner"));
        Assert.Contains("Nothing was shared: 3 of 4 rows need fixing.", formula);
        Assert.Contains("Row 3 name: starts like a spreadsheet formula", formula);
        Assert.Contains("Row 4 name: starts like a spreadsheet formula", formula);
        Assert.Contains("Row 5 kind: 'partner' is not one of Customer, Prospect", formula);

        var otherOrg = DealTestKit.ReadAll(await jane.SayAsync("share accounts\norganisation,id,name\nborealis,b-1,Stolen Name GmbH"));
        Assert.Contains("names organisation 'borealis': a partner shares its own organisation's accounts only", otherOrg);

        var longName = DealTestKit.ReadAll(await jane.SayAsync($"share accounts\nid,name\nlong-1,{new string('x', 300)}"));
        Assert.Contains("Nothing was shared: 1 of 1 rows need fixing.", longName);

        var huge = DealTestKit.ReadAll(await jane.SayAsync("share accounts\nid,name\n" + string.Join("\n", Enumerable.Range(1, 400).Select(i => $"h-{i},Huge Row Company {i}"))));
        Assert.DoesNotContain("Shared:", huge);

        Assert.Contains("a CSV whose first line names the columns", DealTestKit.ReadAll(await jane.SayAsync("share accounts Globex")));
        Assert.Contains("Nothing was shared", DealTestKit.ReadAll(await jane.SayAsync("share accounts\nid;name\nq-1;Semicolon Ltd")));

        Assert.Equal(0, await _host.WithDbAsync(db => db.PartnerAccounts.CountAsync()));
        // Staff have no list of their own to share.
        Assert.DoesNotContain("Shared:", DealTestKit.ReadAll(await _host.Chat("rep-maya").SayAsync("share accounts\nid,name\nr-1,Rep Co")));
    }

    [Fact]
    public async Task OverlapAlert_OneMessagePerPersonPerRun_WithCoSell_ThatTellsBothSidesOnce()
    {
        await _host.Chat("acme-jane").SayAsync(AcmeList);
        var job = _host.Services.GetRequiredService<OverlapAlertJob>();
        var queued = await job.RunOnceAsync(CancellationToken.None);
        var alerts = await OutboxAsync("account-overlap:");
        // One message each for Acme's linked partner users and for its rep, listing all three overlaps.
        var acmeUsers = await _host.WithDbAsync(db => db.People.CountAsync(p => p.PartnerOrganisationId == "acme" && p.LinkState == People.LinkState.Linked));
        Assert.Equal(acmeUsers + 1, queued);
        Assert.Equal(queued, alerts.Count);
        var janes = Assert.Single(alerts, a => a.Person == "acme-jane").Text;
        Assert.Contains("3 of Acme Integrations Ltd's shared accounts are also known to the vendor", janes);
        Assert.DoesNotContain("Globex Corporation", janes);
        Assert.Contains("Globex Corporation (direct account): the partner has it as Globex Corp. (customer)", Assert.Single(alerts, a => a.Person == "rep-maya").Text);
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));

        // A new overlapping account is told in the next run, alone.
        await _host.Chat("acme-jane").SayAsync("share accounts\nid,name\nc-6,Umbrella Health");
        Assert.Equal(acmeUsers + 1, await job.RunOnceAsync(CancellationToken.None));
        Assert.Contains("1 of Acme Integrations Ltd's shared accounts", (await OutboxAsync("account-overlap:")).Where(a => a.Person == "acme-jane").Select(a => a.Text).Last());

        // The co-sell button of an overlap: both sides are told, once.
        await _host.DeliverOutboxAsync();
        var jane = _host.Chat("acme-jane");
        var pressed = DealTestKit.ReadAll(await jane.ActAsync(CoSellActions.Open, new Dictionary<string, string> { ["organisation"] = "acme", ["account"] = "c-1" }));
        Assert.Contains("Co-sell of Globex Corp. opened:", pressed);
        Assert.Contains("Plan it with Maya", pressed);
        // No channel is tied to Acme: the co-sell is told in DMs, and the opener hears how to tie one.
        Assert.Contains("No channel shared with Acme Integrations Ltd is tied yet: a rep types \"shared channel acme\" inside it", pressed);
        var cosell = await OutboxAsync("cosell:");
        Assert.Contains("Co-sell with Acme Integrations Ltd: Jane", Assert.Single(cosell, c => c.Person == "rep-maya").Text);
        Assert.Contains("Globex Corporation (direct account)", Assert.Single(cosell, c => c.Person == "rep-maya").Text);
        Assert.DoesNotContain(cosell, c => c.Person == "acme-jane");
        Assert.Contains("already open", DealTestKit.ReadAll(await jane.ActAsync(CoSellActions.Open, new Dictionary<string, string> { ["organisation"] = "acme", ["account"] = "c-1" })));

        // Not an overlap, another organisation's account, or no such account: the same answer.
        foreach (var (org, account) in new[] { ("acme", "c-3"), ("borealis", "c-1"), ("acme", "nope") })
            Assert.Contains("That account is not an overlap you can co-sell.",
                DealTestKit.ReadAll(await jane.ActAsync(CoSellActions.Open, new Dictionary<string, string> { ["organisation"] = org, ["account"] = account })));
        Assert.Contains("That account is not an overlap you can co-sell.", DealTestKit.ReadAll(await _host.Chat("rep-arjun")
            .ActAsync(CoSellActions.Open, new Dictionary<string, string> { ["organisation"] = "acme", ["account"] = "c-1" })));
    }

    [Fact]
    public async Task SharedChannel_IsTiedOnlyInsideAChannel_ByStaff()
    {
        // The web chat is a personal conversation: the command says where to type it, and ties nothing.
        Assert.Contains("inside the channel you share with the partner (not in a direct message)",
            DealTestKit.ReadAll(await _host.Chat("rep-maya").SayAsync("shared channel acme")));
        Assert.Contains("Type \"shared channel acme\" inside the channel", DealTestKit.ReadAll(await _host.Chat("mgr-helena").SayAsync("tie channel wisla")));
        // A partner cannot tie a channel: the words are not a command of theirs.
        Assert.DoesNotContain("inside the channel you share", DealTestKit.ReadAll(await _host.Chat("acme-jane").SayAsync("shared channel acme")));
        Assert.Equal(0, await _host.WithDbAsync(db => db.PartnerChannels.CountAsync()));
    }

    /// <summary>
    /// The digest's "Account mapping" section, figures checked by hand. Acme shares <see cref="AcmeList"/>: 5 accounts,
    /// 3 overlapping (Globex Corp. and FBK Warszawa a direct account each, Vandelay Industries Borealis's registration);
    /// Kedai (Arjun's) shares Initech (a direct account) and a bakery the vendor does not know: 2 accounts, 1 overlapping.
    /// Jane opens the co-sell of Globex Corp. now; FBK Warszawa's was opened 60 days ago, before any digest period.
    /// Helena (every partner): 2 partners, 7 accounts, 4 overlap, 3 with vendor accounts, 1 with a registration, 1 co-sell.
    /// Maya (Acme's rep) sees Acme's figures only; Arjun Kedai's only. No account of either side is named.
    /// </summary>
    [Fact]
    public async Task Digest_CountsTheOverlap_ForTheManager_AndEachRepsOwnPartners()
    {
        await _host.Chat("acme-jane").SayAsync(AcmeList);
        await _host.Chat("kedai-aisyah").SayAsync("kongsi akaun\nid,name,domain\nx-1,Initech,\nx-2,Roti Sedap Bakeri,");
        Assert.Contains("Co-sell of Globex Corp. opened", DealTestKit.ReadAll(await _host.Chat("acme-jane")
            .ActAsync(CoSellActions.Open, new Dictionary<string, string> { ["organisation"] = "acme", ["account"] = "c-1" })));
        await _host.WithDbAsync(async db =>
        {
            var old = await db.PartnerAccounts.SingleAsync(a => a.PartnerOrganisationId == "acme" && a.Id == "c-5");
            old.CoSellOpenedAt = TestHost.DefaultNow.AddDays(-60);
            return await db.SaveChangesAsync();
        });
        _host.Clock.Advance(TimeSpan.FromHours(1));

        var helena = DealTestKit.ReadAll(await _host.Chat("mgr-helena").SayAsync("digest"));
        Assert.Contains("Account mapping", helena);
        Assert.Contains("Partners sharing: 2. Accounts shared: 7, overlapping: 4 (with the vendor's accounts: 3, with open registrations: 1). Co-sells started in this period: 1.", helena);
        Assert.Contains("Acme Integrations Ltd overlapping: 3 of 5 · with vendor accounts: 2 · with registrations: 1 · co-sells started: 1", helena);
        Assert.Contains("Kedai Awan Sdn Bhd overlapping: 1 of 2 · with vendor accounts: 1 · with registrations: 0 · co-sells started: 0", helena);

        var maya = DealTestKit.ReadAll(await _host.Chat("rep-maya").SayAsync("digest"));
        Assert.Contains("Partners sharing: 1. Accounts shared: 5, overlapping: 3 (with the vendor's accounts: 2, with open registrations: 1). Co-sells started in this period: 1.", maya);
        Assert.DoesNotContain("Kedai Awan Sdn Bhd 1 of 2", maya);
        var arjun = DealTestKit.ReadAll(await _host.Chat("rep-arjun").SayAsync("digest"));
        Assert.Contains("Partners sharing: 1. Accounts shared: 2, overlapping: 1 (with the vendor's accounts: 1, with open registrations: 0). Co-sells started in this period: 0.", arjun);
        Assert.DoesNotContain("Acme Integrations Ltd 3 of 5", arjun);
        // Other sections may name the vendor's own records; none names a shared account.
        foreach (var named in new[] { "Globex Corp.", "FBK Warszawa", "Quiet Meadow", "Roti Sedap" })
            Assert.DoesNotContain(named, helena + maya + arjun);
    }

    private async Task<List<(string Person, string Text)>> OutboxAsync(string prefix) =>
        (await _host.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.DedupeKey!.StartsWith(prefix)).OrderBy(m => m.Id).ToListAsync()))
        .Select(m => (m.RecipientPersonId, (Notifier.Deserialize(m.ReplyJson) with { Summary = null }).ToPlainText())).ToList();
}
