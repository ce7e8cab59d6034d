using System.Text.Json.Nodes;
using PartnerBot.Conversations;

namespace PartnerBot.Slack.Tests;

public sealed class BlockKitRendererTests
{
    private readonly BlockKitRenderer _renderer = new();
    private static readonly ActionRef Submit = new(ActionNames.DialogSubmit, new Dictionary<string, string> { ["dialog"] = "d1" });
    private static SlackViewMetadata Meta => new("C1", ConversationKind.Channel, Submit, null);

    [Fact]
    public void UserText_IsEscaped_SoNoMentionOrLinkCanBeInjected()
    {
        var json = _renderer.Message(Reply.Text("<!channel> see <https://evil.example|your bank> & more")).ToJsonString();
        Assert.DoesNotContain("<!channel>", json);
        Assert.DoesNotContain("<https://evil", json);
        var section = _renderer.Message(Reply.Text("<!channel> & <@U1>"))["blocks"]![0]!["text"]!["text"]!.ToString();
        Assert.Equal("&lt;!channel&gt; &amp; &lt;@U1&gt;", section);
    }

    [Fact]
    public void FactsAndLinks_AreEscapedToo()
    {
        var reply = new Reply([
            new FactsBlock([new Fact("<!here>", "a<b>c")]) { Title = "<!everyone>" },
            new LinksBlock([new Link("x|<y>", "https://example.com/?a=1&b=<2>"), new Link("bad", "javascript:alert(1)")]),
        ]);
        var json = _renderer.Message(reply)["blocks"]!.ToJsonString();
        Assert.DoesNotContain("<!here>", json);
        Assert.DoesNotContain("<!everyone>", json);
        Assert.DoesNotContain("<javascript", json);
        Assert.Contains("<https://example.com/?a=1&amp;b=%3C2%3E|x¦&lt;y&gt;>", JsonNode.Parse(json)![1]!["text"]!["text"]!.ToString());
    }

    [Fact]
    public void TitledFacts_TitleAndFieldsInOneSection_SoAPageOf25FitsIn50Blocks()
    {
        // A "my deals" page: a heading and 25 registrations, each a titled group of facts.
        var reply = new Reply([
            new TextBlock("Registrations (25)", TextStyle.Heading),
            .. Enumerable.Range(0, 25).Select(i => (Block)new FactsBlock([new Fact("Reference", $"D-{i}"), new Fact("Amount", "40,000 USD")]) { Title = $"Company {i} · Approved" }),
        ]);
        var blocks = (JsonArray)_renderer.Message(reply)["blocks"]!;
        Assert.Equal(26, blocks.Count);
        var last = blocks[25]!;
        Assert.Equal("*Company 24 · Approved*", last["text"]!["text"]!.ToString());
        Assert.Equal("*Reference*\nD-24", last["fields"]![0]!["text"]!.ToString());

        // More than 10 facts: the title stays with the first 10, the rest follow in a second section.
        var many = (JsonArray)_renderer.Message(new Reply([new FactsBlock(Enumerable.Range(0, 12).Select(i => new Fact($"L{i}", $"V{i}")).ToList()) { Title = "T" }]))["blocks"]!;
        Assert.Equal(2, many.Count);
        Assert.Equal("*T*", many[0]!["text"]!["text"]!.ToString());
        Assert.Equal(10, ((JsonArray)many[0]!["fields"]!).Count);
        Assert.Null(many[1]!["text"]);
        Assert.Equal(2, ((JsonArray)many[1]!["fields"]!).Count);
    }

    [Fact]
    public void Message_IsCutAt50Blocks_AndTextAt3000Characters()
    {
        var reply = new Reply(Enumerable.Range(0, 80).Select(i => (Block)new TextBlock(new string('x', 5000))).ToList());
        var blocks = (JsonArray)_renderer.Message(reply)["blocks"]!;
        Assert.Equal(50, blocks.Count);
        Assert.Equal(3000, blocks[0]!["text"]!["text"]!.ToString().Length);
        Assert.EndsWith("…", blocks[0]!["text"]!["text"]!.ToString());
    }

    [Fact]
    public void Modal_IsCutAt100Blocks_TitleSubmitCloseAt24()
    {
        var fields = Enumerable.Range(0, 150).Select(i => new FormField($"f{i}", $"Field {i}", FieldKind.Text)).ToList();
        var form = new FormBlock("A very long modal title that Slack would refuse", fields, Submit)
        {
            SubmitLabel = "Submit this registration right now", CancelLabel = "Never mind, close this please",
        };
        var view = _renderer.Modal(form, Meta);
        Assert.Equal(100, ((JsonArray)view["blocks"]!).Count);
        Assert.Equal(24, view["title"]!["text"]!.ToString().Length);
        Assert.Equal(24, view["submit"]!["text"]!.ToString().Length);
        Assert.Equal(24, view["close"]!["text"]!.ToString().Length);
    }

    [Fact]
    public void StaticSelect_KeepsAtMost100Options_AndMapsEmptyValue()
    {
        var choices = new[] { new Choice("", "None") }.Concat(Enumerable.Range(0, 150).Select(i => new Choice($"v{i}", $"Option {i}"))).ToList();
        var form = new FormBlock("Pick", [new FormField("pick", "Pick one", FieldKind.Choice) { Choices = choices, Value = "" }], Submit) { SubmitLabel = "Submit", CancelLabel = "Cancel" };
        var element = _renderer.Modal(form, Meta)["blocks"]![0]!["element"]!;
        Assert.Equal("static_select", element["type"]!.ToString());
        Assert.Equal(100, ((JsonArray)element["options"]!).Count);
        Assert.Equal(BlockKitRenderer.EmptyChoice, element["initial_option"]!["value"]!.ToString());
        Assert.Equal("", BlockKitRenderer.FromChoiceValue(BlockKitRenderer.EmptyChoice));
    }

    [Theory]
    [InlineData(FieldKind.Text, "plain_text_input")]
    [InlineData(FieldKind.LongText, "plain_text_input")]
    [InlineData(FieldKind.Email, "plain_text_input")]
    [InlineData(FieldKind.Number, "number_input")]
    [InlineData(FieldKind.Date, "datepicker")]
    [InlineData(FieldKind.Choice, "static_select")]
    public void Field_BecomesInputBlockWithItsElement(FieldKind kind, string element)
    {
        var field = new FormField("f", "Label", kind) { Required = true, Choices = [new Choice("a", "A")] };
        var input = _renderer.Modal(new FormBlock("T", [field], Submit) { SubmitLabel = "Submit", CancelLabel = "Cancel" }, Meta)["blocks"]![0]!;
        Assert.Equal("input", input["type"]!.ToString());
        Assert.Equal("f", input["block_id"]!.ToString());
        Assert.Equal("f", input["element"]!["action_id"]!.ToString());
        Assert.Equal(element, input["element"]!["type"]!.ToString());
        Assert.False(input["optional"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(0.0, 23.0, false)]  // an hour: whole numbers only
    [InlineData(0.0, null, true)] // an amount: decimals allowed
    [InlineData(0.5, 10.0, true)]
    public void NumberInput_DecimalAllowedUnlessAWholeRange(double min, double? max, bool decimals)
    {
        var field = new FormField("n", "N", FieldKind.Number) { Min = (decimal)min, Max = (decimal?)max, Value = "7" };
        var element = _renderer.Modal(new FormBlock("T", [field], Submit) { SubmitLabel = "Submit", CancelLabel = "Cancel" }, Meta)["blocks"]![0]!["element"]!;
        Assert.Equal(decimals, element["is_decimal_allowed"]!.GetValue<bool>());
        Assert.Equal("7", element["initial_value"]!.ToString());
    }

    [Fact]
    public void PrivateMetadata_HoldsOnlyIds_AndRoundTrips()
    {
        var form = new FormBlock("T", [new FormField("secret", "S", FieldKind.Text) { Value = "typed value" }], Submit)
        { SubmitLabel = "Submit", CancelLabel = "Cancel",
            Cancel = new ActionRef(ActionNames.DialogCancel, new Dictionary<string, string> { ["dialog"] = "d1" }),
        };
        var view = _renderer.Modal(form, new SlackViewMetadata("C1", ConversationKind.Channel, form.Submit, form.Cancel));
        var metadata = view["private_metadata"]!.ToString();
        Assert.DoesNotContain("typed value", metadata);
        Assert.True(metadata.Length < 300);
        var back = SlackViewMetadata.TryParse(metadata)!;
        Assert.Equal("C1", back.ChannelId);
        Assert.Equal(ActionNames.DialogSubmit, back.Submit.Name);
        Assert.Equal("d1", back.Submit.Data["dialog"]);
        Assert.Equal(ActionNames.DialogCancel, back.Cancel!.Name);
        Assert.Null(SlackViewMetadata.TryParse("This is for you!"));
    }

    [Fact]
    public void Errors_MapFieldErrorsOntoBlockIds_OrTheFormErrorOntoTheFirstField()
    {
        var form = new FormBlock("T", [new FormField("a", "A", FieldKind.Text), new FormField("b", "B", FieldKind.Text) { Error = "Bad B" }], Submit) { SubmitLabel = "Submit", CancelLabel = "Cancel" };
        Assert.Equal(new Dictionary<string, string> { ["b"] = "Bad B" }, BlockKitRenderer.Errors(form));
        var formOnly = form with { Fields = [new FormField("a", "A", FieldKind.Text)], Error = "Fix it" };
        Assert.Equal(new Dictionary<string, string> { ["a"] = "Fix it" }, BlockKitRenderer.Errors(formOnly));
    }

    [Fact]
    public void Buttons_CarryTheNeutralAction_AndDecodeBack()
    {
        var reply = new Reply([new ActionsBlock([new ActionButton("Approve", new ActionRef("deal.approve", new Dictionary<string, string> { ["id"] = "42" })) { Style = ButtonStyle.Primary }])]);
        var button = _renderer.Message(reply)["blocks"]![0]!["elements"]![0]!;
        Assert.Equal("primary", button["style"]!.ToString());
        var action = BlockKitRenderer.DecodeAction(button["value"]!.ToString())!;
        Assert.Equal("deal.approve", action.Name);
        Assert.Equal("42", action.Data["id"]);
        Assert.Null(BlockKitRenderer.DecodeAction("aaaa"));
    }

    [Fact]
    public void FormInAMessage_HasInputsErrorsAndASubmitButton()
    {
        var form = new FormBlock("Settings", [new FormField("tz", "Time zone", FieldKind.Text) { Error = "Unknown zone" }], Submit) { SubmitLabel = "Submit", CancelLabel = "Cancel", Error = "Please fix" };
        var blocks = (JsonArray)_renderer.Message(new Reply([form]))["blocks"]!;
        Assert.Contains(blocks, b => b!["type"]!.ToString() == "input");
        Assert.Contains(blocks, b => b!["type"]!.ToString() == "context" && b.ToJsonString().Contains("Unknown zone", StringComparison.Ordinal));
        var actions = blocks.Last()!;
        Assert.Equal("actions", actions["type"]!.ToString());
        Assert.Equal(ActionNames.DialogSubmit, BlockKitRenderer.DecodeAction(actions["elements"]![0]!["value"]!.ToString())!.Name);
    }
}
