using System.Text.Json.Nodes;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.People;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>
/// Every card the dialogs produce (help for each role, the settings form fresh and with field errors, its
/// confirmation, the deal registration and review cards) and a sample of each block type, checked by Microsoft's adaptivecards 3.0.6: no parse or
/// validation events, and every Action.Execute has a verb.
/// </summary>
public sealed class AdaptiveCardPeerTests : IAsyncLifetime
{
    private FakeBotFramework _fake = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _host = TeamsHost.Create(_fake);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _fake.DisposeAsync();
    }

    [PeerFact("node", "npm:adaptivecards")]
    public async Task EveryDialogCard_HasNoValidationEvents()
    {
        var cards = new JsonArray();
        foreach (var (aad, name) in new[] { (Demo.TomAad, "partner"), (Demo.MayaAad, "rep"), ("00000000-0000-4000-8000-0000000000b1", "manager"), ("00000000-0000-4000-8000-0000000000c1", "admin") })
        {
            await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help", aad: aad, conversationId: $"a:{name}"));
            Collect(cards, $"help ({name})");
            await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "settings", aad: aad, conversationId: $"a:{name}"));
            var form = Collect(cards, $"settings form ({name})");
            var value = SaveData(form);
            value["timeZone"] = "Mars/Olympus";
            value["digestHour"] = "99";
            await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "", aad: aad, conversationId: $"a:{name}", value: value));
            var withErrors = Collect(cards, $"settings form with field errors ({name})");
            Assert.Contains("Mars/Olympus", withErrors.ToJsonString());
            var good = SaveData(withErrors);
            good["timeZone"] = "Europe/Warsaw";
            good["digestHour"] = "8";
            await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "", aad: aad, conversationId: $"a:{name}", value: good));
            Collect(cards, $"settings saved ({name})");
        }

        await CollectDealCardsAsync(cards);

        var renderer = new AdaptiveCardRenderer(new Localizer(typeof(AdaptiveCardRenderer).Assembly));
        foreach (var (label, reply) in Samples())
            foreach (var lang in Languages.All)
                cards.Add(new JsonObject { ["name"] = $"{label} ({lang})", ["card"] = renderer.Render(reply, lang) });

        var file = Path.Combine(Path.GetTempPath(), $"partnerbot-cards-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, cards.ToJsonString());
        try
        {
            var (exit, output) = await NodePeer.RunAsync("validate-adaptive-cards.js", file);
            Assert.True(exit == 0, output);
            Assert.Contains($"{{\"cards\":{cards.Count},\"withEvents\":0}}", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [PeerFact("node", "npm:adaptivecards")]
    public async Task Validator_FlagsABrokenCard()
    {
        // The check itself must be able to fail: a duplicate id and an Action.Execute without a verb.
        var broken = new JsonArray(new JsonObject
        {
            ["name"] = "broken",
            ["card"] = JsonNode.Parse("""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"Input.Text","id":"a","label":"A"},{"type":"Input.Text","id":"a","label":"B"},{"type":"ActionSet","actions":[{"type":"Action.Execute","title":"Go"}]}]}"""),
        });
        var file = Path.Combine(Path.GetTempPath(), $"partnerbot-cards-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, broken.ToJsonString());
        try
        {
            var (exit, output) = await NodePeer.RunAsync("validate-adaptive-cards.js", file);
            Assert.Equal(1, exit);
            Assert.Contains("DuplicateId", output);
            Assert.Contains("ActionExecuteWithoutVerb", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Deal registration: the form fresh and with field errors, the in-review answer; a second partner's overlapping
    /// registration; the rep's review cards (a direct-sales account on one, an earlier registration on the other),
    /// approve and reject through Action.Execute, the reason form with and without its error, the partners' outcomes,
    /// and the lists. The people already have their 1:1 chats from the help round above (Tom a:partner, Maya a:rep).
    /// </summary>
    private async Task CollectDealCardsAsync(JsonArray cards)
    {
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "register a deal", conversationId: "a:partner"));
        var form = Collect(cards, "deal form");
        var bad = SaveData(form);
        bad["company"] = "X";
        bad["closeDate"] = "2020-01-01";
        bad["amount"] = "-5";
        bad["contactEmail"] = "jane@@acme";
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "", conversationId: "a:partner", value: bad));
        var withErrors = Collect(cards, "deal form with field errors");
        Assert.Contains("A company name needs at least two letters or digits.", withErrors.ToJsonString());
        var good = SaveData(withErrors);
        good["company"] = "Globex Corp";
        good["closeDate"] = "2027-01-31";
        good["amount"] = "300000";
        good["contactEmail"] = "";
        good["contactName"] = "Hank Scorpio";
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "", conversationId: "a:partner", value: good));
        Assert.Contains("is in review by your partner manager", Collect(cards, "deal in review").ToJsonString());

        // Lena (Borealis, also Maya's) registers the account Acme registered earlier (samples/demo-program/deals.json).
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "register a deal", aad: Demo.LenaAad, name: "Lena Vogel", conversationId: "a:lena"));
        var lena = SaveData(_fake.Sent().Last().Activity["attachments"]![0]!["content"]!);
        lena["company"] = "Hooli Ltd";
        lena["closeDate"] = "2027-01-31";
        lena["contactName"] = "Gavin Belson";
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "", aad: Demo.LenaAad, name: "Lena Vogel", conversationId: "a:lena", value: lena));

        var before = _fake.Sent().Count;
        await _host.DeliverOutboxAsync();
        var toMaya = _fake.Sent().Skip(before).Where(s => s.Path.Contains("/a%3Arep/", StringComparison.Ordinal)).Select(s => s.Activity["attachments"]![0]!["content"]!).ToList();
        var globex = toMaya.Single(c => c.ToJsonString().Contains("Globex Corp", StringComparison.Ordinal));
        Assert.Contains("Direct-sales account", globex.ToJsonString());
        cards.Add(new JsonObject { ["name"] = "rep review card (direct-sales account)", ["card"] = globex.DeepClone() });
        var hooli = toMaya.Single(c => c.ToJsonString().Contains("Hooli Ltd", StringComparison.Ordinal));
        Assert.Contains("Registered earlier", hooli.ToJsonString());
        cards.Add(new JsonObject { ["name"] = "rep review card (earlier registration)", ["card"] = hooli.DeepClone() });

        var approved = await ExecuteAsync(FindExecute(globex, "Approve"));
        Assert.Contains("The partner has been told.", approved.ToJsonString());
        cards.Add(new JsonObject { ["name"] = "approved (invoke answer)", ["card"] = approved });
        var reasonForm = await ExecuteAsync(FindExecute(hooli, "Reject"));
        cards.Add(new JsonObject { ["name"] = "reject reason form (invoke answer)", ["card"] = reasonForm.DeepClone() });
        var empty = SaveData(reasonForm);
        empty["reason"] = "";
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "", aad: Demo.MayaAad, name: "Maya Lindqvist", conversationId: "a:rep", value: empty));
        var reasonErrors = Collect(cards, "reject reason form with field error");
        Assert.Contains("Give a reason.", reasonErrors.ToJsonString());
        var reason = SaveData(reasonErrors);
        reason["reason"] = "Another partner registered this account first."; // naming Acme would be refused (the partner must not learn who)
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "", aad: Demo.MayaAad, name: "Maya Lindqvist", conversationId: "a:rep", value: reason));
        // A reply of plain text goes out as a text message (no card to check).
        Assert.Contains("Rejected Hooli Ltd", FakeBotFramework.TextOf(_fake.Sent().Last().Activity));

        before = _fake.Sent().Count;
        await _host.DeliverOutboxAsync();
        // New messages are POSTed to .../activities; the rep's two review cards are rewritten in place (PUT .../activities/{id}).
        var told = _fake.Sent().Skip(before).Where(s => s.Path.EndsWith("/activities", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, told.Count);
        foreach (var (path, activity) in told)
            if (activity["attachments"]?[0]?["content"] is { } card)
                cards.Add(new JsonObject { ["name"] = $"partner told the outcome ({path})", ["card"] = card.DeepClone() });
        var rewritten = _fake.Sent().Skip(before).Where(s => !s.Path.EndsWith("/activities", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rewritten.Count);
        foreach (var (path, activity) in rewritten)
            cards.Add(new JsonObject { ["name"] = $"rep review card rewritten after the decision ({path})", ["card"] = activity["attachments"]![0]!["content"]!.DeepClone() });

        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "my deals", conversationId: "a:partner"));
        Assert.Contains("Globex Corp", Collect(cards, "my deals").ToJsonString());
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "review queue", aad: Demo.MayaAad, name: "Maya Lindqvist", conversationId: "a:rep"));
        Collect(cards, "review queue");
    }

    private static JsonNode FindExecute(JsonNode card, string title)
    {
        var button = card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "ActionSet")
            .SelectMany(s => s!["actions"]!.AsArray()).First(a => a!["title"]!.GetValue<string>() == title)!;
        Assert.Equal("Action.Execute", button["type"]!.GetValue<string>());
        return button;
    }

    /// <summary>Maya presses an Action.Execute button; the invoke's answer is the card that replaces it.</summary>
    private async Task<JsonNode> ExecuteAsync(JsonNode button)
    {
        var response = await _host.PostAsync(Demo.Execute(_fake.ServiceUrl, button["verb"]!.GetValue<string>(), button["data"]!.DeepClone().AsObject(), conversationId: "a:rep"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(body["type"]?.GetValue<string>() == AdaptiveCardInvokeResponse.CardType, body.ToJsonString());
        return body["value"]!.DeepClone();
    }

    private JsonNode Collect(JsonArray cards, string name)
    {
        var card = _fake.Sent().Last().Activity["attachments"]![0]!["content"]!;
        cards.Add(new JsonObject { ["name"] = name, ["card"] = card.DeepClone() });
        return card;
    }

    private static JsonObject SaveData(JsonNode card)
    {
        var save = card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "ActionSet")
            .SelectMany(s => s!["actions"]!.AsArray()).First(a => a!["data"]!["pb.action"]!.GetValue<string>() == ActionNames.DialogSubmit)!;
        var value = save["data"]!.DeepClone().AsObject();
        // What Teams would merge in from the inputs as they stand.
        foreach (var input in card["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal)))
            value[input!["id"]!.GetValue<string>()] = input["value"]?.ToString() ?? "";
        return value;
    }

    private static IEnumerable<(string, Reply)> Samples()
    {
        var submit = new ActionRef(ActionNames.DialogSubmit, new Dictionary<string, string> { ["dialog"] = "d1" });
        yield return ("every block", new Reply([
            new TextBlock("Heading *with* [markdown] chars", TextStyle.Heading),
            new TextBlock("Plain\nsecond line"),
            new TextBlock("A note", TextStyle.Note),
            new TextBlock("A warning", TextStyle.Warning),
            new TextBlock("Done", TextStyle.Success),
            new FactsBlock([new Fact("Tier", "Gold"), new Fact("Since", "2024-03-01")]) { Title = "Acme" },
            new FormBlock("Every field", [
                new FormField("t", "Text", FieldKind.Text) { Required = true, Placeholder = "type", Hint = "a hint" },
                new FormField("l", "Long text", FieldKind.LongText) { MaxLength = 2000 },
                new FormField("n", "Number", FieldKind.Number) { Min = 0, Max = 10, Value = "3.5", Error = "Too big." },
                new FormField("d", "Date", FieldKind.Date) { Required = true, Value = "2027-01-31" },
                new FormField("c", "Choice", FieldKind.Choice) { Choices = [new Choice("", "Any"), new Choice("a", "A")], Value = "a" },
                new FormField("e", "Email", FieldKind.Email),
                new FormField("u", "Url", FieldKind.Url),
            ], submit) { SubmitLabel = "Submit", CancelLabel = "Cancel", Intro = "Fill it in", Error = "Fix the fields", Cancel = new ActionRef(ActionNames.DialogCancel, submit.Data) },
            new ActionsBlock([
                new ActionButton("Approve", new ActionRef("deal.approve", new Dictionary<string, string> { ["id"] = "D-1" })) { Style = ButtonStyle.Primary },
                new ActionButton("Reject", new ActionRef("deal.reject", new Dictionary<string, string> { ["id"] = "D-1" })) { Style = ButtonStyle.Danger },
                new ActionButton("help", ActionRef.Command("help")),
            ]),
            new LinksBlock([new Link("Guide", "https://example.com/guide"), new Link("Local", "/docs")]),
            new ImageBlock("https://example.com/chart.png", "Chart"),
            new ListBlock(["First *item*", "Second [item]"]),
            new ListBlock(["One", "Two"], Ordered: true),
            new TableBlock(["Partner type", "Bronze", "Gold"], [["Referral", "15%", "25%"], ["MSP | <b>", "10%", ""]]),
        ]));
        yield return ("facts only", new Reply([new FactsBlock([new Fact("a", "b")])]));
    }
}
