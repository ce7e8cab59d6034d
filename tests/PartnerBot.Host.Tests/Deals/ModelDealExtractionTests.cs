using PartnerBot.Deals;
using PartnerBot.Host.Tests.Knowledge;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Deals;

/// <summary>Issue 3's model path: with a model configured, it pre-fills the deal form; the form's rules still apply.</summary>
public sealed class ModelDealExtractionTests : IAsyncLifetime
{
    private FakeOpenAiServer _model = null!;
    private FakeOpenAiServer.Script _script = (_, _, _) => Task.FromResult(FakeOpenAiServer.Text("{}"));
    private TestHost? _host;

    public async Task InitializeAsync() => _model = await FakeOpenAiServer.StartAsync((i, r, ct) => _script(i, r, ct));

    public async Task DisposeAsync()
    {
        _host?.Dispose();
        await _model.DisposeAsync();
    }

    private TestHost Host() => _host = new TestHost(settings: new Dictionary<string, string?>
    {
        ["Assistant:Endpoint"] = _model.Endpoint,
        ["Assistant:ApiKey"] = "test-key",
        ["Assistant:Model"] = "fake-model",
        ["Assistant:Timeout"] = "00:00:10",
    });

    [Fact]
    public async Task Model_PrefillsTheForm_AsStructuredOutput_AndNothingIsStoredBeforeConfirmation()
    {
        _script = (_, _, _) => Task.FromResult(FakeOpenAiServer.Text(
            """{"company":"Zenith Robotics","website":null,"contactName":"Bob Stone","contactEmail":"bob@zenith-robotics.example","closeDate":"2027-01-29","amount":75000,"currency":"eur","product":null,"notes":"met at the fair"}"""));
        var chat = Host().Chat("acme-jane");

        var form = (await chat.SayAsync("register the Zenith robot people, seventy-five grand in euros, closing late January, Bob is the contact"))[^1].Html!;

        Assert.Contains("value=\"Zenith Robotics\"", form);
        Assert.Contains("value=\"bob@zenith-robotics.example\"", form);
        Assert.Contains("value=\"2027-01-29\"", form);
        Assert.Contains("value=\"75000\"", form);
        Assert.Contains("<option value=\"EUR\" selected>", form);
        var request = Assert.Single(_model.Requests);
        Assert.Equal("json_object", request["response_format"]!["type"]!.GetValue<string>());
        Assert.Contains("Today is 2026-11-23 (Monday)", request["messages"]![0]!["content"]!.ToJsonString());
        Assert.Equal(0, await _host!.WithDbAsync(db => Task.FromResult(db.DealRegistrations.Count(d => d.CompanyName == "Zenith Robotics"))));
    }

    [Fact]
    public async Task ModelValues_AreValidatedByTheFormsRules()
    {
        // The model says the deal closed last year: the form shows it, and submitting it is refused on the field.
        _script = (_, _, _) => Task.FromResult(FakeOpenAiServer.Text(
            """{"company":"Orbit Labs","contactName":"Ann Lee","closeDate":"2025-06-30","amount":5000,"currency":"USD"}"""));
        var chat = Host().Chat("acme-jane");
        var opened = await chat.SayAsync("register Orbit Labs, closed last June");
        var submitted = await DealTestKit.SubmitAsync(chat, opened[^1], DealTestKit.Form("Orbit Labs", closeDate: "2025-06-30", amount: "5000"));
        Assert.Contains("The close date is in the past.", DealTestKit.Read(submitted[^1]));
        Assert.Equal(0, await _host!.WithDbAsync(db => Task.FromResult(db.DealRegistrations.Count(d => d.CompanyName == "Orbit Labs"))));
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("""{"company":null,"amount":"lots"}""")]
    public async Task ModelNonsense_FallsBackToOurOwnParser(string answer)
    {
        _script = (_, _, _) => Task.FromResult(FakeOpenAiServer.Text(answer));
        var form = (await Host().Chat("acme-jane").SayAsync("register Acme Corp, about $40k, closing end of next month, contact jane@acme.com"))[^1].Html!;
        Assert.Contains("value=\"Acme Corp\"", form);
        Assert.Contains("value=\"40000\"", form);
        Assert.Contains("value=\"2026-12-31\"", form);
        Assert.Contains("value=\"jane@acme.com\"", form);
    }

    [Fact]
    public void Parse_KeepsOnlyWhatFitsTheDraft()
    {
        var d = ModelDealTextExtractor.Parse("""{"company":" Nimbus ","closeDate":"31/12/2026","amount":"12k","currency":"dollars"}""")!;
        Assert.Equal(("Nimbus", (DateOnly?)null, (decimal?)null, (string?)null), (d.Company, d.CloseDate, d.Amount, d.Currency));
        Assert.Null(ModelDealTextExtractor.Parse("[1,2]"));
    }
}
