using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Mdf;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Mdf;

public sealed class MdfFlowTests : IDisposable
{
    private readonly TestHost _host = new(); // 2026-11-23: Q4 ends 2026-12-31

    public void Dispose() => _host.Dispose();

    private static Dictionary<string, string> Fill(string formHtml, string action, Dictionary<string, string> values)
    {
        var data = WebChatClient.ActionData(formHtml, action);
        foreach (var (k, v) in values) data[k] = v;
        return data;
    }

    private static readonly Dictionary<string, string> Webinar = new()
    {
        ["activityType"] = "webinar", ["title"] = "Analytics webinar for retailers", ["startDate"] = "2026-12-10", ["endDate"] = "2026-12-10",
        ["requestedAmount"] = "2000", ["expectedLeads"] = "40", ["expectedPipeline"] = "100000", ["description"] = "Co-hosted webinar.",
    };

    private static string Last(List<ChatMessage> messages) => messages[^1].Html ?? "";

    private static string All(List<ChatMessage> messages) => string.Join("\n", messages.Select(m => m.Html));

    [Fact]
    public async Task Mdf_ShowsBalance_FromTierPercentOfEstimatedRevenue()
    {
        var html = Last(await _host.Chat("acme-jane").SayAsync("mdf"));
        Assert.Contains("Market development funds: Acme Integrations Ltd", html);
        Assert.Contains("<dt>Allocated</dt><dd>3,100.00 USD</dd>", html.Replace("\n", "", StringComparison.Ordinal));
        Assert.Contains("<dt>Days left to use it</dt><dd>39</dd>", html);
        Assert.Contains("4% (Gold tier) of 77,500.00 USD partner-sourced revenue last period; an estimate", html);
    }

    [Fact]
    public async Task PlanApproveClaimReimburse_PartnerNotifiedPrivately_OtherPartnerSeesNothing()
    {
        var jane = _host.Chat("acme-jane");
        var maya = _host.Chat("rep-maya");
        var form = Last(await jane.SayAsync("mdf plan"));
        Assert.Contains("Plan an MDF activity", form);

        var submitted = Last(await jane.ActAsync("dialog.submit", Fill(form, "dialog.submit", Webinar)));
        Assert.Contains("is with your partner manager for approval", submitted);
        await _host.DeliverOutboxAsync();

        var repDm = Last(await maya.ReadAsync());
        Assert.Contains("Acme Integrations Ltd asks for MDF: plan from Jane Porter", repDm);
        Assert.Contains("If approved, 1,100.00 USD is left in their fund.", repDm);
        var approve = WebChatClient.ActionData(repDm, "mdf.approve");

        // Another rep cannot decide on it.
        var arjun = Last(await _host.Chat("rep-arjun").ActAsync("mdf.approve", approve));
        Assert.Contains("That MDF plan isn&#x27;t one you can decide on.", arjun);
        Assert.Contains("Approved &quot;Analytics webinar for retailers&quot; for Acme Integrations Ltd.", Last(await maya.ActAsync("mdf.approve", approve)));
        await _host.DeliverOutboxAsync();
        Assert.Contains("Good news: your MDF plan &quot;Analytics webinar for retailers&quot; is approved for 2,000.00 USD", All(await jane.ReadAsync()));

        var planId = await _host.WithDbAsync(db => db.MdfPlans.Select(p => p.Id).SingleAsync());
        // Before the activity: too early.
        var early = await jane.SayAsync("mdf claim");
        var claimForm = Last(early);
        var tooEarly = Last(await jane.ActAsync("dialog.submit", Fill(claimForm, "dialog.submit", new()
        {
            ["plan"] = planId, ["actualCost"] = "1800", ["leadsGenerated"] = "35", ["proofLinks"] = "https://files.example/invoice.pdf",
        })));
        Assert.Contains("ends on 10 Dec 2026: claim it once the activity has taken place.", tooEarly);

        _host.Clock.Advance(TimeSpan.FromDays(19)); // 2026-12-12
        claimForm = Last(await jane.SayAsync("mdf claim"));
        var bad = Last(await jane.ActAsync("dialog.submit", Fill(claimForm, "dialog.submit", new()
        {
            ["plan"] = planId, ["actualCost"] = "2500", ["leadsGenerated"] = "35", ["proofLinks"] = "ftp://files.example/invoice.pdf",
        })));
        Assert.Contains("That&#x27;s above the approved amount of 2,000.00 USD. Claim at most that.", bad);
        Assert.Contains("&quot;ftp://files.example/invoice.pdf&quot; is not an http(s) link.", bad);
        Assert.Equal(MdfPlanStatus.Approved, await _host.WithDbAsync(db => db.MdfPlans.Select(p => p.Status).SingleAsync()));

        var claimed = Last(await jane.ActAsync("dialog.submit", Fill(bad, "dialog.submit", new()
        {
            ["plan"] = planId, ["actualCost"] = "1800", ["leadsGenerated"] = "35",
            ["proofLinks"] = "https://files.example/invoice.pdf\nhttps://files.example/photos",
        })));
        Assert.Contains("Claim sent: 1,800.00 USD", claimed);
        await _host.DeliverOutboxAsync();

        var claimDm = Last(await maya.ReadAsync());
        Assert.Contains("Acme Integrations Ltd claims MDF for &quot;Analytics webinar for retailers&quot;", claimDm);
        var reimburse = WebChatClient.ActionData(claimDm, "mdf.reimburse");
        reimburse["amount"] = "2500";
        Assert.Contains("That&#x27;s above the approved amount of 2,000.00 USD: reimburse at most that.", Last(await maya.ActAsync("mdf.reimburse", reimburse)));
        reimburse["amount"] = "1800";
        Assert.Contains("Reimbursement of 1,800.00 USD approved", Last(await maya.ActAsync("mdf.reimburse", reimburse)));
        await _host.DeliverOutboxAsync();

        Assert.Contains("Your MDF claim for &quot;Analytics webinar for retailers&quot; is reimbursed: 1,800.00 USD.", All(await jane.ReadAsync()));
        var balance = Last(await jane.SayAsync("mdf")).Replace("\n", "", StringComparison.Ordinal);
        Assert.Contains("<dt>Reimbursed</dt><dd>1,800.00 USD</dd>", balance);
        Assert.Contains("<dt>Left to plan</dt><dd>1,300.00 USD</dd>", balance); // 200 not reimbursed returns to the fund

        // Another partner sees none of it.
        var lena = _host.Chat("borealis-lena");
        Assert.DoesNotContain("Analytics webinar", All(await lena.ReadAsync()));
        var lenaMdf = Last(await lena.SayAsync("mdf"));
        Assert.Contains("Borealis Resale GmbH", lenaMdf);
        Assert.DoesNotContain("Acme", lenaMdf);
        var forged = Last(await lena.ActAsync("mdf.reimburse", reimburse));
        Assert.Contains("That MDF plan isn&#x27;t one you can decide on.", forged);

        var audit = await _host.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == "MdfPlan").Select(a => a.ActorId).ToListAsync());
        Assert.Equal(["acme-jane", "rep-maya", "acme-jane", "rep-maya"], audit);
    }

    [Fact]
    public async Task Plan_BadInput_ClearMessages_NothingStored()
    {
        var jane = _host.Chat("acme-jane");
        var form = Last(await jane.SayAsync("mdf plan"));
        var reply = Last(await jane.ActAsync("dialog.submit", Fill(form, "dialog.submit", new(Webinar)
        {
            ["requestedAmount"] = "5000", ["startDate"] = "2026-11-01", ["endDate"] = "2026-10-01",
        })));
        Assert.Contains("That&#x27;s more than your fund has left: 3,100.00 USD is left to plan with.", reply);
        Assert.Contains("1 Nov 2026 is in the past. Pick a start date ahead.", reply);
        Assert.Contains("The end date is before the start date (1 Nov 2026).", reply);

        reply = Last(await jane.ActAsync("dialog.submit", Fill(reply, "dialog.submit", new(Webinar) { ["startDate"] = "2026-11-30", ["endDate"] = "2026-11-30" })));
        Assert.Contains("Plans need at least 14 days&#x27; notice: start on 7 Dec 2026 or later.", reply);

        reply = Last(await jane.ActAsync("dialog.submit", Fill(reply, "dialog.submit", new(Webinar) { ["activityType"] = "radio-ad" })));
        Assert.Contains("Pick one of the allowed activity types: event, webinar, campaign, content, booth, other.", reply);
        Assert.Equal(0, await _host.WithDbAsync(db => db.MdfPlans.CountAsync()));
        Assert.Equal(0, await _host.WithDbAsync(db => db.Outbox.CountAsync()));
    }

    [Fact]
    public async Task Claim_ForPlanNotApproved_Refused()
    {
        var jane = _host.Chat("acme-jane");
        Assert.Contains("You have no approved MDF activity to claim.", Last(await jane.SayAsync("mdf claim")));
        var form = Last(await jane.SayAsync("mdf plan"));
        await jane.ActAsync("dialog.submit", Fill(form, "dialog.submit", Webinar));
        var id = await _host.WithDbAsync(db => db.MdfPlans.Select(p => p.Id).SingleAsync());
        Assert.Contains("is not approved, so it can&#x27;t be claimed.", Last(await jane.SayAsync($"mdf claim {id}")));
    }

    [Fact]
    public async Task Claim_AfterWindow_Refused()
    {
        await _host.WithDbAsync(async db =>
        {
            db.MdfPlans.Add(new MdfPlan
            {
                Id = "mdf-old", FundId = "acme:2026-10-01", OrganisationId = "acme", SubmittedById = "acme-jane", ActivityType = "event",
                Title = "Old event", StartDate = new(2026, 10, 1), EndDate = new(2026, 10, 2), RequestedAmount = 500, ApprovedAmount = 500,
                Status = MdfPlanStatus.Approved,
            });
            return await db.SaveChangesAsync();
        });
        var reply = Last(await _host.Chat("acme-jane").SayAsync("mdf claim mdf-old"));
        Assert.Contains("The claim window for &quot;Old event&quot; closed on 1 Nov 2026 (30 days after the activity).", reply);
    }

    [Fact]
    public async Task AskForChanges_RepNote_ReachesPartner()
    {
        var jane = _host.Chat("acme-jane");
        await jane.ActAsync("dialog.submit", Fill(Last(await jane.SayAsync("mdf plan")), "dialog.submit", Webinar));
        await _host.DeliverOutboxAsync();
        var maya = _host.Chat("rep-maya");
        var data = WebChatClient.ActionData(Last(await maya.ReadAsync()), "mdf.changes");
        var noteForm = Last(await maya.ActAsync("mdf.changes", data));
        Assert.Contains("What should change in &quot;Analytics webinar for retailers&quot;?", noteForm);
        await maya.ActAsync("dialog.submit", Fill(noteForm, "dialog.submit", new() { ["note"] = "Add the lead follow-up plan." }));
        await _host.DeliverOutboxAsync();
        Assert.Contains("Maya Lindqvist asks for changes to your MDF plan &quot;Analytics webinar for retailers&quot;: Add the lead follow-up plan.",
            All(await jane.ReadAsync()));
    }

    [Fact]
    public async Task Allocate_ManagerSetsAmount_PartnerCannot()
    {
        var reply = Last(await _host.Chat("mgr-helena").SayAsync("mdf allocate kedai 2500"));
        Assert.Contains("Kedai Awan Sdn Bhd&#x27;s MDF for 1 Oct 2026 to 31 Dec 2026 is now 2,500.00 USD.", reply);
        var kedai = Last(await _host.Chat("kedai-aisyah").SayAsync("mdf")).Replace("\n", "", StringComparison.Ordinal);
        Assert.Contains("Jumlah ditetapkan oleh pengurus program rakan kongsi.", kedai); // Aisyah reads Malay
        Assert.Contains("2,500.00 USD", kedai);
        var partner = await _host.Chat("acme-jane").SayAsync("mdf allocate acme 99999");
        Assert.Contains(partner, m => m.Html?.Contains("That isn&#x27;t available for your role.", StringComparison.Ordinal) == true);
        var fund = await _host.WithDbAsync(db => db.MdfFunds.AsNoTracking().SingleAsync(f => f.Id == "kedai:2026-10-01"));
        Assert.Equal(2500m, fund.Amount);
        Assert.Equal(MdfFundSource.Manager, fund.Source);
    }

    [Fact]
    public async Task Reminders_UnspentAt30And7Days_ClaimDue_EachSentOnce()
    {
        var job = _host.Services.GetRequiredService<MdfReminderJob>();
        Assert.Equal(0, await job.RunAtAsync(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero))); // 39 days left

        // 30 days before the period end: acme (2 people), borealis, lotus, wisla have unspent funds; Bronze has none.
        var dec2 = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(5, await job.RunAtAsync(dec2));
        Assert.Equal(0, await job.RunAtAsync(dec2.AddHours(5)));
        var dec25 = new DateTimeOffset(2026, 12, 25, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(5, await job.RunAtAsync(dec25));
        Assert.Equal(0, await job.RunAtAsync(dec25.AddDays(1)));

        await _host.DeliverOutboxAsync();
        var jane = All(await _host.Chat("acme-jane").ReadAsync());
        Assert.Contains("Reminder: 3,100.00 USD of your market development funds is unused, and the period ends in 30 days (31 Dec 2026).", jane);
        Assert.Contains("the period ends in 7 days", jane);
        Assert.DoesNotContain("Reminder", All(await _host.Chat("kedai-aisyah").ReadAsync()));

        await _host.WithDbAsync(async db =>
        {
            db.MdfPlans.Add(new MdfPlan
            {
                Id = "mdf-due", FundId = "acme:2026-10-01", OrganisationId = "acme", SubmittedById = "acme-tom", ActivityType = "event",
                Title = "Booth at CloudExpo", StartDate = new(2026, 11, 30), EndDate = new(2026, 12, 1), RequestedAmount = 900, ApprovedAmount = 900,
                Status = MdfPlanStatus.Approved,
            });
            return await db.SaveChangesAsync();
        });
        // Claim window closes 2026-12-31: the reminder goes 7 days before, once.
        Assert.Equal(0, await job.RunAtAsync(new DateTimeOffset(2026, 12, 23, 9, 0, 0, TimeSpan.Zero)));
        Assert.Equal(1, await job.RunAtAsync(dec25));
        Assert.Equal(0, await job.RunAtAsync(dec25.AddDays(2)));
        await _host.DeliverOutboxAsync();
        Assert.Contains("Reminder: claim &quot;Booth at CloudExpo&quot; by 31 Dec 2026 (6 days left) with &quot;mdf claim mdf-due&quot;",
            All(await _host.Chat("acme-tom").ReadAsync()));
    }

    [Fact]
    public async Task Reject_PartnerHearsPrivately_FundIsFreedAgain()
    {
        var jane = _host.Chat("acme-jane");
        await jane.ActAsync("dialog.submit", Fill(Last(await jane.SayAsync("mdf plan")), "dialog.submit", Webinar));
        await _host.DeliverOutboxAsync();
        var maya = _host.Chat("rep-maya");
        var reject = WebChatClient.ActionData(Last(await maya.ReadAsync()), "mdf.reject");
        Assert.Contains("Rejected &quot;Analytics webinar for retailers&quot; for Acme Integrations Ltd.", Last(await maya.ActAsync("mdf.reject", reject)));
        Assert.Contains("is already rejected.", Last(await maya.ActAsync("mdf.approve", reject)));
        await _host.DeliverOutboxAsync();
        Assert.Contains("Your MDF plan &quot;Analytics webinar for retailers&quot; was not approved by Maya Lindqvist.", All(await jane.ReadAsync()));
        Assert.DoesNotContain("Analytics webinar", All(await _host.Chat("acme-tom").ReadAsync())); // only the submitter is told
        Assert.Contains("<dt>Left to plan</dt><dd>3,100.00 USD</dd>", Last(await jane.SayAsync("mdf")));
    }

    [Fact]
    public async Task Mdf_ForRep_ShowsOnlyOwnedOrganisations()
    {
        var arjun = Last(await _host.Chat("rep-arjun").SayAsync("mdf"));
        Assert.Contains("Kedai Awan Sdn Bhd", arjun);
        Assert.Contains("Pioneer Referrals LLC", arjun);
        Assert.DoesNotContain("Acme", arjun);
        Assert.DoesNotContain("Borealis", arjun);
        var helena = Last(await _host.Chat("mgr-helena").SayAsync("mdf"));
        Assert.Contains("Acme Integrations Ltd", helena);
        Assert.Contains("Kedai Awan Sdn Bhd", helena);
    }

    [Fact]
    public async Task Plan_BronzePartnerWithoutFund_IsToldWhy()
    {
        var reply = Last(await _host.Chat("pioneer-dana").SayAsync("mdf plan"));
        Assert.Contains("Your organisation has no MDF this period (Bronze tier, allocated 0.00 USD).", reply);
        Assert.Equal(0, await _host.WithDbAsync(db => db.DialogStates.CountAsync()));
    }
}
