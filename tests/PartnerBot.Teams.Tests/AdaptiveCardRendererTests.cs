using System.Text.Json.Nodes;
using PartnerBot.Conversations;
using PartnerBot.Localization;

namespace PartnerBot.Teams.Tests;

public sealed class AdaptiveCardRendererTests
{
    private readonly AdaptiveCardRenderer _renderer = new(new Localizer(typeof(AdaptiveCardRenderer).Assembly));

    private JsonObject Render(params Block[] blocks) => _renderer.Render(new Reply(blocks), "en");

    private static JsonArray Body(JsonObject card) => card["body"]!.AsArray();

    [Fact]
    public void Card_IsVersion15()
    {
        var card = Render(new TextBlock("hi", TextStyle.Heading));
        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        Assert.Equal("Bolder", Body(card)[0]!["weight"]!.GetValue<string>());
    }

    [Fact]
    public void PlainTextOnly_BecomesPlainTextMessage()
    {
        var activity = _renderer.ToActivity(Reply.Text("Hello *world*"), "en");
        Assert.Equal("Hello *world*", activity.Text);
        Assert.Equal("plain", activity.TextFormat);
        Assert.Null(activity.Attachments);
    }

    [Theory]
    [InlineData("5 * 3 = 15", "5 \\* 3 = 15")]
    [InlineData("[click](javascript:x)", "\\[click\\](javascript:x)")]
    [InlineData("- not a list", "\\- not a list")]
    [InlineData("1. not a list", "1\\. not a list")]
    [InlineData("snake_case <b>", "snake\\_case \\<b\\>")]
    [InlineData("Zażółć 你好", "Zażółć 你好")]
    public void Escape_MakesMarkdownLiteral(string text, string expected) =>
        Assert.Equal(expected, AdaptiveCardRenderer.Escape(text));

    [Fact]
    public void Facts_BecomeFactSetWithTitle()
    {
        var body = Body(Render(new FactsBlock([new Fact("Tier", "Gold")]) { Title = "Acme" }));
        Assert.Equal("Acme", body[0]!["text"]!.GetValue<string>());
        Assert.Equal("FactSet", body[1]!["type"]!.GetValue<string>());
        Assert.Equal("Tier", body[1]!["facts"]![0]!["title"]!.GetValue<string>());
        Assert.Equal("Gold", body[1]!["facts"]![0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Form_InputsCarryLabelRequiredAndErrorMessage()
    {
        var submit = new ActionRef(ActionNames.DialogSubmit, new Dictionary<string, string> { ["dialog"] = "d1" });
        var form = new FormBlock("Register", [
            new FormField("company", "Company", FieldKind.Text) { Required = true, MaxLength = 200, Value = "Contoso" },
            new FormField("amount", "Amount", FieldKind.Number) { Required = true, Min = 0, Value = "1200.50", Error = "Too small." },
            new FormField("close", "Close date", FieldKind.Date) { Value = "2027-01-31" },
            new FormField("notes", "Notes", FieldKind.LongText),
            new FormField("product", "Product", FieldKind.Choice) { Required = true, Choices = [new Choice("core", "Core"), new Choice("plus", "Plus")], Value = "plus" },
        ], submit) { SubmitLabel = "Submit", CancelLabel = "Cancel", Cancel = new ActionRef(ActionNames.DialogCancel, new Dictionary<string, string> { ["dialog"] = "d1" }) };
        var body = Body(Render(form));
        var inputs = body.Where(e => e!["type"]!.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal)).ToList();

        Assert.Equal(["Input.Text", "Input.Number", "Input.Date", "Input.Text", "Input.ChoiceSet"], inputs.Select(i => i!["type"]!.GetValue<string>()));
        Assert.All(inputs, i => Assert.NotNull(i!["label"]));
        Assert.True(inputs[0]!["isRequired"]!.GetValue<bool>());
        Assert.Equal("This field is required.", inputs[0]!["errorMessage"]!.GetValue<string>());
        Assert.Equal(200, inputs[0]!["maxLength"]!.GetValue<int>());
        Assert.Equal("Too small.", inputs[1]!["errorMessage"]!.GetValue<string>());
        Assert.Equal(1200.50m, inputs[1]!["value"]!.GetValue<decimal>());
        Assert.Equal("2027-01-31", inputs[2]!["value"]!.GetValue<string>());
        Assert.True(inputs[3]!["isMultiline"]!.GetValue<bool>());
        Assert.Equal("plus", inputs[4]!["value"]!.GetValue<string>());
        Assert.Equal("Pick one of the options.", inputs[4]!["errorMessage"]!.GetValue<string>());
        // The field's error is also shown under it, where every client draws it.
        Assert.Contains(body, e => e!["type"]!.GetValue<string>() == "TextBlock" && e["text"]!.GetValue<string>() == "Too small." && e["color"]!.GetValue<string>() == "Attention");

        var actions = body.Last()!["actions"]!.AsArray();
        Assert.Equal("Action.Submit", actions[0]!["type"]!.GetValue<string>());
        Assert.Equal("positive", actions[0]!["style"]!.GetValue<string>());
        Assert.Equal("dialog.submit", actions[0]!["data"]!["pb.action"]!.GetValue<string>());
        Assert.Equal("d1", actions[0]!["data"]!["dialog"]!.GetValue<string>());
        Assert.Equal("none", actions[1]!["associatedInputs"]!.GetValue<string>());
    }

    [Fact]
    public void LongButtonRow_IsSplitIntoSetsOfFive_KeepingTheOrder()
    {
        var buttons = Enumerable.Range(1, 7).Select(i => new ActionButton($"b{i}", ActionRef.Command($"c{i}"))).ToList();
        var body = Body(Render(new ActionsBlock(buttons)));

        Assert.Equal(2, body.Count);
        Assert.Equal(["b1", "b2", "b3", "b4", "b5"], body[0]!["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()));
        Assert.Equal(["b6", "b7"], body[1]!["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()));
    }

    [Fact]
    public void Buttons_HandlerActionsExecuteInPlace_CommandsSubmit()
    {
        var approve = new ActionRef("deal.approve", new Dictionary<string, string> { ["id"] = "D-1" });
        var reject = new ActionRef("deal.reject", new Dictionary<string, string> { ["id"] = "D-1" });
        var body = Body(Render(new ActionsBlock([
            new ActionButton("Approve", approve) { Style = ButtonStyle.Primary },
            new ActionButton("Reject", reject) { Style = ButtonStyle.Danger },
            new ActionButton("help", ActionRef.Command("help")),
        ])));
        var actions = body[0]!["actions"]!.AsArray();

        Assert.Equal("Action.Execute", actions[0]!["type"]!.GetValue<string>());
        Assert.Equal("deal.approve", actions[0]!["verb"]!.GetValue<string>());
        Assert.Equal("D-1", actions[0]!["data"]!["id"]!.GetValue<string>());
        Assert.Equal("positive", actions[0]!["style"]!.GetValue<string>());
        Assert.Equal("destructive", actions[1]!["style"]!.GetValue<string>());
        Assert.Equal("Action.Submit", actions[2]!["type"]!.GetValue<string>());
        Assert.Equal("help", actions[2]!["data"]!["text"]!.GetValue<string>());
        Assert.Null(actions[2]!["style"]);
    }

    [Fact]
    public void LinksAndImages_OnlyHttpUrls()
    {
        var body = Body(Render(
            new LinksBlock([new Link("Guide", "https://example.com/guide"), new Link("Bad", "javascript:alert(1)")]),
            new ImageBlock("data:image/png;base64,AAAA", "A chart"),
            new ImageBlock("https://example.com/c.png", "Chart")));

        Assert.Equal("Bad", body[0]!["text"]!.GetValue<string>());
        Assert.Equal("Action.OpenUrl", body[1]!["actions"]![0]!["type"]!.GetValue<string>());
        Assert.Single(body[1]!["actions"]!.AsArray());
        Assert.Equal("A chart", body[2]!["text"]!.GetValue<string>());
        Assert.Equal("Image", body[3]!["type"]!.GetValue<string>());
    }
}
