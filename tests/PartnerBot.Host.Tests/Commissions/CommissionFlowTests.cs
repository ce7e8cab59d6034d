using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Commissions;
using PartnerBot.Deals;
using PartnerBot.Host.Tests.Deals;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Commissions;

/// <summary>Issue 7 through the web chat: close → pending → payable → payout → the partner is told; nobody else sees it.</summary>
public sealed class CommissionFlowTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private Task<string> RegisterApprovedAsync(string person, string company) => DealTestKit.RegisterApprovedAsync(_host, person, company);

    private Task<List<ChatMessage>> CloseWonAsync(string rep, string dealId, string contract, string source = "PartnerSourced", string mrr = "") =>
        DealTestKit.CloseWonAsync(_host, rep, dealId, contract, source, mrr);

    private Task RunJobAsync() => _host.Services.GetRequiredService<CommissionJob>().RunOnceAsync(CancellationToken.None);

    [Fact]
    public async Task CloseWon_Pending_ThenPayable_ThenPayout_PartnerNotified_OtherPartnerSeesNothing()
    {
        var id = await RegisterApprovedAsync("acme-jane", "Northwind Brewing");

        // The rep closes it won: Acme is a Gold implementation partner, 25% × 70%.
        var closed = await CloseWonAsync("rep-maya", id, "48000");
        Assert.Equal("Northwind Brewing is closed won. Commission: 8,400.00 USD, payable from 23 Dec 2026. The partner has been told.",
            DealTestKit.Read(closed[^1]).Trim());

        var jane = _host.Chat("acme-jane");
        var statement = DealTestKit.Read((await jane.SayAsync("commission"))[^1]);
        Assert.Contains("Commission statement: Acme Integrations Ltd, Q4 2026", statement);
        Assert.Contains("Pending 8,400.00 USD", statement);
        Assert.Contains($"{id} · Northwind Brewing 8,400.00 USD · Pending · payable from 23 Dec 2026", statement);
        Assert.Contains("Next payout: 15 Jan 2027, about 8,400.00 USD.", statement);

        var explained = DealTestKit.Read((await jane.SayAsync($"commission {id}"))[^1]);
        Assert.Contains("contract 48,000.00 USD × Gold implementation rate 25% × partner-sourced share 70% = 8,400.00 USD, payable from 23 Dec 2026", explained);

        // After the 30-day hold the job makes it payable.
        _host.Clock.Advance(TimeSpan.FromDays(29));
        await RunJobAsync();
        Assert.Contains("Pending 8,400.00 USD", DealTestKit.Read((await jane.SayAsync("commission"))[^1]));
        _host.Clock.Advance(TimeSpan.FromDays(1));
        await RunJobAsync();
        Assert.Contains("Payable 8,400.00 USD", DealTestKit.Read((await jane.SayAsync("commission"))[^1]));

        // A payout larger than what is payable is refused; the exact amount is recorded.
        var maya = _host.Chat("rep-maya");
        var form = await maya.SayAsync("payout acme");
        Assert.Contains("1 lines are payable: 8,400.00 USD. Each currency is paid on its own.", DealTestKit.Read(form[^1]));
        var tooMuch = await DealTestKit.SubmitAsync(maya, form[^1], new Dictionary<string, string> { ["amount"] = "9000", ["reference"] = "PO-118" });
        Assert.Contains("9,000.00 USD is larger than what is payable (8,400.00 USD).", DealTestKit.Read(tooMuch[^1]));
        Assert.Equal(0, await _host.WithDbAsync(db => db.CommissionLines.CountAsync(l => l.State == CommissionState.Paid)));
        var paid = await DealTestKit.SubmitAsync(maya, tooMuch[^1], new Dictionary<string, string> { ["amount"] = "8400", ["reference"] = "PO-118" });
        Assert.Equal("Recorded: 8,400.00 USD paid to Acme Integrations Ltd for 1 deals. The partner has been told.", DealTestKit.Read(paid[^1]).Trim());

        await _host.DeliverOutboxAsync();
        var inbox = DealTestKit.ReadAll(await jane.ReadAsync());
        Assert.Contains($"Northwind Brewing ({id}) is won. Your commission: 8,400.00 USD, payable from 23 Dec 2026.", inbox);
        Assert.Contains("Paid: 8,400.00 USD for Q4 2026 (1 deals), reference PO-118.", inbox);
        Assert.Contains("Paid 8,400.00 USD", DealTestKit.Read((await jane.SayAsync("commission"))[^1]));

        // Another partner: not found, no hint; their own statement is a clear zero; nothing in their inbox.
        var lena = _host.Chat("borealis-lena");
        Assert.Contains($"I can't find commission for \"{id}\"", DealTestKit.Read((await lena.SayAsync($"commission {id}"))[^1]));
        Assert.Contains("No deals were won in Q4 2026, so there is no commission for it: 0.", DealTestKit.Read((await lena.SayAsync("commission"))[^1]));
        Assert.DoesNotContain("Northwind", DealTestKit.ReadAll(await lena.ReadAsync()));
    }

    [Fact]
    public async Task DirectSourcedMsp_UsesMonthlyRevenueAndTheThirtyPercentShare()
    {
        var id = await RegisterApprovedAsync("kedai-aisyah", "Syarikat Awan Biru");
        await CloseWonAsync("rep-arjun", id, "36000", "DirectSourced", "1000");
        var line = await _host.WithDbAsync(db => db.CommissionLines.SingleAsync(l => l.DealId == id));
        Assert.Equal((360m, 12, 12_000m), (line.Amount, line.Months!.Value, line.Base)); // 1,000 × 12 × 10% (Bronze MSP) × 30%
    }

    [Fact]
    public async Task BadInput_ClearMessages_NothingStored()
    {
        var id = await RegisterApprovedAsync("acme-jane", "Harbour Logistics");
        var maya = _host.Chat("rep-maya");

        var form = await maya.SayAsync($"close {id}");
        var negative = await DealTestKit.SubmitAsync(maya, form[^1], new Dictionary<string, string> { ["outcome"] = "won", ["contractValue"] = "-5", ["source"] = "PartnerSourced" });
        Assert.Contains("Enter the contract value: a number above 0.", DealTestKit.Read(negative[^1]));
        var missing = await DealTestKit.SubmitAsync(maya, negative[^1], new Dictionary<string, string> { ["outcome"] = "won", ["contractValue"] = "", ["source"] = "PartnerSourced" });
        Assert.Contains("Enter the contract value: a number above 0.", DealTestKit.Read(missing[^1]));
        Assert.Equal(0, await _host.WithDbAsync(db => db.CommissionLines.CountAsync()));
        Assert.Equal(DealStatus.Approved, await _host.WithDbAsync(db => db.DealRegistrations.Where(d => d.Id == id).Select(d => d.Status).SingleAsync()));

        // Another rep's partner's deal: not found. A partner cannot close deals at all.
        Assert.Contains($"I can't find a deal \"{id}\"", DealTestKit.Read((await _host.Chat("rep-arjun").SayAsync($"close {id}"))[^1]));
        Assert.Contains("That isn't available for your role.", DealTestKit.ReadAll(await _host.Chat("acme-jane").SayAsync($"close {id}")));
        // Nothing payable yet.
        Assert.Contains("Nothing is payable to Acme Integrations Ltd for Q4 2026 yet.", DealTestKit.Read((await maya.SayAsync("payout acme"))[^1]));
        Assert.Contains("\"next year\" is not a period I understand.", DealTestKit.Read((await _host.Chat("acme-jane").SayAsync("commission next year"))[^1]));
    }

    [Fact]
    public async Task CancelledWithinTheWindow_IsClawedBack_AfterIt_Stands()
    {
        var first = await RegisterApprovedAsync("acme-jane", "Cobalt Mining");
        var second = await RegisterApprovedAsync("acme-jane", "Delta Farms");
        await CloseWonAsync("rep-maya", first, "10000");
        await CloseWonAsync("rep-maya", second, "10000");

        _host.Clock.Advance(TimeSpan.FromDays(90));
        Assert.Contains("The commission on Cobalt Mining", DealTestKit.Read((await _host.Chat("rep-maya").SayAsync($"cancel deal {first}"))[^1]));
        _host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Contains("The clawback window ended on", DealTestKit.Read((await _host.Chat("rep-maya").SayAsync($"cancel deal {second}"))[^1]));
        var states = await _host.WithDbAsync(db => db.CommissionLines.OrderBy(l => l.CompanyName).Select(l => l.State).ToListAsync());
        Assert.Equal([CommissionState.ClawedBack, CommissionState.Pending], states);
    }
}
