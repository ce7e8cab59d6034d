using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace PartnerBot.Slack.Tests;

/// <summary>One host shared by the forgery cases (each case uses its own event ids, so they cannot meet).</summary>
public sealed class SlackForgeryFixture : IAsyncLifetime
{
    public SlackTestHost Host { get; private set; } = null!;
    public SemaphoreSlim OneAtATime { get; } = new(1, 1);
    public async Task InitializeAsync() => Host = await SlackTestHost.StartAsync();
    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Forged Slack requests against the real host: bad, missing and mangled signatures, wrong version prefixes, stale
/// and future timestamps, tampered bodies, header games, replays (also across a restart, on another endpoint, in
/// parallel) and Slack Connect workspaces signing for themselves. Every one answers 401 and nothing runs: no turn
/// recorded, no call to Slack.
/// </summary>
public sealed class SlackForgeryTests(SlackForgeryFixture fixture) : IClassFixture<SlackForgeryFixture>
{
    private SlackTestHost T => fixture.Host;
    private const string Events = "/slack/events";
    private const string Commands = "/slack/commands";
    private const string Interactivity = "/slack/interactivity";
    private const string Json = "application/json";
    private const string FormType = "application/x-www-form-urlencoded";

    private sealed record Request(string Path, byte[] Body, string ContentType, List<(string Name, string Value)> Headers);

    private static string Ts(long seconds) => seconds.ToString(CultureInfo.InvariantCulture);

    private static string Sign(string ts, byte[] body, string secret = SlackTestHost.Secret) =>
        SlackRequestVerifier.Sign(secret, ts, body);

    private Request Signed(string path, string body, string contentType, long? at = null, string? secret = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var ts = Ts(at ?? T.Now);
        return new(path, bytes, contentType, [("X-Slack-Request-Timestamp", ts), ("X-Slack-Signature", Sign(ts, bytes, secret ?? SlackTestHost.Secret))]);
    }

    private static Request With(Request r, string header, string? value)
    {
        var headers = r.Headers.Where(h => !h.Name.Equals(header, StringComparison.OrdinalIgnoreCase)).ToList();
        if (value is not null) headers.Add((header, value));
        return r with { Headers = headers };
    }

    private static string Header(Request r, string name) => r.Headers.First(h => h.Name == name).Value;

    private string EventBody(string id, string text = "help") => SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", text, id).ToJsonString();

    private string CommandBody(string text = "help") => SlackTestHost.Form(SlackTestHost.Command("T0ACMEINT", "U0ACMEJANE", text, "C0ACME"));

    private string InteractionBody(string id) => SlackTestHost.Form(new Dictionary<string, string>
    {
        ["payload"] = $$"""{"type":"block_actions","trigger_id":"{{id}}","team":{"id":"T0ACMEINT"},"user":{"id":"U0ACMEJANE"},"actions":[{"action_id":"command","value":"help","type":"button"}]}""",
    });

    private static string HexUpper(string signature) => "v0=" + signature[3..].ToUpperInvariant();

    public static TheoryData<string> Cases => new(CaseNames);

    private static readonly string[] CaseNames =
    [
        // signatures
        "no signing headers", "no signature", "no timestamp", "empty signature", "empty timestamp", "prefix only", "all zeros",
        "another app's secret", "empty secret", "upper-case hex", "upper-case version prefix", "v1 prefix", "no prefix",
        "signature too long", "signature one digit short", "signed for another timestamp", "wrong signature first of two",
        "right signature first of two", "base64 instead of hex", "HMAC-SHA1", "body only, no base string", "other separators",
        "signature in Authorization", "signature in the query string", "misspelt signature header",
        // timestamps
        "301 s old", "an hour old", "301 s ahead", "year 2286", "zero", "negative", "decimal", "leading plus", "hexadecimal",
        "milliseconds", "two timestamps",
        // bodies
        "one byte changed", "newline appended", "byte order mark", "JSON reformatted", "keys reordered", "text changed",
        "body truncated", "empty body", "decomposed accent", "form plus for space", "form field appended", "body of another request",
        "command text changed", "interaction payload changed",
        // replays
        "event replayed", "command replayed", "interaction replayed", "replayed four minutes later", "replayed to another endpoint",
        "replayed as a Slack retry",
        // Slack Connect
        "Slack Connect workspace signing with its own secret", "vendor team claimed with a guessed secret",
    ];

    private async Task<Request> ForgeAsync(string name)
    {
        var id = "Ev-forged-" + Guid.NewGuid().ToString("N")[..12];
        var good = Signed(Events, EventBody(id), Json);
        var ts = Header(good, "X-Slack-Request-Timestamp");
        var sig = Header(good, "X-Slack-Signature");
        byte[] B(string s) => Encoding.UTF8.GetBytes(s);
        Request Body(string body) => good with { Body = B(body) };
        Request At(long seconds) => Signed(Events, EventBody(id), Json, seconds);
        async Task<Request> AcceptedThen(Request r)
        {
            var first = await SendAsync(r);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            await T.IdleAsync();
            return r;
        }
        switch (name)
        {
            case "no signing headers": return good with { Headers = [] };
            case "no signature": return With(good, "X-Slack-Signature", null);
            case "no timestamp": return With(good, "X-Slack-Request-Timestamp", null);
            case "empty signature": return With(good, "X-Slack-Signature", "");
            case "empty timestamp": return With(good, "X-Slack-Request-Timestamp", "");
            case "prefix only": return With(good, "X-Slack-Signature", "v0=");
            case "all zeros": return With(good, "X-Slack-Signature", "v0=" + new string('0', 64));
            case "another app's secret": return Signed(Events, EventBody(id), Json, secret: "another-apps-signing-secret-9876");
            case "empty secret": return With(good, "X-Slack-Signature", "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Array.Empty<byte>(), B($"v0:{ts}:{EventBody(id)}"))));
            case "upper-case hex": return With(good, "X-Slack-Signature", HexUpper(sig));
            case "upper-case version prefix": return With(good, "X-Slack-Signature", "V0=" + sig[3..]);
            case "v1 prefix": return With(good, "X-Slack-Signature", "v1=" + sig[3..]);
            case "no prefix": return With(good, "X-Slack-Signature", sig[3..]);
            case "signature too long": return With(good, "X-Slack-Signature", sig + "00");
            case "signature one digit short": return With(good, "X-Slack-Signature", sig[..^1]);
            case "signed for another timestamp": return With(good, "X-Slack-Request-Timestamp", Ts(T.Now - 1));
            case "wrong signature first of two":
                return good with { Headers = [("X-Slack-Request-Timestamp", ts), ("X-Slack-Signature", "v0=" + new string('1', 64)), ("X-Slack-Signature", sig)] };
            case "right signature first of two":
                return good with { Headers = [("X-Slack-Request-Timestamp", ts), ("X-Slack-Signature", sig), ("X-Slack-Signature", "v0=" + new string('1', 64))] };
            case "base64 instead of hex": return With(good, "X-Slack-Signature", "v0=" + Convert.ToBase64String(Convert.FromHexString(sig[3..])));
            case "HMAC-SHA1":
#pragma warning disable CA5350 // the weak algorithm is the forgery
                return With(good, "X-Slack-Signature", "v0=" + Convert.ToHexStringLower(HMACSHA1.HashData(B(SlackTestHost.Secret), B($"v0:{ts}:{EventBody(id)}"))));
#pragma warning restore CA5350
            case "body only, no base string":
                return With(good, "X-Slack-Signature", "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(B(SlackTestHost.Secret), good.Body)));
            case "other separators":
                return With(good, "X-Slack-Signature", "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(B(SlackTestHost.Secret), B($"v0|{ts}|{EventBody(id)}"))));
            case "signature in Authorization": return good with { Headers = [("X-Slack-Request-Timestamp", ts), ("Authorization", sig)] };
            case "signature in the query string": return good with { Path = $"{Events}?X-Slack-Signature={Uri.EscapeDataString(sig)}", Headers = [("X-Slack-Request-Timestamp", ts)] };
            case "misspelt signature header": return good with { Headers = [("X-Slack-Request-Timestamp", ts), ("X-Slack-Signatures", sig)] };

            case "301 s old": return At(T.Now - 301);
            case "an hour old": return At(T.Now - 3600);
            case "301 s ahead": return At(T.Now + 301);
            case "year 2286": return At(9_999_999_999);
            case "zero": return At(0);
            case "negative": return With(good, "X-Slack-Request-Timestamp", "-" + ts);
            case "decimal": return With(good, "X-Slack-Request-Timestamp", ts + ".0");
            case "leading plus": return With(good, "X-Slack-Request-Timestamp", "+" + ts);
            case "hexadecimal": return With(good, "X-Slack-Request-Timestamp", "0x" + T.Now.ToString("x", CultureInfo.InvariantCulture));
            case "milliseconds": return At(T.Now * 1000);
            case "two timestamps": return good with { Headers = [("X-Slack-Request-Timestamp", ts), ("X-Slack-Request-Timestamp", ts), ("X-Slack-Signature", sig)] };

            case "one byte changed": return Body(EventBody(id).Replace("help", "helq", StringComparison.Ordinal));
            case "newline appended": return Body(EventBody(id) + "\n");
            case "byte order mark": return good with { Body = [0xEF, 0xBB, 0xBF, .. good.Body] };
            case "JSON reformatted": return Body(SlackTestHost.Json(EventBody(id)).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            case "keys reordered":
            {
                var o = SlackTestHost.Json(EventBody(id));
                var reordered = new System.Text.Json.Nodes.JsonObject();
                foreach (var (k, v) in o.Reverse().ToList()) { o.Remove(k); reordered[k] = v; }
                return Body(reordered.ToJsonString());
            }
            case "text changed": return Body(EventBody(id, "mdf"));
            case "body truncated": return good with { Body = good.Body[..^10] };
            case "empty body": return good with { Body = [] };
            case "decomposed accent":
            {
                var signed = Signed(Events, EventBody(id, "zarejestruj transakcję café"), Json);
                return signed with { Body = B(EventBody(id, "zarejestruj transakcję cafe\u0301")) };
            }
            case "form plus for space":
            {
                var command = Signed(Commands, CommandBody("register a deal"), FormType);
                return command with { Body = B(Encoding.UTF8.GetString(command.Body).Replace("%20", "+", StringComparison.Ordinal)) };
            }
            case "form field appended":
            {
                var command = Signed(Commands, CommandBody(), FormType);
                return command with { Body = [.. command.Body, .. B("&user_id=U0BORLENA")] };
            }
            case "body of another request": return Body(EventBody("Ev-other-" + id));
            case "command text changed":
            {
                var command = Signed(Commands, CommandBody("help"), FormType);
                return command with { Body = B(CommandBody("review queue")) };
            }
            case "interaction payload changed":
            {
                var press = Signed(Interactivity, InteractionBody(id), FormType);
                return press with { Body = B(InteractionBody(id).Replace("help", "mdf", StringComparison.Ordinal)) };
            }

            case "event replayed": return await AcceptedThen(good);
            case "command replayed": return await AcceptedThen(Signed(Commands, CommandBody() + "&trigger_id=" + id, FormType));
            case "interaction replayed": return await AcceptedThen(Signed(Interactivity, InteractionBody(id), FormType));
            case "replayed four minutes later":
            {
                var r = await AcceptedThen(good);
                T.Host.Clock.Advance(TimeSpan.FromMinutes(4));
                return r;
            }
            case "replayed to another endpoint": return (await AcceptedThen(good)) with { Path = Interactivity };
            case "replayed as a Slack retry": return With(await AcceptedThen(good), "X-Slack-Retry-Num", "1");

            case "Slack Connect workspace signing with its own secret":
                return Signed(Events, SlackTestHost.Mention("T0BOREALIS", "U0BORLENA", "<@U0PARTNERBOT> review queue", id, "C0SHARED", shared: true).ToJsonString(),
                    Json, secret: "borealis-workspace-own-secret-01");
            case "vendor team claimed with a guessed secret":
                return Signed(Commands, SlackTestHost.Form(SlackTestHost.Command(SlackTestHost.VendorTeam, "U0MAYA", "review queue", "C0VENDOR")), FormType,
                    secret: "changeme");
            default: throw new ArgumentException($"No forgery called {name}.", nameof(name));
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Request r)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, r.Path) { Content = new ByteArrayContent(r.Body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(r.ContentType);
        foreach (var (name, value) in r.Headers) request.Headers.TryAddWithoutValidation(name, value);
        return await T.Http.SendAsync(request);
    }

    private Task<int> TurnsAsync() => T.Host.WithDbAsync(db => db.ProcessedInbounds.CountAsync());

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ForgedRequest_Is401_AndNothingRuns(string forgery)
    {
        await fixture.OneAtATime.WaitAsync();
        try
        {
            var request = await ForgeAsync(forgery);
            var turns = await TurnsAsync();
            var calls = T.Slack.Calls.Count;

            var response = await SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Not from Slack", (await SlackTestHost.BodyAsync(response))!["title"]!.ToString());
            await T.IdleAsync();
            Assert.Equal(turns, await TurnsAsync());
            Assert.Equal(calls, T.Slack.Calls.Count);
        }
        finally
        {
            fixture.OneAtATime.Release();
        }
    }

    [Fact]
    public void TheSuiteHasAtLeastFiftyForgeries() => Assert.True(CaseNames.Distinct().Count() >= 50);

    [Fact]
    public async Task SigningHeadersInAnyCase_AreSlacksOwn_AndAccepted()
    {
        await fixture.OneAtATime.WaitAsync();
        try
        {
            var r = Signed(Events, EventBody("Ev-case-" + Guid.NewGuid().ToString("N")[..8]), Json);
            var response = await SendAsync(r with { Headers = r.Headers.Select(h => (h.Name.ToLowerInvariant(), h.Value)).ToList() });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await T.IdleAsync();
        }
        finally
        {
            fixture.OneAtATime.Release();
        }
    }
}

/// <summary>Replay memory in the database: shared by hosts, kept across a restart, bounded by whole-bucket pruning.</summary>
public sealed class SlackReplayTests
{
    [Fact]
    public async Task RequestReplayedAfterARestart_Is401_AndRunsOnce()
    {
        await using var before = await SlackTestHost.StartAsync();
        var body = SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "help", "Ev-restart").ToJsonString();
        var ts = before.Now;
        var sig = SlackRequestVerifier.Sign(SlackTestHost.Secret, ts.ToString(CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes(body));
        Assert.Equal(HttpStatusCode.OK, (await before.SendSignedAsync("/slack/events", body, "application/json", ts, sig)).StatusCode);
        await before.IdleAsync();

        // A new host process on the same database, a minute later: nothing of the first one's memory but the database.
        await using var after = await SlackTestHost.StartAsync(databasePath: before.Host.DatabasePath);
        after.Host.Clock.Advance(TimeSpan.FromMinutes(1));
        var replay = await after.SendSignedAsync("/slack/events", body, "application/json", ts, sig);

        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("This request was already received.", (await SlackTestHost.BodyAsync(replay))!["detail"]!.ToString());
        await after.IdleAsync();
        Assert.Empty(after.Slack.Calls);
    }

    [Fact]
    public async Task EightCopiesAtOnce_ExactlyOneIsAccepted()
    {
        await using var t = await SlackTestHost.StartAsync();
        var body = SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "help", "Ev-parallel").ToJsonString();
        var ts = t.Now;
        var sig = SlackRequestVerifier.Sign(SlackTestHost.Secret, ts.ToString(CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes(body));

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => t.SendSignedAsync("/slack/events", body, "application/json", ts, sig))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
        await t.IdleAsync();
        Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage");
    }

    [Fact]
    public async Task SignaturesOlderThanTheWindow_AreDroppedByWholeBuckets()
    {
        await using var t = await SlackTestHost.StartAsync();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await t.PostEventAsync(SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "help", $"Ev-old-{i}"))).StatusCode);
        await t.IdleAsync();
        Assert.Equal(3, await t.Host.WithDbAsync(db => db.SeenSignatures.CountAsync()));

        // Ten minutes on, past the five-minute window: the next request drops the old buckets and adds its own.
        t.Host.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.OK, (await t.PostEventAsync(SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "help", "Ev-new"))).StatusCode);
        await t.IdleAsync();

        var left = await t.Host.WithDbAsync(db => db.SeenSignatures.AsNoTracking().ToListAsync());
        Assert.Equal(t.Now / 60, Assert.Single(left).Bucket);
    }
}
