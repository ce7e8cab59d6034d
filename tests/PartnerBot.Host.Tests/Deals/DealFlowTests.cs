using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Deals;
using PartnerBot.Testing;
using static PartnerBot.Host.Tests.Deals.DealTestKit;

namespace PartnerBot.Host.Tests.Deals;

/// <summary>The whole flow through the web chat API: register, conflicts, review, the partner told.</summary>
public sealed class DealFlowTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private Task<List<DealRegistration>> DealsAsync(string company) =>
        _host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().Where(d => d.CompanyName == company).ToListAsync());

    [Fact]
    public async Task Register_Sentence_PrefillsForm_ThenApproved()
    {
        var jane = _host.Chat("acme-jane");
        var opened = await jane.SayAsync("register Zenith Robotics Inc, about $40k, closing end of next month, contact roe@zenith-robotics.example");

        var form = opened[^1];
        Assert.True(form.Private || form.AuthorId is null);
        Assert.Contains("value=\"Zenith Robotics Inc\"", form.Html);
        Assert.Contains("value=\"40000\"", form.Html);
        Assert.Contains("value=\"2026-12-31\"", form.Html);
        Assert.Contains("value=\"roe@zenith-robotics.example\"", form.Html);
        Assert.Empty(await DealsAsync("Zenith Robotics Inc")); // nothing stored before the partner confirms

        var answer = await SubmitAsync(jane, form, Form("Zenith Robotics Inc", "2026-12-31", "40000", contactName: "", contactEmail: "roe@zenith-robotics.example"));

        var text = Read(answer[^1]);
        Assert.Contains("Approved: Zenith Robotics Inc is registered to your company and protected until 21 Feb 2027 (90 days).", text);
        var deal = Assert.Single(await DealsAsync("Zenith Robotics Inc"));
        Assert.Equal(DealStatus.Approved, deal.Status);
        Assert.Equal(new DateOnly(2027, 2, 21), deal.ProtectedUntil);
        Assert.Equal("zenith-robotics.example", deal.Domain);
        Assert.Equal("acme-jane", deal.RegisteredByPersonId);
        Assert.Equal(40_000m, deal.Amount);
        var audited = await _host.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == "DealRegistration" && a.EntityId == deal.Id).ToListAsync());
        Assert.Equal("acme-jane", Assert.Single(audited).ActorId);
    }

    [Fact]
    public async Task Register_SameAccountBySecondPartner_GoesToReview_RepApproves_PartnerTold()
    {
        var first = await RegisterAsync(_host.Chat("acme-jane"), Form("Zenith Robotics Inc", website: "zenith-robotics.example"));
        Assert.Contains("Approved", Read(first));
        var acmeDeal = Assert.Single(await DealsAsync("Zenith Robotics Inc"));

        var dana = _host.Chat("pioneer-dana");
        var second = await RegisterAsync(dana, Form("ZENITH ROBOTICS LLC", amount: "25000"));

        var told = Read(second);
        Assert.Contains("Received: ZENITH ROBOTICS LLC is in review by your partner manager. It overlaps an existing registration or account, so a person decides.", told);
        Assert.DoesNotContain("Acme", told);
        Assert.DoesNotContain(acmeDeal.Id, told);
        var pending = Assert.Single(await DealsAsync("ZENITH ROBOTICS LLC"));
        Assert.Equal(DealStatus.InReview, pending.Status);
        Assert.Equal(acmeDeal.Id, pending.ConflictingRegistrationIds);

        // The owning rep of Pioneer (Arjun) gets both sides and the buttons.
        await _host.DeliverOutboxAsync();
        var arjun = _host.Chat("rep-arjun");
        var inbox = await arjun.ReadAsync();
        var card = Read(inbox[^1]);
        Assert.Contains("Review: Pioneer Referrals LLC registered ZENITH ROBOTICS LLC", card);
        Assert.Contains("New registration", card);
        Assert.Contains("Registered earlier", card);
        Assert.Contains("Acme Integrations Ltd", card); // vendor staff see who was first
        Assert.Contains(acmeDeal.Id, card);

        var approved = await PressAsync(arjun, inbox, DealActions.Approve);
        Assert.Contains($"Approved ZENITH ROBOTICS LLC ({pending.Id}). The partner has been told.", Read(approved[^1]));
        Assert.Equal(DealStatus.Approved, (await DealsAsync("ZENITH ROBOTICS LLC"))[0].Status);

        await _host.DeliverOutboxAsync();
        var danaInbox = await dana.ReadAsync();
        Assert.Contains("Good news: your registration of ZENITH ROBOTICS LLC is approved and protected until 21 Feb 2027.", Read(danaInbox[^1]));

        // Pressing approve again (a second click) changes nothing.
        var again = await PressAsync(arjun, inbox, DealActions.Approve);
        Assert.Contains("was already decided", Read(again[^1]));
    }

    [Fact]
    public async Task Register_SameAccountBySecondPartner_RepRejectsWithReason_PartnerTold()
    {
        await RegisterAsync(_host.Chat("acme-jane"), Form("Quasar Mining Ltd"));
        var dana = _host.Chat("pioneer-dana");
        await RegisterAsync(dana, Form("Quasar Mining"));
        await _host.DeliverOutboxAsync();

        var arjun = _host.Chat("rep-arjun");
        var reasonForm = await PressAsync(arjun, await arjun.ReadAsync(), DealActions.Reject);
        Assert.Contains("Why is Quasar Mining", Read(reasonForm[^1]));

        var empty = await SubmitAsync(arjun, reasonForm[^1], new Dictionary<string, string> { ["reason"] = "" });
        Assert.Contains("Give a reason.", Read(empty[^1]));

        var done = await SubmitAsync(arjun, empty[^1], new Dictionary<string, string> { ["reason"] = "Another partner is already working this account." });
        Assert.Contains("Rejected Quasar Mining", Read(done[^1]));
        var deal = Assert.Single(await DealsAsync("Quasar Mining"));
        Assert.Equal(DealStatus.Rejected, deal.Status);
        Assert.Equal("rep-arjun", deal.ReviewerPersonId);
        Assert.Equal("Another partner is already working this account.", deal.DecisionReason);

        await _host.DeliverOutboxAsync();
        var told = Read((await dana.ReadAsync())[^1]);
        Assert.Contains("Your registration of Quasar Mining was not approved. Reason: Another partner is already working this account.", told);
    }

    [Fact]
    public async Task Visibility_PartnerB_NeverSeesPartnerAsNameOrDeal()
    {
        await RegisterAsync(_host.Chat("acme-jane"), Form("Orion Textiles GmbH", contactName: "Klaus Orion", website: "orion-textiles.example", notes: "Met their CTO at the fair"));
        var acmeDeal = Assert.Single(await DealsAsync("Orion Textiles GmbH"));

        var dana = _host.Chat("pioneer-dana");
        await RegisterAsync(dana, Form("Orion Textiles", website: "orion-textiles.example", contactName: "Ana Lima"));
        await dana.SayAsync("my deals");
        await dana.SayAsync("extend Orion Textiles GmbH");
        await _host.DeliverOutboxAsync();
        var arjun = _host.Chat("rep-arjun");
        await PressAsync(arjun, await arjun.ReadAsync(), DealActions.Approve);
        await _host.DeliverOutboxAsync();

        var everything = ReadAll(await dana.ReadAsync());
        Assert.Contains("Orion Textiles", everything);
        foreach (var secret in new[] { "Acme", "Jane", "Klaus", "Met their CTO", acmeDeal.Id, "acme-integrations" })
            Assert.DoesNotContain(secret, everything, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Register_SameAccountSameOrganisation_AlreadyRegistered_NothingStored()
    {
        await RegisterAsync(_host.Chat("acme-jane"), Form("Nimbus Foods Ltd"));
        var deal = Assert.Single(await DealsAsync("Nimbus Foods Ltd"));

        var answer = await RegisterAsync(_host.Chat("acme-tom"), Form("Nimbus Foods"));

        Assert.Contains($"Nimbus Foods Ltd is already registered by your company ({deal.Id}), so I didn't register it again.", Read(answer));
        Assert.Empty(await DealsAsync("Nimbus Foods"));
    }

    [Fact]
    public async Task Register_DirectSalesAccount_GoesToReview()
    {
        var answer = await RegisterAsync(_host.Chat("acme-jane"), Form("Globex Corp"));
        Assert.Contains("is in review by your partner manager. It overlaps an existing registration or account", Read(answer));
        var deal = Assert.Single(await DealsAsync("Globex Corp"));
        Assert.Equal("da-globex", deal.ConflictingDirectAccountIds);

        await _host.DeliverOutboxAsync();
        var card = Read((await _host.Chat("rep-maya").ReadAsync())[^1]);
        Assert.Contains("Direct-sales account", card);
        Assert.Contains("Globex Corporation", card);
    }

    [Fact]
    public async Task Register_AmountAtReviewThreshold_GoesToReview()
    {
        var answer = await RegisterAsync(_host.Chat("acme-jane"), Form("Helios Energy", amount: "250000"));
        Assert.Contains("Registrations of 250,000.00 USD or more are always reviewed.", Read(answer));
        Assert.Equal("amount", Assert.Single(await DealsAsync("Helios Energy")).ReviewReason);
    }

    [Fact]
    public async Task Register_AmountJustUnderThreshold_Approved()
    {
        var answer = await RegisterAsync(_host.Chat("acme-jane"), Form("Helios Energy", amount: "249999"));
        Assert.Contains("Approved: Helios Energy", Read(answer));
    }

    [Theory]
    [InlineData("closeDate", "2026-11-22", "The close date is in the past. Choose today or a later date.")]
    [InlineData("closeDate", "2029-01-01", "The close date is more than 2 years away. Register deals expected to close sooner.")]
    [InlineData("amount", "0", "The amount must be above zero (leave it empty if you don't know it yet).")]
    [InlineData("amount", "-100", "The amount must be above zero (leave it empty if you don't know it yet).")]
    [InlineData("amount", "999999999", "That amount is above the program's maximum of 50,000,000.00 USD. Check for a typo.")]
    [InlineData("contactEmail", "jane@@acme", "Enter a valid e-mail address such as jane@tailspin.com.")]
    [InlineData("company", "X", "A company name needs at least two letters or digits.")]
    [InlineData("company", "<script>alert(1)</script>", "Plain text only: remove markup and mentions such as <!channel>, @here or HTML tags.")]
    [InlineData("notes", "<!channel> look at this", "Plain text only: remove markup and mentions such as <!channel>, @here or HTML tags.")]
    [InlineData("notes", "@here big one", "Plain text only: remove markup and mentions such as <!channel>, @here or HTML tags.")]
    public async Task Register_BadInput_ErrorOnTheField_NothingStored(string field, string value, string error)
    {
        var jane = _host.Chat("acme-jane");
        var opened = await jane.SayAsync("register a deal");
        var fields = Form("Vega Dynamics");
        fields[field] = value;

        var answer = await SubmitAsync(jane, opened[^1], fields);

        var form = answer[^1];
        Assert.Contains("field-error", form.Html);
        Assert.Contains(error, Read(form));
        Assert.Contains("Please correct the fields marked below.", Read(form));
        Assert.DoesNotContain("<script>", form.Html); // shown as text, never interpreted
        Assert.Equal(0, await _host.WithDbAsync(db => db.DealRegistrations.CountAsync(d => d.RegisteredByPersonId == "acme-jane" && d.CompanyName != "Hooli Ltd")));

        // Corrected, the same form goes through.
        var fixedAnswer = await SubmitAsync(jane, form, Form("Vega Dynamics"));
        Assert.Contains("Approved: Vega Dynamics", Read(fixedAnswer[^1]));
    }

    [Fact]
    public async Task Register_SameFormSubmittedTwice_OneRegistration()
    {
        var jane = _host.Chat("acme-jane");
        var opened = await jane.SayAsync("register a deal");

        var first = await SubmitAsync(jane, opened[^1], Form("Lyra Biotech"));
        var second = await SubmitAsync(jane, opened[^1], Form("Lyra Biotech"));

        Assert.Contains("Approved: Lyra Biotech", Read(first[^1]));
        Assert.Contains("That form is no longer open", Read(second[^1]));
        Assert.Single(await DealsAsync("Lyra Biotech"));
    }

    [Fact]
    public async Task Register_NotForStaff()
    {
        var answer = await _host.Chat("rep-maya").SayAsync("register a deal");
        Assert.Contains("That isn't available for your role.", Read(answer[1]));
    }
}
