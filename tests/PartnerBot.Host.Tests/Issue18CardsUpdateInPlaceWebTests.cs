using Microsoft.EntityFrameworkCore;
using PartnerBot.Deals;
using PartnerBot.Mdf;
using PartnerBot.Testing;
using static PartnerBot.Host.Tests.Deals.DealTestKit;

namespace PartnerBot.Host.Tests;

/// <summary>
/// Issue 18, point 1, in the web chat and for every decision: the rep's card (a registration, an MDF plan, an MDF claim)
/// is rewritten in place after the decision, the same stored message, with no buttons left to press.
/// </summary>
public sealed class Issue18CardsUpdateInPlaceWebTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static readonly Dictionary<string, string> Webinar = new()
    {
        ["activityType"] = "webinar", ["title"] = "Analytics webinar for retailers", ["startDate"] = "2026-12-10", ["endDate"] = "2026-12-10",
        ["requestedAmount"] = "2000", ["expectedLeads"] = "40", ["expectedPipeline"] = "100000", ["description"] = "Co-hosted webinar.",
    };

    private async Task<ChatMessage> MayasMessageAsync(string containing) =>
        (await _host.Chat("rep-maya").ReadAsync()).Last(m => m.Html?.Contains(containing, StringComparison.Ordinal) == true);

    [Fact]
    public async Task Issue18_RegistrationCard_RewrittenForTheRep_AfterAManagerDecides()
    {
        await RegisterAsync(_host.Chat("acme-jane"), Form("Zenith Robotics Inc", amount: "300000"));
        await _host.DeliverOutboxAsync();
        var card = await MayasMessageAsync("Zenith Robotics Inc");
        Assert.Contains(DealActions.Approve, card.Html);
        var dealId = WebChatClient.ActionData(card.Html!, DealActions.Approve)["deal"];

        await _host.Chat("mgr-helena").ActAsync(DealActions.Approve, new Dictionary<string, string> { ["deal"] = dealId });
        await _host.DeliverOutboxAsync();

        var now = (await _host.Chat("rep-maya").ReadAsync()).Single(m => m.Id == card.Id);
        Assert.Contains("Approved by Helena Kowalczyk on 23 Nov 2026", Read(now));
        Assert.DoesNotContain(DealActions.Approve, now.Html);
        // Pressing the old button (a stale page) still only says it was decided.
        var again = await _host.Chat("rep-maya").ActAsync(DealActions.Approve, new Dictionary<string, string> { ["deal"] = dealId });
        Assert.Contains("was already decided", Read(again[^1]));
    }

    [Fact]
    public async Task Issue18_ExtensionCard_RewrittenAfterTheDecision()
    {
        var jane = _host.Chat("acme-jane");
        var form = await jane.SayAsync("extend DR-DEMO0ACME1");
        await SubmitAsync(jane, form[^1], new Dictionary<string, string> { ["reason"] = "Procurement moved the decision to February." });
        await _host.DeliverOutboxAsync();
        var card = await MayasMessageAsync("Extension request");
        Assert.Contains(DealActions.ExtensionApprove, card.Html);

        await _host.Chat("mgr-helena").ActAsync(DealActions.ExtensionReject, WebChatClient.ActionData(card.Html!, DealActions.ExtensionReject));
        await _host.DeliverOutboxAsync();

        var now = (await _host.Chat("rep-maya").ReadAsync()).Single(m => m.Id == card.Id);
        Assert.Contains("Extension declined by Helena Kowalczyk.", Read(now));
        Assert.DoesNotContain(DealActions.ExtensionApprove, now.Html);
    }

    [Fact]
    public async Task Issue18_MdfPlanAndClaimCards_RewrittenAfterEachDecision()
    {
        var jane = _host.Chat("acme-jane");
        var form = (await jane.SayAsync("mdf plan"))[^1];
        var values = WebChatClient.ActionData(form.Html!, "dialog.submit");
        foreach (var (k, v) in Webinar) values[k] = v;
        await jane.ActAsync("dialog.submit", values);
        await _host.DeliverOutboxAsync();
        var planCard = await MayasMessageAsync("asks for MDF");
        Assert.Contains(MdfActions.Approve, planCard.Html);

        await _host.Chat("rep-maya").ActAsync(MdfActions.Approve, WebChatClient.ActionData(planCard.Html!, MdfActions.Approve));
        await _host.DeliverOutboxAsync();
        var decided = (await _host.Chat("rep-maya").ReadAsync()).Single(m => m.Id == planCard.Id);
        Assert.Contains("Decided by Maya Lindqvist: approved (23 Nov 2026)", Read(decided));
        Assert.DoesNotContain(MdfActions.Approve, decided.Html);

        // The activity happens; Jane claims; Maya reimburses from the claim card; that card is rewritten too.
        var planId = await _host.WithDbAsync(db => db.MdfPlans.Select(p => p.Id).SingleAsync(p => p.StartsWith("mdf-")));
        _host.Clock.Advance(TimeSpan.FromDays(18));
        var claim = (await jane.SayAsync($"mdf claim {planId}"))[^1];
        var claimValues = WebChatClient.ActionData(claim.Html!, "dialog.submit");
        claimValues["plan"] = planId;
        claimValues["actualCost"] = "1800";
        claimValues["leadsGenerated"] = "35";
        claimValues["proofLinks"] = "https://example.com/webinar-report";
        await jane.ActAsync("dialog.submit", claimValues);
        await _host.DeliverOutboxAsync();
        var claimCard = await MayasMessageAsync("mdf.reimburse");
        var reimburse = WebChatClient.ActionData(claimCard.Html!, MdfActions.Reimburse);
        reimburse["amount"] = "1800";
        var paid = await _host.Chat("rep-maya").ActAsync(MdfActions.Reimburse, reimburse);
        Assert.True(ReadAll(paid).Contains("Reimbursement of 1,800.00 USD approved", StringComparison.Ordinal), ReadAll(paid));
        await _host.DeliverOutboxAsync();
        var reimbursed = (await _host.Chat("rep-maya").ReadAsync()).Single(m => m.Id == claimCard.Id);
        Assert.Contains("Decided by Maya Lindqvist: reimbursed", Read(reimbursed));
        Assert.DoesNotContain(MdfActions.Reimburse, reimbursed.Html);
    }
}
