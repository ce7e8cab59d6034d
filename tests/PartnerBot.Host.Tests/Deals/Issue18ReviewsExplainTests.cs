using Microsoft.EntityFrameworkCore;
using PartnerBot.Deals;
using PartnerBot.Mdf;
using PartnerBot.Testing;
using static PartnerBot.Host.Tests.Deals.DealTestKit;

namespace PartnerBot.Host.Tests.Deals;

/// <summary>
/// Issue 18, point 5: the review queue says why each item waits, how long and against which target; MDF plans and
/// claims wait in the same queue; a rejection reason may not name another partner; the close form starts from what
/// the registration's review decided.
/// </summary>
public sealed class Issue18ReviewsExplainTests : IDisposable
{
    private readonly TestHost _host = new(); // 2026-11-23 09:00 UTC

    public void Dispose() => _host.Dispose();

    private Task SetLanguageAsync(string personId, string language) => _host.WithDbAsync(async db =>
    {
        (await db.People.SingleAsync(p => p.Id == personId)).Preferences.Language = language;
        return await db.SaveChangesAsync();
    });

    /// <summary>Borealis registers Sirius first (approved); Acme registers the same customer: Acme's waits, in conflict with Borealis.</summary>
    private async Task<DealRegistration> ConflictingAcmeDealAsync()
    {
        await RegisterAsync(_host.Chat("borealis-lena"), Form("Sirius Shipping", website: "sirius-shipping.example"));
        await RegisterAsync(_host.Chat("acme-jane"), Form("Sirius Shipping Ltd", website: "sirius-shipping.example"));
        return await _host.WithDbAsync(db => db.DealRegistrations.AsNoTracking()
            .SingleAsync(d => d.PartnerOrganisationId == "acme" && d.CompanyName == "Sirius Shipping Ltd"));
    }

    /// <summary>Maya presses Reject on the registration and submits <paramref name="reason"/>: the bot's last answer.</summary>
    private async Task<ChatMessage> RejectWithAsync(DealRegistration deal, string reason)
    {
        var maya = _host.Chat("rep-maya");
        var form = await maya.ActAsync(DealActions.Reject, new Dictionary<string, string> { ["deal"] = deal.Id });
        return (await SubmitAsync(maya, form[^1], new Dictionary<string, string> { ["reason"] = reason }))[^1];
    }

    [Fact]
    public async Task ReviewQueue_SaysWhyEachWaits_WithWhom_Amount_PastTarget_AndTheSla()
    {
        var acme = await ConflictingAcmeDealAsync();
        Assert.Equal(DealStatus.InReview, acme.Status);
        _host.Clock.Advance(TimeSpan.FromHours(2));

        var text = Read((await _host.Chat("mgr-helena").SayAsync("review queue"))[^1]);

        Assert.True(text.Contains("The target is a decision within 48 h; 1 past it.", StringComparison.Ordinal), text);
        // The conflict, with whom: the other partner, its registration and where it stands (staff only).
        Assert.Contains("Conflicts with Borealis Resale GmbH: Sirius Shipping (DR-", text);
        Assert.Contains(", Approved)", text);
        // Wisła's amount is at or above the threshold, both written as money in the reader's language.
        Assert.Contains("Amount 1,200,000.00 PLN is at or above the review threshold of 250,000.00 USD", text);
        // Kedai's registration has waited two days and two hours: past the 48 h target, and by how much.
        Assert.Contains("Waiting 2 d 2 h, past the 48 h target", text);
        Assert.Contains("Past the 48 h target by 2 h", text);
        Assert.Contains("Waiting 2 h (target 48 h)", text);
        // Oldest first.
        Assert.True(text.IndexOf("Contoso Malaysia", StringComparison.Ordinal) < text.IndexOf("Kraków Logistyka", StringComparison.Ordinal)
                    && text.IndexOf("Kraków Logistyka", StringComparison.Ordinal) < text.IndexOf("Sirius Shipping Ltd", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task ReviewQueue_ConflictWithWhom_NeverReachesThePartner()
    {
        await ConflictingAcmeDealAsync();
        await _host.DeliverOutboxAsync();
        var jane = _host.Chat("acme-jane");
        var everything = ReadAll(await jane.ReadAsync()) + ReadAll(await jane.SayAsync("my deals"));
        Assert.Contains("Sirius Shipping Ltd", everything);
        Assert.DoesNotContain("Borealis", everything);
        Assert.Contains("isn't available for your role", ReadAll(await jane.SayAsync("review queue")));
    }

    [Fact]
    public async Task ReviewQueue_InPolish_SaysWhyInPolish()
    {
        await ConflictingAcmeDealAsync();
        await SetLanguageAsync("rep-maya", "pl");
        var text = Read((await _host.Chat("rep-maya").SayAsync("kolejka"))[^1]);
        Assert.Contains("Konflikt z Borealis Resale GmbH: Sirius Shipping (", text);
        Assert.Contains("Dlaczego czeka", text);
        Assert.Contains("(cel: 48 godz.)", text);
        Assert.DoesNotContain("Why it waits", text);
    }

    [Fact]
    public async Task ReviewQueue_HoldsMdfPlansAndClaims_WithTheirButtonsAndForm()
    {
        await _host.WithDbAsync(async db =>
        {
            db.MdfPlans.Add(new MdfPlan
            {
                Id = "mdf-wait", FundId = "acme:2026-10-01", OrganisationId = "acme", SubmittedById = "acme-jane", ActivityType = "webinar",
                Title = "Retail webinar", StartDate = new(2026, 12, 10), EndDate = new(2026, 12, 10), RequestedAmount = 1500,
                Status = MdfPlanStatus.Submitted, SubmittedAt = TestHost.DefaultNow.AddHours(-50),
            });
            db.MdfPlans.Add(new MdfPlan
            {
                Id = "mdf-claimed", FundId = "acme:2026-10-01", OrganisationId = "acme", SubmittedById = "acme-tom", ActivityType = "event",
                Title = "Partner breakfast", StartDate = new(2026, 11, 1), EndDate = new(2026, 11, 2), RequestedAmount = 800, ApprovedAmount = 800,
                ClaimedAmount = 640, LeadsGenerated = 12, ExpectedLeads = 10, Status = MdfPlanStatus.Claimed,
                SubmittedAt = TestHost.DefaultNow.AddDays(-30), ClaimedAt = TestHost.DefaultNow.AddHours(-3),
            });
            db.MdfPlans.Add(new MdfPlan
            {
                Id = "mdf-kedai", FundId = "kedai:2026-10-01", OrganisationId = "kedai", SubmittedById = "kedai-aisyah", ActivityType = "event",
                Title = "Kedai roadshow", StartDate = new(2026, 12, 1), EndDate = new(2026, 12, 2), RequestedAmount = 300,
                Status = MdfPlanStatus.Submitted, SubmittedAt = TestHost.DefaultNow.AddHours(-1),
            });
            return await db.SaveChangesAsync();
        });

        var queue = (await _host.Chat("rep-maya").SayAsync("review queue"))[^1];
        var text = Read(queue);

        Assert.Contains("MDF plan: Retail webinar", text);
        Assert.Contains("Every MDF plan needs a decision before the partner spends; it asks for 1,500.00 USD", text);
        Assert.Contains("2 d 2 h, past the 48 h target", text);
        Assert.Contains("MDF claim: Partner breakfast", text);
        Assert.Contains("640.00 USD of the 800.00 USD approved waits to be reimbursed", text);
        Assert.DoesNotContain("Kedai roadshow", text); // Arjun's partner, not Maya's
        // Oldest first: the webinar plan (50 h) before Wisła's registration (24 h) before the claim (3 h).
        Assert.True(text.IndexOf("Retail webinar", StringComparison.Ordinal) < text.IndexOf("Kraków Logistyka", StringComparison.Ordinal)
                    && text.IndexOf("Kraków Logistyka", StringComparison.Ordinal) < text.IndexOf("Partner breakfast", StringComparison.Ordinal), text);

        // The queue's own buttons decide: approve the plan from the queue.
        var approve = WebChatClient.ActionData(queue.Html!, MdfActions.Approve);
        Assert.Equal("mdf-wait", approve["plan"]);
        var done = ReadAll(await _host.Chat("rep-maya").ActAsync(MdfActions.Approve, approve));
        Assert.Contains("Retail webinar", done);
        Assert.Equal(MdfPlanStatus.Approved, await _host.WithDbAsync(db => db.MdfPlans.Where(p => p.Id == "mdf-wait").Select(p => p.Status).SingleAsync()));
        var reimburse = WebChatClient.ActionData(queue.Html!, MdfActions.Reimburse);
        Assert.Equal("mdf-claimed", reimburse["plan"]);
    }

    [Theory]
    [InlineData("Borealis Resale GmbH registered it first.")]
    [InlineData("borealis resale got there before you")]
    [InlineData("BOREALIS already has this customer")]
    [InlineData("Already registered by Borealis Resale, sorry.")]
    [InlineData("Wisla Systemy owns it")]
    [InlineData("Lotus Cloud Partners 有限公司 已登记")]
    [InlineData("另一家合作伙伴 Lotus Cloud 已经登记了")]
    public async Task RejectReason_NamingAnotherPartner_IsRefusedOnTheField(string reason)
    {
        var acme = await ConflictingAcmeDealAsync();
        var answer = await RejectWithAsync(acme, reason);

        var text = Read(answer);
        Assert.Contains("The partner reads this reason as written, and it names another partner organisation", text);
        Assert.Equal(DealStatus.InReview, (await _host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().SingleAsync(d => d.Id == acme.Id))).Status);
        await _host.DeliverOutboxAsync();
        Assert.DoesNotContain("rejected", ReadAll(await _host.Chat("acme-jane").ReadAsync()), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Another partner registered Sirius Shipping first; Acme Integrations may co-sell with them.")]
    [InlineData("Pioneering work, but the customer was registered earlier by someone else.")]
    public async Task RejectReason_OwnNameOrTheCustomer_IsAccepted(string reason)
    {
        var acme = await ConflictingAcmeDealAsync();
        var answer = await RejectWithAsync(acme, reason);

        Assert.Contains("Rejected Sirius Shipping Ltd", Read(answer));
        await _host.DeliverOutboxAsync();
        Assert.Contains(reason.Split(';')[0], ReadAll(await _host.Chat("acme-jane").ReadAsync()));
    }

    [Fact]
    public async Task RejectReason_NamingAnotherPartner_ErrorInTheRepsLanguage()
    {
        var acme = await ConflictingAcmeDealAsync();
        await SetLanguageAsync("rep-maya", "ms");
        var answer = await RejectWithAsync(acme, "Sudah didaftarkan oleh Borealis.");

        Assert.Contains("menamakan organisasi rakan kongsi lain (Borealis Resale GmbH)", Read(answer));
    }

    [Fact]
    public async Task CloseForm_DirectOwnedCustomer_PreselectsDirectSourced_OtherwisePartnerSourced()
    {
        // Acme registers a customer direct sales already owns: it waits; Maya approves it.
        await RegisterAsync(_host.Chat("acme-jane"), Form("Globex Corporation", website: "globex.example"));
        var globex = await _host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().SingleAsync(d => d.CompanyName == "Globex Corporation"));
        Assert.Equal(DealStatus.InReview, globex.Status);
        var maya = _host.Chat("rep-maya");
        await maya.ActAsync(DealActions.Approve, new Dictionary<string, string> { ["deal"] = globex.Id });

        var direct = (await maya.SayAsync($"close {globex.Id}"))[^1].Html!;
        Assert.Contains("value=\"DirectSourced\" selected", direct);
        Assert.DoesNotContain("value=\"PartnerSourced\" selected", direct);

        var partner = (await maya.SayAsync("close DR-DEMO0ACME1"))[^1].Html!;
        Assert.Contains("value=\"PartnerSourced\" selected", partner);
    }
}
