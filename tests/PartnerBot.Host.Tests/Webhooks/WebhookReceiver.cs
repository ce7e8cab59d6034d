using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Webhooks;

/// <summary>One post as the receiver got it: the path it was sent to, its headers, and the exact bytes of its body.</summary>
internal sealed record ReceivedPost(string Path, Dictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    public string Type => Json.GetProperty("type").GetString()!;
    public string EventId => Json.GetProperty("id").GetString()!;
    public string Header(string name) => Headers.TryGetValue(name, out var v) ? v : "";
}

/// <summary>
/// A receiver of webhooks as a partner program's other system would run one: a real HTTP server on 127.0.0.1 and a
/// free port. It answers what the test scripts (a status code, or no answer until the caller gives up), and keeps
/// every post. Its signature check is written here from docs/webhooks.md, not taken from the product.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>Never answers: the request waits until the sender gives up on it.</summary>
    public const int NoAnswer = -1;

    private readonly WebApplication _app;
    private readonly SemaphoreSlim _arrived = new(0);

    public ConcurrentQueue<int> Script { get; } = new();
    public ConcurrentQueue<ReceivedPost> Posts { get; } = new();
    public string BaseUrl { get; }

    private WebhookReceiver(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        WebhookReceiver? receiver = null;
        var (app, url) = await LocalServer.StartAsync(a => a.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver!.Posts.Enqueue(new ReceivedPost(http.Request.Path, headers, buffer.ToArray()));
            var status = receiver.Script.TryDequeue(out var next) ? next : StatusCodes.Status200OK;
            receiver._arrived.Release();
            if (status == NoAnswer)
            {
                // Held until the sender hangs up (or the receiver stops); bounded so a broken test cannot hang the run.
                try { await Task.Delay(TimeSpan.FromMinutes(2), http.RequestAborted); } catch (OperationCanceledException) { }
                return Results.Empty;
            }
            return Results.StatusCode(status);
        }));
        receiver = new WebhookReceiver(app, url);
        return receiver;
    }

    public string Url(string path) => $"{BaseUrl}/{path}";

    /// <summary>Waits (bounded) until a post has arrived.</summary>
    public async Task WaitForPostAsync()
    {
        if (!await _arrived.WaitAsync(TimeSpan.FromSeconds(30))) throw new TimeoutException("No webhook post arrived.");
    }

    public List<ReceivedPost> At(string path) => Posts.Where(p => p.Path == "/" + path).ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _arrived.Dispose();
    }

    /// <summary>
    /// The receiver's own check, from the documentation: HMAC-SHA256 keyed with the secret's UTF-8 bytes over
    /// "v1:" + the timestamp header + ":" + the raw body bytes, compared in constant time with the hex after "v1=";
    /// and the timestamp within five minutes of the receiver's clock.
    /// </summary>
    public static bool Verifies(ReceivedPost post, string secret, DateTimeOffset now)
    {
        var timestamp = post.Header("X-PartnerBot-Timestamp");
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return false;
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > 300) return false;
        var signed = Encoding.ASCII.GetBytes($"v1:{timestamp}:").Concat(post.Body).ToArray();
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = "v1=" + string.Concat(hmac.ComputeHash(signed).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        var given = post.Header("X-PartnerBot-Signature");
        return given.Length == expected.Length &&
               CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given));
    }
}

/// <summary>A test's own host (the demo program, a fake clock) and a receiver, both stopped after the test.</summary>
public abstract class WebhookTestHost : IAsyncLifetime
{
    private protected readonly TestHost _host = new();
    private protected WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _host.Dispose();
    }
}
