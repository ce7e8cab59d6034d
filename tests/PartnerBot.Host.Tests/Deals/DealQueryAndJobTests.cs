using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Deals;
using PartnerBot.Testing;
using static PartnerBot.Host.Tests.Deals.DealTestKit;

namespace PartnerBot.Host.Tests.Deals;

/// <summary>"my deals", "review queue", "extend", and the reminder/expiry job on a fake clock.</summary>
public sealed class DealQueryAndJobTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private Task<DealRegistration> DealAsync(string id) =>
        _host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().FirstAsync(d => d.Id == id));

    [Fact]
    public async Task MyDeals_PartnerSeesOnlyOwnOrganisation_WithDaysLeft()
    {
        await RegisterAsync(_host.Chat("pioneer-dana"), Form("Altair Optics"));

        var text = Read((await _host.Chat("acme-tom").SayAsync("my deals"))[^1]);

        Assert.Contains("Hooli Ltd · Approved", text); // registered by Jane, same organisation
        Assert.Contains("48,000.00 GBP", text);
        Assert.Contains("Protected until 22 Jan 2027", text);
        Assert.Contains("Days left 60", text);
        Assert.DoesNotContain("Altair", text);
        Assert.DoesNotContain("Stark", text);
        Assert.DoesNotContain("Vandelay", text);
    }

    [Fact]
    public async Task MyDeals_NothingYet_SaysHowToStart()
    {
        await _host.WithDbAsync(async db => await db.DealRegistrations.Where(d => d.PartnerOrganisationId == "acme").ExecuteDeleteAsync());
        var text = Read((await _host.Chat("acme-jane").SayAsync("my deals"))[^1]);
        Assert.Contains("No registrations yet. Type \"register a deal\" to add one.", text);
    }

    [Fact]
    public async Task ReviewQueue_Rep_SeesOwnPartnersOnly_OldestFirst_WithAge()
    {
        await RegisterAsync(_host.Chat("borealis-lena"), Form("Sirius Shipping", amount: "400000"));

        var text = Read((await _host.Chat("rep-maya").SayAsync("review queue"))[^1]);

        Assert.Contains("Waiting for review (2), oldest first", text);
        var wisla = text.IndexOf("Kraków Logistyka S.A.", StringComparison.Ordinal);
        var sirius = text.IndexOf("Sirius Shipping", StringComparison.Ordinal);
        Assert.True(wisla >= 0 && sirius > wisla, text);
        Assert.Contains("Waiting 1 d", text);
        Assert.Contains("Waiting 0 h", text);
        Assert.DoesNotContain("Contoso", text); // Kedai belongs to Arjun
    }

    [Fact]
    public async Task ReviewQueue_Manager_SeesAll()
    {
        var text = Read((await _host.Chat("mgr-helena").SayAsync("review queue"))[^1]);
        Assert.Contains("Kraków Logistyka S.A.", text);
        Assert.Contains("Contoso Malaysia Sdn. Bhd.", text);
    }

    [Fact]
    public async Task ReviewQueue_NotForPartners()
    {
        var answer = await _host.Chat("acme-jane").SayAsync("review queue");
        Assert.Contains("That isn't available for your role.", Read(answer[1]));
    }

    [Fact]
    public async Task ReviewQueue_OtherRepCannotPressTheButtons()
    {
        var queue = await _host.Chat("mgr-helena").SayAsync("review queue");
        var arjun = _host.Chat("rep-arjun");
        // Arjun presses approve on Wisła's registration (Maya's partner): refused, nothing changes.
        var data = WebChatClient.ActionData(queue[^1].Html!, DealActions.Approve);
        data["deal"] = "DR-DEMO0WISL1";
        var answer = await arjun.ActAsync(DealActions.Approve, data);
        Assert.Contains("That registration isn't one you can review.", Read(answer[^1]));
        Assert.Equal(DealStatus.InReview, (await DealAsync("DR-DEMO0WISL1")).Status);
    }

    [Fact]
    public async Task Extend_Once_RepApproves_AddsExtensionDays_SecondRefused()
    {
        var jane = _host.Chat("acme-jane");
        var before = await DealAsync("DR-DEMO0ACME1");
        var form = await jane.SayAsync("extend DR-DEMO0ACME1");
        Assert.Contains("Ask once for 60 more days of protection for Hooli Ltd", Read(form[^1]));

        var requested = await SubmitAsync(jane, form[^1], new Dictionary<string, string> { ["reason"] = "Procurement moved the decision to February." });
        Assert.Contains("Extension for Hooli Ltd (DR-DEMO0ACME1) requested.", Read(requested[^1]));
        Assert.Contains("An extension for Hooli Ltd (DR-DEMO0ACME1) is already waiting for review.", Read((await jane.SayAsync("extend Hooli Ltd"))[^1]));

        await _host.DeliverOutboxAsync();
        var maya = _host.Chat("rep-maya");
        var inbox = await maya.ReadAsync();
        Assert.Contains("Extension request: Acme Integrations Ltd asks 60 more days for Hooli Ltd", Read(inbox[^1]));
        var done = await PressAsync(maya, inbox, DealActions.ExtensionApprove);
        Assert.Contains("Extension approved for Hooli Ltd", Read(done[^1]));

        var after = await DealAsync("DR-DEMO0ACME1");
        Assert.Equal(before.ProtectedUntil!.Value.AddDays(60), after.ProtectedUntil);
        Assert.Equal(1, after.ExtensionsUsed);
        Assert.Equal(ExtensionStatus.Approved, after.ExtensionStatus);

        await _host.DeliverOutboxAsync();
        Assert.Contains("Your extension for Hooli Ltd is approved: it is now protected until 23 Mar 2027.", Read((await jane.ReadAsync())[^1]));
        Assert.Contains("Hooli Ltd (DR-DEMO0ACME1) has already used its extension.", Read((await jane.SayAsync("extend DR-DEMO0ACME1"))[^1]));
    }

    [Fact]
    public async Task Extend_UnknownDeal_OffersOwnApprovedOnes()
    {
        var text = Read((await _host.Chat("acme-jane").SayAsync("extend Nothing Here"))[^1]);
        Assert.Contains("I can't find a registration of your company called \"Nothing Here\".", text);
        Assert.Contains("Hooli Ltd (DR-DEMO0ACME1)", text);
    }

    [Fact]
    public async Task Job_RemindsAt14And3DaysOnce_ThenExpires()
    {
        var job = _host.Services.GetRequiredService<DealReminderJob>();
        var deal = await DealAsync("DR-DEMO0ACME1"); // protected until 22 Jan 2027
        var until = deal.ProtectedUntil!.Value;
        Task<List<string?>> KeysAsync() => _host.WithDbAsync(db => db.Outbox.Where(m => m.DedupeKey!.Contains("DR-DEMO0ACME1"))
            .Select(m => m.DedupeKey).ToListAsync());
        void SetDay(DateOnly day) => _host.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));

        SetDay(until.AddDays(-15));
        await job.RunOnceAsync(CancellationToken.None);
        Assert.Empty(await KeysAsync());

        SetDay(until.AddDays(-14));
        await job.RunOnceAsync(CancellationToken.None);
        await job.RunOnceAsync(CancellationToken.None);
        Assert.Equal(["deal-reminder:DR-DEMO0ACME1:2027-01-22:14"], await KeysAsync());

        SetDay(until.AddDays(-3));
        await job.RunOnceAsync(CancellationToken.None);
        SetDay(until);
        await job.RunOnceAsync(CancellationToken.None);
        Assert.Equal(2, (await KeysAsync()).Count);
        Assert.Equal(DealStatus.Approved, (await DealAsync("DR-DEMO0ACME1")).Status);

        SetDay(until.AddDays(1));
        await job.RunOnceAsync(CancellationToken.None);
        Assert.Equal(DealStatus.Expired, (await DealAsync("DR-DEMO0ACME1")).Status);
        Assert.Equal(3, (await KeysAsync()).Count);

        await _host.DeliverOutboxAsync();
        var inbox = ReadAll(await _host.Chat("acme-jane").ReadAsync());
        Assert.Contains("Reminder: protection for Hooli Ltd ends on 22 Jan 2027 (14 days left).", inbox);
        Assert.Contains("Reminder: protection for Hooli Ltd ends on 22 Jan 2027 (3 days left).", inbox);
        Assert.Contains("Your registration of Hooli Ltd expired: its protection ended on 22 Jan 2027.", inbox);
        var audit = await _host.WithDbAsync(db => db.AuditLog.Where(a => a.EntityId == "DR-DEMO0ACME1" && a.Action == "Modified").ToListAsync());
        Assert.All(audit, a => Assert.Equal("system", a.ActorId));
        Assert.Contains(audit, a => a.Changes.Contains("Expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Expired_NoLongerConflicts_NewPartnerApproved()
    {
        var job = _host.Services.GetRequiredService<DealReminderJob>();
        _host.Clock.Advance(TimeSpan.FromDays(61)); // Hooli's protection (60 days left) has run out
        await job.RunOnceAsync(CancellationToken.None);

        var answer = await RegisterAsync(_host.Chat("pioneer-dana"), Form("Hooli Limited", closeDate: "2027-03-01"));
        Assert.Contains("Approved: Hooli Limited", Read(answer));
    }
}
