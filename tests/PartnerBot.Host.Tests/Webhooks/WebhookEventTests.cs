using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Commissions;
using PartnerBot.Deals;
using PartnerBot.Notifications;
using PartnerBot.Storage;
using PartnerBot.Testing;
using static PartnerBot.Host.Tests.Deals.DealTestKit;

namespace PartnerBot.Host.Tests.Webhooks;

/// <summary>
/// Issue 16 point 4, the events: each is raised by doing the real thing (in the web chat, or by the job that does it),
/// reaches only subscriptions that may see its organisation, carries nothing of another organisation, and a change
/// that rolls back sends nothing.
/// </summary>
public sealed class WebhookEventTests : WebhookTestHost
{
    private static readonly string[] AllEvents =
    [
        "deal.registered", "deal.approved", "deal.rejected", "deal.extended", "deal.expired",
        "commission.payable", "commission.paid", "commission.clawed_back",
        "mdf.plan.approved", "mdf.plan.rejected", "mdf.plan.changes_requested", "mdf.claim.reimbursed",
        "tier.changed", "person.linked",
    ];

    /// <summary>Delivers what is due and returns, in order, "type subject" of each new post at <paramref name="path"/>.</summary>
    private async Task<List<string>> DeliveredAsync(string path, int seen = 0)
    {
        await _host.DeliverOutboxAsync();
        return _receiver.At(path).Skip(seen).Select(Describe).ToList();
    }

    private static string Describe(ReceivedPost p)
    {
        var data = p.Json.GetProperty("data");
        var subject = data.TryGetProperty("companyName", out var company) ? company.GetString()
            : data.TryGetProperty("title", out var title) ? title.GetString()
            : data.TryGetProperty("name", out var name) ? name.GetString() : "?";
        return $"{p.Type} {subject}";
    }

    private async Task<string> DealIdAsync(string company) =>
        await _host.WithDbAsync(db => db.DealRegistrations.Where(d => d.CompanyName == company).Select(d => d.Id).SingleAsync());

    [Fact]
    public async Task DealEvents_ComeFromRegisteringReviewingExtendingAndExpiring()
    {
        var (_, secret) = await WebhookCli.AddAsync(_host, _receiver.Url("deals"), "deal.registered", "deal.approved", "deal.rejected", "deal.extended", "deal.expired");
        var jane = _host.Chat("acme-jane");
        var dana = _host.Chat("pioneer-dana");
        var arjun = _host.Chat("rep-arjun");

        await RegisterAsync(jane, Form("Zenith Robotics Inc", website: "zenith-robotics.example"));
        await RegisterAsync(dana, Form("ZENITH ROBOTICS LLC", amount: "25000")); // overlaps Acme's: in review
        Assert.Equal(["deal.registered Zenith Robotics Inc", "deal.approved Zenith Robotics Inc", "deal.registered ZENITH ROBOTICS LLC"],
            await DeliveredAsync("deals"));

        await PressAsync(arjun, await arjun.ReadAsync(), DealActions.Approve);
        Assert.Equal(["deal.approved ZENITH ROBOTICS LLC"], await DeliveredAsync("deals", 3));

        await RegisterAsync(jane, Form("Quasar Mining Ltd"));
        await RegisterAsync(dana, Form("Quasar Mining"));
        await _host.DeliverOutboxAsync();
        var reasonForm = await PressAsync(arjun, await arjun.ReadAsync(), DealActions.Reject);
        await SubmitAsync(arjun, reasonForm[^1], new Dictionary<string, string> { ["reason"] = "Another partner is already working this account." });
        await _host.DeliverOutboxAsync();
        var rejected = _receiver.At("deals").Last();
        Assert.Equal("deal.rejected Quasar Mining", Describe(rejected));
        Assert.Equal("Another partner is already working this account.", rejected.Json.GetProperty("data").GetProperty("decisionReason").GetString());
        Assert.Equal("pioneer", rejected.Json.GetProperty("organisationId").GetString());

        // The extension: asked by the partner, approved by the rep.
        var form = await jane.SayAsync("extend DR-DEMO0ACME1");
        await SubmitAsync(jane, form[^1], new Dictionary<string, string> { ["reason"] = "Procurement moved the decision to February." });
        await _host.DeliverOutboxAsync();
        var maya = _host.Chat("rep-maya");
        await PressAsync(maya, await maya.ReadAsync(), DealActions.ExtensionApprove);
        var seen = _receiver.Posts.Count;
        var extended = await DeliveredAsync("deals", seen);
        Assert.Equal(["deal.extended Hooli Ltd"], extended);
        var extendedData = _receiver.At("deals").Last().Json.GetProperty("data");
        Assert.Equal(1, extendedData.GetProperty("extensionsUsed").GetInt32());
        Assert.Equal("2027-03-23", extendedData.GetProperty("protectedUntil").GetString());

        // Expiry: the daily job, the day after protection ends.
        _host.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 24, 9, 0, 0, TimeSpan.Zero));
        await _host.Services.GetRequiredService<DealReminderJob>().RunOnceAsync(CancellationToken.None);
        var expired = await DeliveredAsync("deals", _receiver.Posts.Count);
        Assert.Contains("deal.expired Hooli Ltd", expired);
        Assert.Contains("deal.expired Zenith Robotics Inc", expired);
        Assert.All(expired, e => Assert.StartsWith("deal.expired ", e, StringComparison.Ordinal));

        Assert.All(_receiver.Posts, p => Assert.True(WebhookReceiver.Verifies(p, secret, DateTimeOffset.FromUnixTimeSeconds(long.Parse(p.Header("X-PartnerBot-Timestamp"), System.Globalization.CultureInfo.InvariantCulture)))));
    }

    [Fact]
    public async Task CommissionEvents_ComeFromTheHoldEndingThePayoutAndTheClawback()
    {
        await WebhookCli.AddAsync(_host, _receiver.Url("money"), "commission.payable", "commission.paid", "commission.clawed_back");
        var jane = _host.Chat("acme-jane");
        var maya = _host.Chat("rep-maya");
        await RegisterAsync(jane, Form("Northwind Brewing"));
        await RegisterAsync(jane, Form("Cobalt Mining"));
        foreach (var company in new[] { "Northwind Brewing", "Cobalt Mining" })
        {
            var close = await maya.SayAsync($"close {await DealIdAsync(company)}");
            await SubmitAsync(maya, close[^1], new Dictionary<string, string> { ["outcome"] = "won", ["contractValue"] = "48000", ["mrr"] = "", ["source"] = "PartnerSourced" });
        }
        Assert.Empty(await DeliveredAsync("money")); // won, inside the hold: pending is not an event

        await maya.SayAsync($"cancel deal {await DealIdAsync("Cobalt Mining")}");
        Assert.Equal(["commission.clawed_back Cobalt Mining"], await DeliveredAsync("money"));

        _host.Clock.Advance(TimeSpan.FromDays(30));
        await _host.Services.GetRequiredService<CommissionJob>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(["commission.payable Northwind Brewing"], await DeliveredAsync("money", 1));

        var payout = await maya.SayAsync("payout acme");
        await SubmitAsync(maya, payout[^1], new Dictionary<string, string> { ["amount"] = "8400", ["reference"] = "PO-118" });
        Assert.Equal(["commission.paid Northwind Brewing"], await DeliveredAsync("money", 2));
        var paid = _receiver.At("money").Last().Json.GetProperty("data");
        Assert.Equal((8400m, "USD", "PO-118", "Paid"),
            (paid.GetProperty("amount").GetDecimal(), paid.GetProperty("currency").GetString(), paid.GetProperty("payoutReference").GetString(), paid.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task MdfEvents_ComeFromTheRepsDecisionsAndTheReimbursement()
    {
        await WebhookCli.AddAsync(_host, _receiver.Url("mdf"), "mdf.plan.approved", "mdf.plan.rejected", "mdf.plan.changes_requested", "mdf.claim.reimbursed");
        var jane = _host.Chat("acme-jane");
        var maya = _host.Chat("rep-maya");
        async Task<string> PlanAsync(string title)
        {
            await jane.ActAsync("dialog.submit", Fill((await jane.SayAsync("mdf plan"))[^1].Html!, new()
            {
                ["activityType"] = "webinar", ["title"] = title, ["startDate"] = "2026-12-10", ["endDate"] = "2026-12-10",
                ["requestedAmount"] = "500", ["expectedLeads"] = "40", ["expectedPipeline"] = "100000", ["description"] = "Co-hosted webinar.",
            }));
            await _host.DeliverOutboxAsync();
            return (await maya.ReadAsync())[^1].Html!;
        }

        await maya.ActAsync("mdf.approve", WebChatClient.ActionData(await PlanAsync("Retail analytics webinar"), "mdf.approve"));
        await maya.ActAsync("mdf.reject", WebChatClient.ActionData(await PlanAsync("Billboard in Kraków"), "mdf.reject"));
        var noteForm = await maya.ActAsync("mdf.changes", WebChatClient.ActionData(await PlanAsync("Hari terbuka pelanggan"), "mdf.changes"));
        await maya.ActAsync("dialog.submit", Fill(noteForm[^1].Html!, new() { ["note"] = "Add the lead follow-up plan." }));
        Assert.Equal(["mdf.plan.approved Retail analytics webinar", "mdf.plan.rejected Billboard in Kraków", "mdf.plan.changes_requested Hari terbuka pelanggan"],
            await DeliveredAsync("mdf"));

        _host.Clock.Advance(TimeSpan.FromDays(19));
        var planId = await _host.WithDbAsync(db => db.MdfPlans.Where(p => p.Title == "Retail analytics webinar").Select(p => p.Id).SingleAsync());
        await jane.ActAsync("dialog.submit", Fill((await jane.SayAsync("mdf claim"))[^1].Html!, new()
        {
            ["plan"] = planId, ["actualCost"] = "450", ["leadsGenerated"] = "35", ["proofLinks"] = "https://files.example/invoice.pdf",
        }));
        Assert.Empty(await DeliveredAsync("mdf", 3)); // a claim is not a decision
        var reimburse = WebChatClient.ActionData((await maya.ReadAsync())[^1].Html!, "mdf.reimburse");
        reimburse["amount"] = "450";
        await maya.ActAsync("mdf.reimburse", reimburse);
        Assert.Equal(["mdf.claim.reimbursed Retail analytics webinar"], await DeliveredAsync("mdf", 3));
        var data = _receiver.At("mdf").Last().Json.GetProperty("data");
        Assert.Equal((450m, 500m, "Reimbursed"), (data.GetProperty("reimbursedAmount").GetDecimal(), data.GetProperty("approvedAmount").GetDecimal(), data.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task TierChanged_ComesFromRecordingACertification()
    {
        await WebhookCli.AddAsync(_host, _receiver.Url("tiers"), "tier.changed");
        await _host.WithDbAsync(async db =>
        {
            var borealis = await db.PartnerOrganisations.SingleAsync(o => o.Id == "borealis");
            (borealis.AnnualRevenue, borealis.CustomerReferences, borealis.TechnicalCertifications) = (250_000, 2, 0);
            return await db.SaveChangesAsync();
        });
        Assert.Empty(await DeliveredAsync("tiers")); // the facts changed, the tier did not

        await _host.Chat("rep-maya").SayAsync("certify borealis-lena technical-certification");

        Assert.Equal(["tier.changed Borealis Resale GmbH"], await DeliveredAsync("tiers"));
        var data = _receiver.At("tiers")[0].Json.GetProperty("data");
        Assert.Equal(("borealis", "Silver", "Gold"), (data.GetProperty("organisationId").GetString(), data.GetProperty("from").GetString(), data.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task OrganisationLimitedSubscription_NeverReceivesAnotherOrganisationsEvent_NorItsDeals()
    {
        var events = AllEvents;
        await WebhookCli.AddAsync(_host, _receiver.Url("acme"), [.. events, "--organisation", "acme"]);
        await WebhookCli.AddAsync(_host, _receiver.Url("pioneer"), [.. events, "--organisation", "pioneer"]);
        await WebhookCli.AddAsync(_host, _receiver.Url("everyone"), events);

        await RegisterAsync(_host.Chat("acme-jane"), Form("Zenith Robotics Inc", website: "zenith-robotics.example"));
        await RegisterAsync(_host.Chat("pioneer-dana"), Form("ZENITH ROBOTICS LLC", amount: "25000")); // overlaps Acme's registration
        await RegisterAsync(_host.Chat("lotus-wei"), Form("深圳云杉科技有限公司"));
        await _host.DeliverOutboxAsync();
        var arjun = _host.Chat("rep-arjun");
        await PressAsync(arjun, await arjun.ReadAsync(), DealActions.Approve);
        await _host.DeliverOutboxAsync();

        Assert.Equal(["deal.registered Zenith Robotics Inc", "deal.approved Zenith Robotics Inc"], _receiver.At("acme").Select(Describe));
        Assert.Equal(["deal.registered ZENITH ROBOTICS LLC", "deal.approved ZENITH ROBOTICS LLC"], _receiver.At("pioneer").Select(Describe));
        Assert.Equal(6, _receiver.At("everyone").Count);
        Assert.All(_receiver.At("acme"), p => Assert.Equal("acme", p.Json.GetProperty("organisationId").GetString()));

        // Pioneer's registration overlapped Acme's: Pioneer's receiver learns nothing of Acme's registration.
        var acmeDeal = await DealIdAsync("Zenith Robotics Inc");
        foreach (var post in _receiver.At("pioneer"))
        {
            Assert.DoesNotContain(acmeDeal, post.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("acme", post.Text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Zenith Robotics Inc", post.Text, StringComparison.Ordinal);
            var data = (JsonObject)JsonNode.Parse(post.Text)!["data"]!;
            Assert.DoesNotContain(data, p => p.Key.Contains("conflict", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task ChangeThatRollsBack_SendsNothing_TheSameChangeCommitted_Sends()
    {
        await WebhookCli.AddAsync(_host, _receiver.Url("rb"), "deal.expired", "deal.rejected");

        // A unit of work that rolls back after its save (as a caller's own transaction can).
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
            await using var tx = await db.Database.BeginTransactionAsync();
            (await db.DealRegistrations.SingleAsync(d => d.Id == "DR-DEMO0ACME1")).Status = DealStatus.Expired;
            await db.SaveChangesAsync();
            Assert.Equal(1, await db.Outbox.CountAsync(m => m.Channel == "webhook")); // queued inside the transaction
            await tx.RollbackAsync();
        }

        // A save that fails: the registration's change and a message whose cause was already queued, together.
        await _host.WithDbAsync(async db =>
        {
            db.Outbox.Add(new OutboxMessage { RecipientPersonId = "acme-jane", ReplyJson = "{}", DedupeKey = "test:once", CreatedAt = _host.Clock.GetUtcNow() });
            return await db.SaveChangesAsync();
        });
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
            (await db.DealRegistrations.SingleAsync(d => d.Id == "DR-DEMO0ACME1")).Status = DealStatus.Rejected;
            db.Outbox.Add(new OutboxMessage { RecipientPersonId = "acme-jane", ReplyJson = "{}", DedupeKey = "test:once", CreatedAt = _host.Clock.GetUtcNow() });
            await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        Assert.Equal(0, await _host.WithDbAsync(db => db.Outbox.CountAsync(m => m.Channel == "webhook")));
        await _host.DeliverOutboxAsync();
        Assert.Empty(_receiver.Posts);
        Assert.Equal(DealStatus.Approved, await _host.WithDbAsync(db => db.DealRegistrations.Where(d => d.Id == "DR-DEMO0ACME1").Select(d => d.Status).SingleAsync()));

        await _host.WithDbAsync(async db =>
        {
            (await db.DealRegistrations.SingleAsync(d => d.Id == "DR-DEMO0ACME1")).Status = DealStatus.Expired;
            return await db.SaveChangesAsync();
        });
        await _host.DeliverOutboxAsync();
        Assert.Equal(["deal.expired Hooli Ltd"], _receiver.Posts.Select(Describe));
    }

    private static Dictionary<string, string> Fill(string formHtml, Dictionary<string, string> values)
    {
        var data = WebChatClient.ActionData(formHtml, "dialog.submit");
        foreach (var (k, v) in values) data[k] = v;
        return data;
    }
}
