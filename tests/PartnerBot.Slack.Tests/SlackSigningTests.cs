using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Testing;

namespace PartnerBot.Slack.Tests;

public sealed class SlackSigningTests
{
    private static (SlackRequestVerifier Verifier, FakeTimeProvider Clock, JsonObject Vector) FromVector(long? now = null)
    {
        var vector = SlackTestHost.Json(SlackTestHost.Fixture("signing", "signature_vector.json"));
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(now ?? vector["verify_with_clock_at"]!.GetValue<long>()));
        var options = Options.Create(new SlackOptions { SigningSecret = vector["signing_secret"]!.ToString() });
        return (new SlackRequestVerifier(options, clock), clock, vector);
    }

    [Fact]
    public void Sign_SlackDocsVector_MatchesSlacksSignature()
    {
        var (_, _, v) = FromVector();
        Assert.Equal(v["x_slack_signature"]!.ToString(),
            SlackRequestVerifier.Sign(v["signing_secret"]!.ToString(), v["x_slack_request_timestamp"]!.ToString(), Encoding.UTF8.GetBytes(v["body"]!.ToString())));
    }

    [Fact]
    public void Verify_SlackDocsVector_IsValid()
    {
        // Replays are the shared ReplayGuard's to refuse: see SlackForgeryTests, against the host and its database.
        var (verifier, _, v) = FromVector();
        var body = Encoding.UTF8.GetBytes(v["body"]!.ToString());
        Assert.Equal(SlackVerification.Valid, verifier.Verify(v["x_slack_request_timestamp"]!.ToString(), v["x_slack_signature"]!.ToString(), body));
    }

    [Theory]
    [InlineData(300, SlackVerification.Valid)]
    [InlineData(301, SlackVerification.Stale)]
    [InlineData(-300, SlackVerification.Valid)]
    [InlineData(-301, SlackVerification.Stale)]
    public void Verify_TimestampWindow_IsFiveMinutesEitherWay(int clockOffsetSeconds, SlackVerification expected)
    {
        var (verifier, _, v) = FromVector(1531420618 + clockOffsetSeconds);
        Assert.Equal(expected, verifier.Verify(v["x_slack_request_timestamp"]!.ToString(), v["x_slack_signature"]!.ToString(), Encoding.UTF8.GetBytes(v["body"]!.ToString())));
    }

    [Fact]
    public void Verify_OneByteChanged_IsBadSignature()
    {
        var (verifier, _, v) = FromVector();
        var body = Encoding.UTF8.GetBytes(v["body"]!.ToString().Replace("roadrunner", "roadrunnex", StringComparison.Ordinal));
        Assert.Equal(SlackVerification.BadSignature, verifier.Verify(v["x_slack_request_timestamp"]!.ToString(), v["x_slack_signature"]!.ToString(), body));
    }

    [Theory]
    [InlineData(null, "v0=abc", SlackVerification.MissingHeaders)]
    [InlineData("1531420618", null, SlackVerification.MissingHeaders)]
    [InlineData("15314x0618", "v0=abc", SlackVerification.BadTimestamp)]
    [InlineData("1531420618", "v0=0000", SlackVerification.BadSignature)]
    public void Verify_BadHeaders_AreRefused(string? ts, string? sig, SlackVerification expected)
    {
        var (verifier, _, v) = FromVector();
        Assert.Equal(expected, verifier.Verify(ts, sig, Encoding.UTF8.GetBytes(v["body"]!.ToString())));
    }
}

public sealed class SlackEndpointTests
{
    private const string Challenge = """{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""";

    [Fact]
    public async Task Events_UrlVerification_EchoesChallenge()
    {
        await using var t = await SlackTestHost.StartAsync();
        var r = await t.PostEventAsync(Challenge);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("""{"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}""", await r.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string?, string> BadSignatures() => new()
    {
        { "missing", null, "X-Slack-Signature and X-Slack-Request-Timestamp are required." },
        { "wrong", "v0=" + new string('0', 64), "The signature does not match the body." },
        { "stale", null, "The request timestamp is more than 5 minutes from now." },
        { "future", null, "The request timestamp is more than 5 minutes from now." },
    };

    [Theory]
    [MemberData(nameof(BadSignatures))]
    public async Task Events_BadSignatureOrTimestamp_Is401AndNothingRuns(string why, string? signature, string detail)
    {
        await using var t = await SlackTestHost.StartAsync();
        var body = SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "help", "Ev-bad-" + why).ToJsonString();
        HttpResponseMessage r;
        if (why == "missing")
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            r = await t.Http.PostAsync("/slack/events", content);
        }
        else
        {
            long? ts = why switch { "stale" => t.Now - 301, "future" => t.Now + 301, _ => null };
            r = await t.SendSignedAsync("/slack/events", body, "application/json", ts, signature);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        var problem = (await SlackTestHost.BodyAsync(r))!;
        Assert.Equal("Not from Slack", problem["title"]!.ToString());
        Assert.Equal(detail, problem["detail"]!.ToString());
        await t.IdleAsync();
        Assert.Empty(t.Slack.Calls);
    }

    [Fact]
    public async Task Events_ReplayedRequest_Is401AndHandledOnce()
    {
        await using var t = await SlackTestHost.StartAsync();
        var body = SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "help", "Ev-replay").ToJsonString();
        var ts = t.Now;
        var sig = SlackRequestVerifier.Sign(SlackTestHost.Secret, ts.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes(body));
        Assert.Equal(HttpStatusCode.OK, (await t.SendSignedAsync("/slack/events", body, "application/json", ts, sig)).StatusCode);
        var again = await t.SendSignedAsync("/slack/events", body, "application/json", ts, sig);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal("This request was already received.", (await SlackTestHost.BodyAsync(again))!["detail"]!.ToString());
        await t.IdleAsync();
        Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage");
    }

    [Fact]
    public async Task Events_SameEventIdRedelivered_IsHandledOnce()
    {
        await using var t = await SlackTestHost.StartAsync();
        var first = await t.PostEventAsync(SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "help", "Ev-dup"));
        await t.IdleAsync();
        // Slack's retry: a fresh signature, the same event_id, X-Slack-Retry-Num set.
        t.Host.Clock.Advance(TimeSpan.FromSeconds(60));
        var retry = await t.PostEventAsync(SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "help", "Ev-dup").ToJsonString(), retryNum: 1);
        await t.IdleAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage");
    }

    [Theory]
    [InlineData("/slack/events", "{not json", "application/json", "The body is not JSON")]
    [InlineData("/slack/events", "[1,2]", "application/json", "The body must be a JSON object.")]
    [InlineData("/slack/events", """{"type":"event_callback","event_id":"Ev1"}""", "application/json", "event_callback needs an event object.")]
    [InlineData("/slack/interactivity", "nothing=here", "application/x-www-form-urlencoded", "Interactivity is sent as a form with one field, payload=<JSON>.")]
    [InlineData("/slack/interactivity", "payload=%7Bbroken", "application/x-www-form-urlencoded", "payload is not JSON")]
    [InlineData("/slack/interactivity", "payload=%7B%22type%22%3A%22block_actions%22%7D", "application/x-www-form-urlencoded", "block_actions needs user.id.")]
    [InlineData("/slack/interactivity", "payload=%7B%22type%22%3A%22view_submission%22%2C%22user%22%3A%7B%22id%22%3A%22U1%22%7D%7D", "application/x-www-form-urlencoded", "view_submission needs a view object.")]
    [InlineData("/slack/commands", "text=deal", "application/x-www-form-urlencoded", "A slash command needs command, user_id and team_id.")]
    public async Task MalformedBody_Is400WithReason(string path, string body, string contentType, string detail)
    {
        await using var t = await SlackTestHost.StartAsync();
        var r = await t.SendSignedAsync(path, body, contentType);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var problem = (await SlackTestHost.BodyAsync(r))!;
        Assert.Equal("Malformed Slack request", problem["title"]!.ToString());
        Assert.StartsWith(detail, problem["detail"]!.ToString());
        await t.IdleAsync();
        Assert.Empty(t.Slack.Calls);
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        await using var t = await SlackTestHost.StartAsync(new Dictionary<string, string?> { ["Slack:MaxBodyBytes"] = "2048" });
        var r = await t.SendSignedAsync("/slack/events", "{\"type\":\"x\",\"pad\":\"" + new string('a', 4096) + "\"}", "application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Equal("The request body is larger than 2,048 bytes (Slack:MaxBodyBytes).", (await SlackTestHost.BodyAsync(r))!["detail"]!.ToString());
    }

    [Fact]
    public async Task SslCheck_Unsigned_Is200AndNothingRuns()
    {
        await using var t = await SlackTestHost.StartAsync();
        using var content = new StringContent("ssl_check=1&token=legacy", Encoding.UTF8, "application/x-www-form-urlencoded");
        var r = await t.Http.PostAsync("/slack/commands", content);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        await t.IdleAsync();
        Assert.Empty(t.Slack.Calls);
    }

    [Fact]
    public async Task NoSlackSettings_HostStartsAndSlackIsNotMapped()
    {
        using var host = new TestHost();
        using var http = host.CreateClient();
        var r = await http.PostAsync("/slack/events", new StringContent(Challenge, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public void BotTokenWithoutSigningSecret_FailsAtStartNamingTheSetting()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["Slack:BotToken"] = "xoxb-1" });
        var ex = Assert.Throws<OptionsValidationException>(() => host.CreateClient());
        Assert.Contains("Slack:SigningSecret is missing", ex.Message);
    }

    [Fact]
    public void SigningSecretWithoutBotToken_FailsAtStartNamingTheSetting()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["Slack:SigningSecret"] = "s" });
        var ex = Assert.Throws<OptionsValidationException>(() => host.CreateClient());
        Assert.Contains("Slack:BotToken is missing", ex.Message);
    }
}
