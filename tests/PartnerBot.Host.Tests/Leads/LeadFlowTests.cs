using Microsoft.EntityFrameworkCore;
using PartnerBot.Deals;
using PartnerBot.Leads;
using PartnerBot.Testing;
using static PartnerBot.Host.Tests.Deals.DealTestKit;
using static PartnerBot.Host.Tests.Leads.LeadTestKit;

namespace PartnerBot.Host.Tests.Leads;

/// <summary>
/// Issue 17, point 2, through the web chat: a lead imported, offered to the partner the program's rules choose,
/// accepted into a protected registration, declined or left to expire to the next partner, and the rep told when
/// nobody is left. Now is Monday 23 Nov 2026 09:00 UTC; an offer lasts 48 hours.
/// </summary>
public sealed class LeadFlowTests : IDisposable
{
    private readonly TestHost _host = new(settings: new Dictionary<string, string?> { ["Program:Leads:MaxOffers"] = "2" });

    public void Dispose() => _host.Dispose();

    /// <summary>
    /// Zorbix (GB, Enterprise, wants an Implementation partner), by hand: Acme 40 + 25 + 10 + 6.6667 + 7.5 = 89.1667;
    /// Lotus 0 + 25 + 0 + 10 + 7.5 = 42.5; Borealis and Wisła 20 + 0 + 0 + 3.3333 + 7.5 = 30.8333 each; Kedai and Pioneer 7.5.
    /// </summary>
    [Fact]
    public async Task Offer_GoesToTheBestPartner_AcceptingRegistersItWithProtection_OnlyOnce()
    {
        Assert.Equal(1, (await ImportAsync(_host, Lead("L-ZORBIX", "Zorbix Ltd", "GB", Enterprise, "Implementation"))).Added);
        Assert.Equal(1, await MoveLeadsAsync(_host));
        var lead = await LeadAsync(_host, "L-ZORBIX");
        var offer = Assert.Single(lead.Offers);
        Assert.Equal(("acme", 89.1667m, LeadState.Offered), (offer.PartnerOrganisationId, offer.Score, lead.State));
        Assert.Equal(TestHost.DefaultNow.AddHours(48), offer.DueAt);

        var jane = _host.Chat("acme-jane");
        var inbox = await jane.ReadAsync();
        var card = Read(inbox[^1]);
        Assert.Contains("New lead for Acme Integrations Ltd: Zorbix Ltd", card);
        Assert.Contains("Accept it by 25 Nov 2026 09:00 (Europe/London)", card);
        Assert.Contains("Hank Scorpio <hank@l-zorbix.example>", card);
        // Nobody at another partner hears of it.
        foreach (var other in new[] { "borealis-lena", "lotus-wei", "kedai-aisyah", "wisla-piotr", "pioneer-dana" })
            Assert.DoesNotContain(await _host.Chat(other).ReadAsync(), m => Read(m).Contains("Zorbix", StringComparison.Ordinal));

        var accepted = await PressAsync(jane, inbox, LeadActions.Accept);
        var deal = await _host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().SingleAsync(d => d.CompanyName == "Zorbix Ltd"));
        Assert.Contains($"You accepted the lead Zorbix Ltd. It is registered as {deal.Id}, protected until 21 Feb 2027.", Read(accepted[^1]));
        Assert.Equal(("acme", "acme-jane", DealStatus.Approved, "l-zorbix.example", Enterprise), (deal.PartnerOrganisationId, deal.RegisteredByPersonId, deal.Status, deal.Domain, deal.Product));
        lead = await LeadAsync(_host, "L-ZORBIX");
        Assert.Equal((LeadState.Accepted, deal.Id, OfferOutcome.Accepted, "acme-jane"), (lead.State, lead.DealRegistrationId, lead.Offers[0].Outcome, lead.Offers[0].AnsweredByPersonId));
        Assert.True(await _host.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.EntityType == nameof(LeadOffer) && a.ActorId == "acme-jane" && a.Channel == "web")));

        // Tom, of the same organisation, presses Accept on his copy: it is already theirs, and nothing is registered twice.
        var tom = _host.Chat("acme-tom");
        var again = await PressAsync(tom, await tom.ReadAsync(), LeadActions.Accept);
        Assert.Contains($"Your organisation has already accepted the lead Zorbix Ltd: registration {deal.Id}.", Read(again[^1]));
        Assert.Equal(1, await _host.WithDbAsync(db => db.DealRegistrations.CountAsync(d => d.CompanyName == "Zorbix Ltd")));
        Assert.Contains($"{deal.Id}", Read((await jane.SayAsync("my leads"))[^1]));
    }

    /// <summary>
    /// A lead whose name ends in a full stop ("Zorbix Robotics Inc.") reads with one in the answer; the registration it
    /// became, closed won by Maya, makes it converted in her view, and only then.
    /// </summary>
    [Fact]
    public async Task AcceptedLead_ClosedWon_IsConverted_AndANameEndingInAFullStopKeepsOne()
    {
        await ImportAsync(_host, Lead("L-ZORBIX", "Zorbix Robotics Inc.", "GB", Enterprise, "Implementation"));
        await MoveLeadsAsync(_host);
        var jane = _host.Chat("acme-jane");
        var accepted = Read((await PressAsync(jane, await jane.ReadAsync(), LeadActions.Accept))[^1]);
        var deal = await _host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().SingleAsync(d => d.CompanyName == "Zorbix Robotics Inc."));
        Assert.Contains($"You accepted the lead Zorbix Robotics Inc. It is registered as {deal.Id}, protected until 21 Feb 2027.", accepted);
        Assert.DoesNotContain("Inc..", accepted);

        var maya = _host.Chat("rep-maya");
        var before = ReadAll(await maya.SayAsync("leads"));
        Assert.True(before.Contains("Acme Integrations Ltd 1 offered · 1 of 1 ended offers accepted (100%) · 0 declined · 0 not answered · 0 waiting · 0 converted to a won deal (0% of accepted)", StringComparison.Ordinal), before);
        var form = await maya.SayAsync($"close {deal.Id}");
        await SubmitAsync(maya, form[^1], new Dictionary<string, string> { ["outcome"] = "won", ["contractValue"] = "45000", ["mrr"] = "", ["source"] = "PartnerSourced" });
        Assert.Equal(DealStatus.ClosedWon, (await _host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().SingleAsync(d => d.Id == deal.Id))).Status);
        var after = ReadAll(await maya.SayAsync("leads"));
        Assert.Contains("Acme Integrations Ltd 1 offered · 1 of 1 ended offers accepted (100%) · 0 declined · 0 not answered · 0 waiting · 1 converted to a won deal (100% of accepted)", after);
        Assert.Contains("Together: 1 of 1 ended offers accepted (100%); 1 converted to a won deal (100% of accepted).", after);
    }

    [Fact]
    public async Task Decline_WithAReason_GoesToTheNext_Expiry_ThenNobodyLeft_TheRepIsTold()
    {
        await ImportAsync(_host, Lead("L-INITECH", "Tyrell Systems Ltd", "GB", Enterprise, "Implementation"));
        await MoveLeadsAsync(_host);
        var jane = _host.Chat("acme-jane");
        var form = await PressAsync(jane, await jane.ReadAsync(), LeadActions.Decline);
        Assert.Contains("Decline the lead Tyrell Systems Ltd", Read(form[^1]));
        var declined = await SubmitAsync(jane, form[^1], new Dictionary<string, string> { ["reason"] = "Too small for our practice this quarter." });
        Assert.Contains("You declined the lead Tyrell Systems Ltd. It goes to another partner.", Read(declined[^1]));
        await _host.DeliverOutboxAsync();

        // Next best: Lotus (42.5), in Chinese, with no word of Acme.
        var lead = await LeadAsync(_host, "L-INITECH");
        Assert.Equal(("Too small for our practice this quarter.", "lotus"), (lead.Offers[0].Reason, lead.Offers[1].PartnerOrganisationId));
        var wei = _host.Chat("lotus-wei");
        var weiInbox = await wei.ReadAsync();
        var chinese = Read(weiInbox[^1]);
        Assert.Contains("Lotus Cloud Partners 有限公司 的新线索：Tyrell Systems Ltd", chinese);
        Assert.Contains("请在 2026年11月25日 17:00（Asia/Shanghai）前接受", chinese);
        Assert.DoesNotContain("Acme", chinese);
        Assert.DoesNotContain("Too small", chinese);
        Assert.Contains("等待您答复，截止 2026年11月25日 17:00", ReadAll(await wei.SayAsync("我的线索")));

        // Nobody at Lotus answers within 48 hours; with Program:Leads:MaxOffers 2, the lead is left unplaced and Maya told.
        _host.Clock.Advance(TimeSpan.FromHours(47));
        Assert.Equal(0, await MoveLeadsAsync(_host));
        _host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await MoveLeadsAsync(_host));
        lead = await LeadAsync(_host, "L-INITECH");
        Assert.Equal((LeadState.Unplaced, OfferOutcome.Expired, 2), (lead.State, lead.Offers[1].Outcome, lead.Offers.Count));
        var maya = ReadAll(await _host.Chat("rep-maya").ReadAsync());
        Assert.Contains("No partner took the lead Tyrell Systems Ltd (L-INITECH): it was offered to 2 partners; 1 declined and 1 let the offer run out.", maya);
        // Wei's card says the offer ended; pressing Accept on it now changes nothing.
        var late = await PressAsync(wei, weiInbox, LeadActions.Accept);
        Assert.Contains("线索 Tyrell Systems Ltd 已不再分配给贵组织。", Read(late[^1]));
        Assert.Equal(0, await _host.WithDbAsync(db => db.DealRegistrations.CountAsync(d => d.CompanyName == "Tyrell Systems Ltd")));
        Assert.Equal(0, await MoveLeadsAsync(_host));
    }

    /// <summary>
    /// Syarikat Maju Jaya (MY, Team, wants an MSP): Kedai 40 + 0 + 10 + 0 + 7.5 = 57.5 beats Lotus (20 + 0 + 0 + 10 + 7.5 =
    /// 37.5) and Borealis (0 + 25 + 0 + 3.3333 + 7.5 = 35.8333). Aisyah answers in Malay, with the words she types.
    /// </summary>
    [Fact]
    public async Task MalaySpeaker_SeesTheOffer_InHerWords_AndAcceptsIt()
    {
        await ImportAsync(_host, Lead("L-MAJU", "Syarikat Maju Jaya Sdn Bhd", "MY", Team, "Msp", rep: "rep-arjun", domain: "majujaya.example"));
        await MoveLeadsAsync(_host);
        var aisyah = _host.Chat("kedai-aisyah");
        var list = await aisyah.SayAsync("prospek saya");
        var text = ReadAll(list);
        Assert.Contains("Prospek yang ditawarkan kepada organisasi anda (1)", text);
        Assert.Contains("menunggu jawapan anda hingga 25 ", text);
        Assert.Contains(" 2026 17:00", text); // 09:00 UTC + 48 hours, in Kuala Lumpur
        Assert.Contains("Prospek baharu untuk Kedai Awan Sdn Bhd: Syarikat Maju Jaya Sdn Bhd", text);
        var accepted = await PressAsync(aisyah, list, LeadActions.Accept);
        var deal = await _host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().SingleAsync(d => d.CompanyName == "Syarikat Maju Jaya Sdn Bhd"));
        Assert.Contains($"Anda menerima prospek Syarikat Maju Jaya Sdn Bhd. Ia didaftarkan sebagai {deal.Id}, dilindungi hingga 21 ", Read(accepted[^1]));
        Assert.Equal("kedai", deal.PartnerOrganisationId);
    }

    [Fact]
    public async Task AcceptingALeadThatConflicts_SaysSo_AndTheRegistrationGoesToReview_NamingNoOtherPartner()
    {
        // Vandelay is Borealis's approved registration (vandelay.example); the lead goes to Acme (GB, Implementation).
        await ImportAsync(_host, Lead("L-VANDELAY", "Vandelay Industries", "GB", Enterprise, "Implementation", domain: "vandelay.example"));
        await MoveLeadsAsync(_host);
        Assert.Equal("acme", (await LeadAsync(_host, "L-VANDELAY")).Offers[0].PartnerOrganisationId);
        var jane = _host.Chat("acme-jane");
        var answer = Read((await PressAsync(jane, await jane.ReadAsync(), LeadActions.Accept))[^1]);
        var deal = await _host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().SingleAsync(d => d.CompanyName == "Vandelay Industries"));
        Assert.Equal((DealStatus.InReview, "DR-DEMO0BORE1"), (deal.Status, deal.ConflictingRegistrationIds));
        Assert.Contains($"You accepted the lead Vandelay Industries. It overlaps a registration or an account the vendor already has, so registration {deal.Id} goes to your channel rep for review", answer);
        Assert.DoesNotContain("Borealis", answer);
        // Maya reviews it as any registration in conflict.
        await _host.DeliverOutboxAsync();
        Assert.Contains("Review: Acme Integrations Ltd registered Vandelay Industries", ReadAll(await _host.Chat("rep-maya").ReadAsync()));
    }

    [Fact]
    public async Task APartner_SeesOnlyItsOwnOffers_AndCannotAnswerAnothers()
    {
        await ImportAsync(_host, Lead("L-ZORBIX", "Zorbix Ltd", "GB", Enterprise, "Implementation"));
        await MoveLeadsAsync(_host);
        var lena = _host.Chat("borealis-lena");
        Assert.Contains("No leads have been offered to your organisation yet.", ReadAll(await lena.SayAsync("leads")));
        // A forged press of Acme's buttons, and of ids that are no lead.
        foreach (var (action, id) in new[] { (LeadActions.Accept, "L-ZORBIX"), (LeadActions.Decline, "L-ZORBIX"), (LeadActions.Card, "L-ZORBIX"),
                     (LeadActions.Accept, "' OR 1=1 --"), (LeadActions.Accept, ""), ("lead.delete", "L-ZORBIX") })
        {
            var answer = ReadAll(await lena.ActAsync(action, new Dictionary<string, string> { ["lead"] = id, ["round"] = "1" }));
            Assert.Contains("This lead was not offered to your organisation.", answer);
            Assert.DoesNotContain("Zorbix", answer);
        }
        Assert.Equal(LeadState.Offered, (await LeadAsync(_host, "L-ZORBIX")).State);
        Assert.Equal(0, await _host.WithDbAsync(db => db.DealRegistrations.CountAsync(d => d.CompanyName == "Zorbix Ltd")));
        // Staff: Arjun's partners had no offer; Maya's Acme has one waiting.
        Assert.Contains("No leads have been offered to the partners you can see.", ReadAll(await _host.Chat("rep-arjun").SayAsync("leads")));
        Assert.Contains("Acme Integrations Ltd 1 offered · 0 of 0 ended offers accepted (0%) · 0 declined · 0 not answered · 1 waiting · 0 converted to a won deal (0% of accepted)",
            ReadAll(await _host.Chat("rep-maya").SayAsync("lead acceptance")));
    }

    [Fact]
    public async Task HostileInput_IsRefusedClearly_NeverAnError()
    {
        var report = await ImportAsync(_host,
            Lead("L-1", "<!channel> Zorbix", "GB"),
            Lead("L-2", "Zorbix", "Great Britain"),
            Lead("L 3", "Zorbix", "GB"),
            Lead("L-4", "Zorbix", "GB", rep: "acme-jane"),
            Lead("L-5", "Zorbix", "GB", type: "Pirate"));
        Assert.Equal((5L, 0L, false), (report.Refused, report.Added, report.Applied));
        var problems = string.Join("\n", report.Problems);
        Assert.Contains("column company: contains markup or a mention", problems);
        Assert.Contains("row 2, column country", problems);
        Assert.Contains("column id: has spaces", problems);
        Assert.Contains("column rep: 'acme-jane' is not a rep or manager of the program", problems);
        Assert.Contains("column partnerType: 'Pirate' is not one of", problems);
        foreach (var words in new[] { "leads ' OR 1=1 --", "leads <script>alert(1)</script>", "线索 " + new string('x', 500), "leady %00" })
            Assert.Contains("Twojej organizacji nie zaoferowano jeszcze żadnych leadów.", ReadAll(await _host.Chat("wisla-piotr").SayAsync(words)));
    }
}
