using System.Text.Json.Nodes;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.People;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>
/// Every card the dialogs produce (help for each role, the settings form fresh and with field errors, its
/// confirmation) and a sample of each block type, checked by Microsoft's adaptivecards 3.0.6: no parse or
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

        var renderer = new AdaptiveCardRenderer(new Localizer());
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
            ], submit) { Intro = "Fill it in", Error = "Fix the fields", Cancel = new ActionRef(ActionNames.DialogCancel, submit.Data) },
            new ActionsBlock([
                new ActionButton("Approve", new ActionRef("deal.approve", new Dictionary<string, string> { ["id"] = "D-1" })) { Style = ButtonStyle.Primary },
                new ActionButton("Reject", new ActionRef("deal.reject", new Dictionary<string, string> { ["id"] = "D-1" })) { Style = ButtonStyle.Danger },
                new ActionButton("help", ActionRef.Command("help")),
            ]),
            new LinksBlock([new Link("Guide", "https://example.com/guide"), new Link("Local", "/docs")]),
            new ImageBlock("https://example.com/chart.png", "Chart"),
        ]));
        yield return ("facts only", new Reply([new FactsBlock([new Fact("a", "b")])]));
    }
}
