using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;
using PartnerBot.Slack;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

/// <summary>
/// Bad input to every endpoint of the real host (a process behind Kestrel): random and malformed bodies, wrong
/// methods, content types and headers, Slack bodies signed correctly but shaped wrong, and bodies shorter than their
/// Content-Length. A bounded, seeded run; whatever arrives, the answer is never a 5xx.
/// </summary>
public sealed class EndpointFuzzTests : IAsyncLifetime
{
    private const string Secret = "fuzz-signing-secret-0123456789abcd";
    private const int Seed = 1313;
    private const int Requests = 700;
    private readonly string _db = TestHost.NewDatabasePath();
    private HostProcess _host = null!;

    public async Task InitializeAsync() => _host = await HostProcess.StartAsync(_db, new Dictionary<string, string>
    {
        ["Slack:SigningSecret"] = Secret,
        ["Slack:BotToken"] = "xoxb-fuzz",
        ["Slack:ApiBaseUrl"] = "http://127.0.0.1:9/api/", // nothing listens: answers wait in the inbox
        ["WebChat:Enabled"] = "true",
        ["Limits:AnonymousPerMinute"] = "100000",
    });

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" })
            try { File.Delete(f); } catch (IOException) { }
    }

    private static readonly string[] Paths =
    [
        "/", "/healthz", "/api/webchat/people", "/api/webchat/status", "/api/webchat/people/acme-jane/conversations",
        "/api/webchat/people/%00%ff/conversations", "/api/webchat/conversations/dm-acme-jane/messages?as=acme-jane",
        "/api/webchat/conversations/dm-acme-jane/messages", "/api/webchat/conversations/x/messages?as=nobody&after=-5",
        "/api/webchat/conversations/dm-acme-jane/messages?as=acme-jane&after=notanumber", "/content/1/open", "/content/%2e%2e/open",
        "/content/99999999999999999999/open", "/charts/abc.png", "/charts/" + new string('x', 300) + ".png",
        "/slack/events", "/slack/commands", "/slack/interactivity", "/api/messages",
        "/api/v1/partners", "/api/v1/partners/acme", "/api/v1/partners/acme/deals", "/api/v1/deals?limit=abc&after=%00",
        "/api/v1/deals/DR-DEMO0ACME1/extension", "/api/v1/people/%ff", "/api/v1/mdf/claims?partner=" + new string('p', 300),
        "/openapi/v1.json", "/scalar/v1",
    ];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x",
        "application/json; charset=utf-16", "application/json; charset=nonsense", "", "*/*",
    ];

    /// <summary>Shapes that are valid JSON but wrong: the places a parser assumes an object, a string, a list.</summary>
    private static readonly string[] Templates =
    [
        """{"type":"event_callback","event_id":"Ev1","event":{"type":"message","channel_type":"im","user":"U1","channel":"D1","text":"help"}}""",
        """{"type":"event_callback","event":"not an object"}""",
        """{"type":"event_callback","event":{"type":"app_mention","user":5,"channel":[],"text":{}},"authorizations":"x"}""",
        """{"type":"event_callback","event":{"type":"message","channel_type":"im","user":"U1","channel":"D1"},"authorizations":[1,2]}""",
        """{"type":"url_verification","challenge":12}""",
        """{"type":"block_actions","user":{"id":"U1"},"actions":["x"]}""",
        """{"type":"block_actions","user":{"id":"U1"},"actions":[{"value":5,"selected_option":"x"}],"view":{"state":{"values":{"b":5}}}}""",
        """{"type":"block_actions","user":"U1","actions":{}}""",
        """{"type":"block_actions","user":{"id":"U1","team_id":7},"actions":[{"action_id":"a","value":"{\"n\":1}"}],"channel":"C1","container":7}""",
        """{"type":"view_submission","user":{"id":"U1"},"view":{"private_metadata":"{{{","state":{"values":[]}}}""",
        """{"type":"view_submission","user":{"id":"U1"},"view":"x"}""",
        """{"type":"view_closed","user":{"id":"U1"},"view":{"private_metadata":7}}""",
        """{"type":"shortcut","user":{"id":"U1"},"callback_id":{"x":1},"channel":5}""",
        """{"type":"message","id":"a1","serviceUrl":"http://127.0.0.1:9/","from":{"id":"29:x"},"recipient":{"id":"28:b"},"conversation":{"id":"c"},"text":"help"}""",
        """{"type":"message","serviceUrl":5,"from":"x","conversation":[],"entities":"x","value":[]}""",
        """{"type":"invoke","name":"adaptiveCard/action","id":"inv1","serviceUrl":"http://127.0.0.1:9/","from":{"id":"29:x"},"recipient":{"id":"28:b"},"conversation":{"id":"c"},"value":{"action":"x"}}""",
        """{"type":"invoke","name":"adaptiveCard/action","serviceUrl":"http://127.0.0.1:9/","from":{"id":"29:x"},"recipient":{"id":"28:b"},"conversation":{"id":"c"},"value":{"action":{"verb":5,"data":[]}}}""",
        """{"type":"conversationUpdate","membersAdded":"x","serviceUrl":"http://127.0.0.1:9/","from":{"id":"29:x"},"recipient":{"id":"28:b"},"conversation":{"id":"c","conversationType":7}}""",
        """{"text":"help","clientMessageId":"c1"}""",
        """{"action":{"name":"dialog.submit","values":{"a":{"b":[1,2]},"c":null}},"label":5}""",
        """{"action":{"name":null},"text":7}""",
        """{"action":"x"}""",
        "[]", "null", "\"\"", "1e999", "{}",
    ];

    [Fact]
    public async Task EveryEndpoint_MalformedInput_NeverAnswers5xx()
    {
        var random = new Random(Seed);
        var failures = new List<string>();
        for (var i = 0; i < Requests; i++)
        {
            var path = Paths[random.Next(Paths.Length)];
            var method = random.Next(4) == 0 ? Methods[random.Next(Methods.Length)] : "POST";
            var body = Body(random);
            using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
            if (method is not ("GET" or "HEAD"))
            {
                request.Content = new ByteArrayContent(body);
                var type = ContentTypes[random.Next(ContentTypes.Length)];
                if (type.Length > 0) request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
            if (path.StartsWith("/slack/", StringComparison.Ordinal) && random.Next(5) > 0) Sign(request, body, random);
            if (random.Next(6) == 0) request.Headers.TryAddWithoutValidation("X-Slack-Retry-Num", random.Next(3) == 0 ? "-1" : "x");
            if (random.Next(6) == 0) request.Headers.TryAddWithoutValidation("Authorization", random.Next(2) == 0 ? "Bearer " + new string(Garbage(random, 40).Where(c => char.IsAscii(c) && !char.IsControl(c)).ToArray()) : "Basic");
            if (random.Next(8) == 0) request.Headers.TryAddWithoutValidation("Accept-Language", new string(Garbage(random, 30).Where(char.IsAscii).Where(c => !char.IsControl(c)).ToArray()));
            using var response = await _host.Http.SendAsync(request);
            if ((int)response.StatusCode >= 500)
                failures.Add($"{method} {path} [{Encoding.UTF8.GetString(body)[..Math.Min(200, body.Length)]}] → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        Assert.True(failures.Count == 0, $"Seed {Seed}: {failures.Count} answers were 5xx:\n{string.Join("\n", failures.Take(20))}\n{_host.Output}");
    }

    [Theory]
    [InlineData("/slack/events")]
    [InlineData("/slack/commands")]
    [InlineData("/slack/interactivity")]
    [InlineData("/api/messages")]
    [InlineData("/api/webchat/conversations/dm-acme-jane/messages?as=acme-jane")]
    public async Task BodyShorterThanItsContentLength_Answers4xx_Or_NothingAtAll(string path)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _host.Url.Port);
        var stream = client.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{{\"text\":\"he";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        client.Client.Shutdown(SocketShutdown.Send); // the promised bytes never come
        using var reader = new StreamReader(stream, Encoding.ASCII);
        string? statusLine;
        try
        {
            statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            // Kestrel aborts a connection that broke its promise; a reset that reaches the client before the 400 does
            // is "nothing at all" as well.
            return;
        }
        if (statusLine is null) return; // Kestrel may just close a connection that broke its promise
        var status = int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture);
        Assert.InRange(status, 400, 499);
    }

    [Fact]
    public async Task NonNumericContentLength_Answers400()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _host.Url.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: -7\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("HTTP/1.1 400", statusLine);
    }

    private static byte[] Body(Random random) => random.Next(6) switch
    {
        0 => RandomBytes(random),
        1 => Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(Mutate(Templates[random.Next(Templates.Length)], random))),
        2 => Encoding.UTF8.GetBytes("command=/partner&user_id=" + Garbage(random, 5) + "&team_id=&text=" + Garbage(random, 20) + "&%zz=1"),
        _ => Encoding.UTF8.GetBytes(Mutate(Templates[random.Next(Templates.Length)], random)),
    };

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 2048)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Cuts, duplicates or corrupts a template a little, so most bodies are almost right.</summary>
    private static string Mutate(string json, Random random) => random.Next(5) switch
    {
        0 => json[..random.Next(json.Length + 1)],
        1 => json.Replace("\"", random.Next(2) == 0 ? "'" : "\"\"", StringComparison.Ordinal),
        2 => json.Insert(random.Next(json.Length + 1), Garbage(random, 8)),
        _ => json,
    };

    private static string Garbage(Random random, int max)
    {
        const string alphabet = "abc{}[]\":,\\\u0000\u00e9\u4e2d\ud83d\ude00 %&=+<>";
        var chars = new char[random.Next(max + 1)];
        for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[random.Next(alphabet.Length)];
        return new string(chars);
    }

    private static void Sign(HttpRequestMessage request, byte[] body, Random random)
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", ts);
        request.Headers.TryAddWithoutValidation("X-Slack-Signature", SlackRequestVerifier.Sign(Secret, ts, body));
        // A few sign one thing and send another.
        if (random.Next(10) == 0) request.Headers.Remove("X-Slack-Request-Timestamp");
    }
}
