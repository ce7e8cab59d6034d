using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Slack;

namespace PartnerBot.Benchmarks;

/// <summary>
/// The work Slack waits for before its 3-second deadline: verify the signature, read who is asking, and (for a modal)
/// render the form. Everything else runs after the acknowledgement.
/// </summary>
[MemoryDiagnoser]
public class SlackBenchmarks
{
    private const string Secret = "bench-signing-secret";
    private readonly byte[] _body = Encoding.UTF8.GetBytes(
        """{"type":"event_callback","team_id":"T0ACMEINT","event_id":"Ev1","is_ext_shared_channel":true,"authorizations":[{"team_id":"T0NWCLOUD","user_id":"U0BOT","is_bot":true}],"event":{"type":"app_mention","user":"U0ACMEJANE","team":"T0ACMEINT","user_team":"T0ACMEINT","channel":"C0SHARED","text":"<@U0BOT> my deals","ts":"1.2"}}"""
        + new string(' ', 3000));
    private readonly BlockKitRenderer _renderer = new();
    private string _timestamp = "";
    private FormBlock _form = null!;
    private SlackViewMetadata _meta = null!;

    [GlobalSetup]
    public void Setup()
    {
        _timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var submit = new ActionRef(ActionNames.DialogSubmit, new Dictionary<string, string> { ["dialog"] = "0123456789abcdef" });
        _form = new FormBlock("Register a deal", [
            new FormField("company", "Customer company", FieldKind.Text) { Required = true },
            new FormField("domain", "Customer domain", FieldKind.Text),
            new FormField("value", "Estimated value", FieldKind.Number) { Min = 0 },
            new FormField("close", "Expected close", FieldKind.Date),
            new FormField("stage", "Stage", FieldKind.Choice) { Choices = Enumerable.Range(0, 8).Select(i => new Choice($"s{i}", $"Stage {i}")).ToList() },
            new FormField("notes", "Notes", FieldKind.LongText),
        ], submit) { SubmitLabel = "Submit", CancelLabel = "Cancel", Intro = "Tell us about the opportunity." };
        _meta = new SlackViewMetadata("C0SHARED", ConversationKind.Channel, submit, null);
    }

    [Benchmark]
    public SlackVerification VerifySignature()
    {
        // A fresh verifier each time keeps the replay cache out of the measurement.
        var verifier = new SlackRequestVerifier(Options.Create(new SlackOptions { SigningSecret = Secret }), TimeProvider.System);
        var body = _body.AsSpan();
        return verifier.Verify(_timestamp, SlackRequestVerifier.Sign(Secret, _timestamp, body), body);
    }

    [Benchmark]
    public SlackIds ParseAndResolveActor()
    {
        using var doc = JsonDocument.Parse(_body);
        return SlackIdentity.Actor(doc.RootElement);
    }

    [Benchmark]
    public string RenderDealModal() => _renderer.Modal(_form, _meta).ToJsonString();
}
