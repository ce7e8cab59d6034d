using System.Text.Json;
using BenchmarkDotNet.Attributes;
using PartnerBot.Conversations;
using PartnerBot.Localization;
using PartnerBot.Teams;

namespace PartnerBot.Benchmarks;

/// <summary>
/// The Teams channel's own share of a turn: reading an activity and drawing the reply as an Adaptive Card. The
/// goal is that the channel adds well under a millisecond to a turn whose budget is Teams:InlineReplyBudget (5 s).
/// Run: dotnet run -c Release --project bench/PartnerBot.Benchmarks -- --filter '*TeamsBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class TeamsBenchmarks
{
    private readonly AdaptiveCardRenderer _renderer = new(new Localizer(typeof(AdaptiveCardRenderer).Assembly));
    private byte[] _activity = [];
    private Reply _form = null!;

    [GlobalSetup]
    public void Setup()
    {
        _activity = """
        {"type":"message","id":"1795444216827","timestamp":"2026-11-23T09:00:00.000Z","serviceUrl":"https://smba.trafficmanager.net/emea/",
         "channelId":"msteams","from":{"id":"29:1abc","name":"Tom Whitaker","aadObjectId":"00000000-0000-4000-8000-0000000000d1"},
         "conversation":{"id":"19:acme@thread.v2","conversationType":"groupChat","tenantId":"8f2c1d3e-0000-4000-9000-00000000a11d","isGroup":true},
         "recipient":{"id":"28:bot","name":"PartnerBot"},"text":"<at>PartnerBot</at> register deal Contoso 12000","textFormat":"plain","locale":"en-US",
         "entities":[{"type":"mention","text":"<at>PartnerBot</at>","mentioned":{"id":"28:bot","name":"PartnerBot"}},{"type":"clientInfo","locale":"en-US","country":"US","platform":"Web"}],
         "channelData":{"tenant":{"id":"8f2c1d3e-0000-4000-9000-00000000a11d"},"source":{"name":"message"}}}
        """u8.ToArray();
        var submit = new ActionRef(ActionNames.DialogSubmit, new Dictionary<string, string> { ["dialog"] = "d1" });
        _form = new Reply([
            new TextBlock("Register a deal", TextStyle.Heading),
            new FormBlock("Deal", [
                new FormField("customer", "Customer", FieldKind.Text) { Required = true, MaxLength = 200 },
                new FormField("domain", "Customer domain", FieldKind.Url),
                new FormField("amount", "Amount", FieldKind.Number) { Required = true, Min = 0 },
                new FormField("close", "Expected close", FieldKind.Date) { Required = true },
                new FormField("product", "Product", FieldKind.Choice) { Required = true, Choices = [new("core", "Core"), new("plus", "Plus"), new("suite", "Suite")] },
                new FormField("notes", "Notes", FieldKind.LongText),
            ], submit) { SubmitLabel = "Submit", CancelLabel = "Cancel", Cancel = new ActionRef(ActionNames.DialogCancel, submit.Data) },
            new ActionsBlock([
                new ActionButton("Approve", new ActionRef("deal.approve", new Dictionary<string, string> { ["id"] = "D-1" })) { Style = ButtonStyle.Primary },
                new ActionButton("Reject", new ActionRef("deal.reject", new Dictionary<string, string> { ["id"] = "D-1" })) { Style = ButtonStyle.Danger },
            ]),
        ]);
    }

    [Benchmark(Description = "Parse a mention message and strip the mention")]
    public string ParseActivity()
    {
        var activity = JsonSerializer.Deserialize<Activity>(_activity, ActivityJson.Options)!;
        return activity.MentionsRecipient() ? activity.TextWithoutRecipientMention() : "";
    }

    [Benchmark(Description = "Render a deal-sized form as an Adaptive Card activity")]
    public string RenderForm() =>
        JsonSerializer.Serialize(_renderer.ToActivity(_form, "en"), ActivityJson.Options);
}
