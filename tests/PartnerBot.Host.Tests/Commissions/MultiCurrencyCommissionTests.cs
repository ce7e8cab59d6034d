using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Commissions;
using PartnerBot.Deals;
using PartnerBot.Host.Tests.Deals;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Commissions;

/// <summary>
/// Acme (Gold implementation: 25% × 70% partner-sourced) wins one deal in USD and one in EUR in the same quarter:
/// 48,000 USD → 8,400.00 USD and 20,000 EUR → 3,500.00 EUR. Different currencies are never added (never "11,900");
/// each is paid on its own.
/// </summary>
public sealed class MultiCurrencyCommissionTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private async Task<(string Usd, string Eur)> WinInTwoCurrenciesAsync()
    {
        var jane = _host.Chat("acme-jane");
        await DealTestKit.RegisterAsync(jane, DealTestKit.Form("Northwind Brewing"));
        await DealTestKit.RegisterAsync(jane, DealTestKit.Form("Brasserie Lumière", amount: "20000", currency: "EUR"));
        var ids = await _host.WithDbAsync(db => db.DealRegistrations.Where(d => d.Status == DealStatus.Approved && d.PartnerOrganisationId == "acme")
            .ToDictionaryAsync(d => d.CompanyName, d => d.Id));
        var maya = _host.Chat("rep-maya");
        foreach (var (company, contract) in new[] { ("Northwind Brewing", "48000"), ("Brasserie Lumière", "20000") })
        {
            var form = await maya.SayAsync($"close {ids[company]}");
            await DealTestKit.SubmitAsync(maya, form[^1], new Dictionary<string, string>
            {
                ["outcome"] = "won", ["contractValue"] = contract, ["mrr"] = "", ["source"] = "PartnerSourced",
            });
        }
        var lines = await _host.WithDbAsync(db => db.CommissionLines.OrderBy(l => l.Currency).Select(l => new { l.Currency, l.Amount }).ToListAsync());
        Assert.Equal([("EUR", 3_500m), ("USD", 8_400m)], lines.Select(l => (l.Currency, l.Amount)));
        return (ids["Northwind Brewing"], ids["Brasserie Lumière"]);
    }

    private Task MakePayableAsync()
    {
        _host.Clock.Advance(TimeSpan.FromDays(30));
        return _host.Services.GetRequiredService<CommissionJob>().RunOnceAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Statement_TotalsPerCurrency_NeverAddsThem_AndSaysWhenAFigureIsConverted()
    {
        await WinInTwoCurrenciesAsync();
        var statement = DealTestKit.Read((await _host.Chat("acme-jane").SayAsync("commission"))[^1]);

        Assert.Contains("Pending 8,400.00 USD, 3,500.00 EUR", statement);
        Assert.Contains("Payable 0.00 USD, 0.00 EUR", statement);
        Assert.DoesNotContain("11,900", statement);
        // The one single figure says it is converted, and at which configured rate: 8,400 + 3,500 × 1.08 = 12,180.
        Assert.Contains("Converted to USD at the configured rates (1 EUR = 1.08 USD), for reference only: 12,180.00 USD earned in all.", statement);
        Assert.Contains("Next payout: 15 Jan 2027, about 8,400.00 USD, 3,500.00 EUR.", statement);

        // The rep's view of the same statement, and the manager's digest line of payable commission, agree.
        var rep = DealTestKit.Read((await _host.Chat("rep-maya").SayAsync("commission acme"))[^1]);
        Assert.Contains("Pending 8,400.00 USD, 3,500.00 EUR", rep);
        Assert.DoesNotContain("11,900", rep);
    }

    [Fact]
    public async Task Statement_InPolishAndChinese_WritesEachCurrencyInTheirLocale()
    {
        // Wisła's Piotr reads Polish; the same two lines, moved to Wisła, in his statement.
        await WinInTwoCurrenciesAsync();
        await _host.WithDbAsync(async db =>
        {
            await db.CommissionLines.ExecuteUpdateAsync(s => s.SetProperty(l => l.PartnerOrganisationId, "wisla"));
            return 0;
        });
        var pl = DealTestKit.Read((await _host.Chat("wisla-piotr").SayAsync("prowizja"))[^1]);
        Assert.Contains("8 400,00 USD, 3 500,00 EUR", pl);
        Assert.Contains("1 EUR = 1,08 USD", pl);
        Assert.Contains("12 180,00 USD", pl);
        Assert.Contains("15 stycznia 2027", pl);
        Assert.DoesNotContain("11 900", pl);

        await _host.WithDbAsync(async db =>
        {
            await db.CommissionLines.ExecuteUpdateAsync(s => s.SetProperty(l => l.PartnerOrganisationId, "lotus"));
            return 0;
        });
        var zh = DealTestKit.Read((await _host.Chat("lotus-wei").SayAsync("佣金"))[^1]);
        Assert.Contains("8,400.00 USD、3,500.00 EUR", zh);
        Assert.Contains("2027年1月15日", zh);
        Assert.Contains("2026年12月23日", zh);
        Assert.DoesNotContain("11,900", zh);
    }

    [Fact]
    public async Task Payout_IsPerCurrency_PayingOneLeavesTheOtherPayable()
    {
        var (usd, eur) = await WinInTwoCurrenciesAsync();
        await MakePayableAsync();
        var maya = _host.Chat("rep-maya");

        var form = await maya.SayAsync("payout acme");
        var intro = DealTestKit.Read(form[^1]);
        Assert.Contains("2 lines are payable: 8,400.00 USD, 3,500.00 EUR. Each currency is paid on its own.", intro);
        Assert.Contains("Currency paid", intro);

        // No currency chosen, a made-up one, or the sum of both: refused, nothing paid.
        var none = await DealTestKit.SubmitAsync(maya, form[^1], new Dictionary<string, string> { ["currency"] = "", ["amount"] = "8400", ["reference"] = "PO-200" });
        Assert.Contains("Choose the currency this payout was made in: EUR, USD.", DealTestKit.Read(none[^1]));
        var hostile = await DealTestKit.SubmitAsync(maya, none[^1], new Dictionary<string, string> { ["currency"] = "USD<script>", ["amount"] = "8400", ["reference"] = "PO-200" });
        Assert.Contains("Choose the currency this payout was made in", DealTestKit.Read(hostile[^1]));
        Assert.DoesNotContain("<script>", hostile[^1].Html);
        var summed = await DealTestKit.SubmitAsync(maya, hostile[^1], new Dictionary<string, string> { ["currency"] = "USD", ["amount"] = "11900", ["reference"] = "PO-200" });
        Assert.Contains("11,900.00 USD is larger than what is payable (8,400.00 USD).", DealTestKit.Read(summed[^1]));
        Assert.Equal(0, await _host.WithDbAsync(db => db.CommissionLines.CountAsync(l => l.State == CommissionState.Paid)));

        var paidUsd = await DealTestKit.SubmitAsync(maya, summed[^1], new Dictionary<string, string> { ["currency"] = "usd", ["amount"] = "8,400.00", ["reference"] = "PO-200" });
        Assert.Equal("Recorded: 8,400.00 USD paid to Acme Integrations Ltd for 1 deals. The partner has been told. Still payable: 3,500.00 EUR.",
            DealTestKit.Read(paidUsd[^1]).Trim());
        var states = await _host.WithDbAsync(db => db.CommissionLines.ToDictionaryAsync(l => l.DealId!, l => l.State));
        Assert.Equal(CommissionState.Paid, states[usd]);
        Assert.Equal(CommissionState.Payable, states[eur]);

        var statement = DealTestKit.Read((await _host.Chat("acme-jane").SayAsync("commission"))[^1]);
        Assert.Contains("Payable 0.00 USD, 3,500.00 EUR", statement);
        Assert.Contains("Paid 8,400.00 USD, 0.00 EUR", statement);

        // The other currency, paid on its own; with one currency left the form still names it.
        var again = await maya.SayAsync("payout acme");
        Assert.Contains("1 lines are payable: 3,500.00 EUR.", DealTestKit.Read(again[^1]));
        var paidEur = await DealTestKit.SubmitAsync(maya, again[^1], new Dictionary<string, string> { ["currency"] = "EUR", ["amount"] = "3500", ["reference"] = "PO-201" });
        Assert.Equal("Recorded: 3,500.00 EUR paid to Acme Integrations Ltd for 1 deals. The partner has been told.", DealTestKit.Read(paidEur[^1]).Trim());
        Assert.Contains("Nothing is payable to Acme Integrations Ltd", DealTestKit.Read((await maya.SayAsync("payout acme"))[^1]));

        await _host.DeliverOutboxAsync();
        var inbox = DealTestKit.ReadAll(await _host.Chat("acme-jane").ReadAsync());
        Assert.Contains("Paid: 8,400.00 USD for Q4 2026 (1 deals), reference PO-200.", inbox);
        Assert.Contains("Paid: 3,500.00 EUR for Q4 2026 (1 deals), reference PO-201.", inbox);
    }

    [Fact]
    public async Task Payout_TheSameReferenceInTwoCurrencies_TellsThePartnerBoth()
    {
        await WinInTwoCurrenciesAsync();
        await MakePayableAsync();
        var maya = _host.Chat("rep-maya");
        foreach (var (currency, amount) in new[] { ("EUR", "3500"), ("USD", "8400") })
        {
            var form = await maya.SayAsync("payout acme");
            await DealTestKit.SubmitAsync(maya, form[^1], new Dictionary<string, string> { ["currency"] = currency, ["amount"] = amount, ["reference"] = "WIRE-77" });
        }
        Assert.Equal(2, await _host.WithDbAsync(db => db.CommissionLines.CountAsync(l => l.State == CommissionState.Paid && l.PayoutReference == "WIRE-77")));
        await _host.DeliverOutboxAsync();
        var inbox = DealTestKit.ReadAll(await _host.Chat("acme-jane").ReadAsync());
        Assert.Contains("Paid: 3,500.00 EUR", inbox);
        Assert.Contains("Paid: 8,400.00 USD", inbox);
    }
}
