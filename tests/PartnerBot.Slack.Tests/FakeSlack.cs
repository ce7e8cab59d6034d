using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using PartnerBot.Testing;

namespace PartnerBot.Slack.Tests;

/// <summary>One Web API call the bot made: the method, its token and its arguments (JSON or form, as JSON).</summary>
public sealed record SlackCall(string Method, string? Token, JsonObject Args)
{
    public string? Channel => Args["channel"]?.ToString();
    public string? User => Args["user"]?.ToString();
    public JsonArray? Blocks => Args["blocks"] as JsonArray ?? Args["view"]?["blocks"] as JsonArray;
    public string BlocksJson => Blocks?.ToJsonString() ?? "";
    public override string ToString() => $"{Method} {Args.ToJsonString()}";
}

/// <summary>
/// A fake Slack on 127.0.0.1: the Web API under /api/{method} (records every call, answers ok unless told otherwise)
/// and a Socket Mode WebSocket at /socket that a test drives frame by frame.
/// </summary>
public sealed class FakeSlack : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly ConcurrentQueue<SlackCall> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Body, int? RetryAfter)>> _scripted = new();
    private readonly Channel<SocketSession> _sockets = Channel.CreateUnbounded<SocketSession>();
    private readonly SemaphoreSlim _callSignal = new(0);
    private readonly ConcurrentQueue<SocketSession> _sessions = new();

    private FakeSlack() { }

    public Uri BaseUrl { get; private set; } = null!;
    public Uri ApiBaseUrl => new(BaseUrl, "/api/");
    public IReadOnlyList<SlackCall> Calls => _calls.ToArray();
    public IReadOnlyList<SlackCall> Posts => Calls.Where(c => c.Method is "chat.postMessage" or "chat.postEphemeral" or "views.open" or "views.update" or "views.publish").ToList();
    /// <summary>Home team of users the fake's users.info knows: user id → (team, is_stranger).</summary>
    public ConcurrentDictionary<string, (string Team, bool Stranger)> Users { get; } = new();

    public static async Task<FakeSlack> StartAsync()
    {
        var fake = new FakeSlack();
        var (app, baseUrl) = await LocalServer.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Map("/socket", fake.SocketAsync);
            app.MapPost("/api/{method}", fake.ApiAsync);
        });
        fake._app = app;
        fake.BaseUrl = new Uri(baseUrl);
        return fake;
    }

    /// <summary>The next call to <paramref name="method"/> gets this answer (queued; afterwards the default again).</summary>
    public void Script(string method, int status, string body, int? retryAfter = null) =>
        _scripted.GetOrAdd(method, _ => new()).Enqueue((status, body, retryAfter));

    public void Clear() => _calls.Clear();

    /// <summary>While set, every Web API call is recorded and then held unanswered (a test kills the host meanwhile).</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>
    /// Once this many chat.postMessage calls were answered, <see cref="Hold"/> is set and every later call held: set
    /// before a burst, the hold can never come after the burst is already delivered (a fast machine does that).
    /// </summary>
    public int? HoldAfterPosts { get; set; }

    /// <summary>While set, each chat.postMessage is answered only after this long (a slow Slack); a caller gone meanwhile gets nothing.</summary>
    public TimeSpan? PostDelay { get; set; }

    /// <summary>
    /// Ends a hold whose caller was killed: first waits until every held call has seen its connection close (each
    /// leaves unanswered), then lets later calls through. Releasing at once would race the server noticing the
    /// closed socket: under load a held call could still be answered, and counted, to a caller that is gone.
    /// </summary>
    public async Task ReleaseHoldOfGoneCallerAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Volatile.Read(ref _holding) > 0)
        {
            if (timeout.IsCancellationRequested)
                throw new TimeoutException($"{_holding} held call(s) still see their caller connected 30 s after it was killed.");
            await Task.Delay(20, CancellationToken.None);
        }
        var hold = Hold;
        HoldAfterPosts = null;
        Hold = null;
        hold?.TrySetResult();
    }

    /// <summary>Calls held (or delayed) right now.</summary>
    public int Holding => _holding;
    private int _holding;
    private readonly Lock _holdLock = new();

    private readonly ConcurrentQueue<SlackCall> _answered = new();

    /// <summary>The calls the fake answered to a caller still there to read the answer: what "sent" means to the bot.</summary>
    public IReadOnlyList<SlackCall> Answered => _answered.ToArray();

    public async Task<SlackCall> WaitForCallAsync(string method, int count = 1)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (Calls.Count(c => c.Method == method) < count)
            await _callSignal.WaitAsync(timeout.Token);
        return Calls.Where(c => c.Method == method).ElementAt(count - 1);
    }

    private async Task<IResult> ApiAsync(string method, HttpRequest request)
    {
        var token = request.Headers.Authorization.ToString() is { Length: > 7 } auth ? auth[7..] : null;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        JsonObject args;
        if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true)
            args = JsonNode.Parse(text) as JsonObject ?? [];
        else
        {
            args = [];
            foreach (var (k, v) in QueryHelpers.ParseQuery(text)) args[k] = v.ToString();
        }
        var call = new SlackCall(method, token, args);
        _calls.Enqueue(call);
        _callSignal.Release();
        if (HoldAfterPosts is { } limit && Hold is null)
            lock (_holdLock)
                if (Hold is null && _answered.Count(c => c.Method == "chat.postMessage") >= limit) Hold = new TaskCompletionSource();
        if (PostDelay is { } delay && method == "chat.postMessage")
        {
            Interlocked.Increment(ref _holding);
            try
            {
                await Task.Delay(delay, request.HttpContext.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return Results.Empty; // the caller is gone: it never learns whether this was sent
            }
            finally
            {
                Interlocked.Decrement(ref _holding);
            }
        }
        if (Hold is { } hold)
        {
            Interlocked.Increment(ref _holding);
            try
            {
                await hold.Task.WaitAsync(request.HttpContext.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return Results.Empty; // the caller is gone: it never learns whether this was sent
            }
            finally
            {
                Interlocked.Decrement(ref _holding);
            }
            if (request.HttpContext.RequestAborted.IsCancellationRequested) return Results.Empty;
        }

        if (_scripted.TryGetValue(method, out var queue) && queue.TryDequeue(out var s))
        {
            if (s.RetryAfter is { } after) request.HttpContext.Response.Headers.RetryAfter = after.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Text(s.Body, "application/json", Encoding.UTF8, s.Status);
        }
        _answered.Enqueue(call);
        JsonObject answer = method switch
        {
            "conversations.open" => new() { ["ok"] = true, ["channel"] = new JsonObject { ["id"] = "D" + args["users"] } },
            "chat.postMessage" or "chat.postEphemeral" => new() { ["ok"] = true, ["ts"] = "1700000000.000100", ["message_ts"] = "1700000000.000100" },
            "views.open" or "views.update" or "views.publish" => new() { ["ok"] = true, ["view"] = new JsonObject { ["id"] = "V0FAKE" } },
            "users.info" => UsersInfo(args["user"]?.ToString() ?? ""),
            "team.info" => new() { ["ok"] = true, ["team"] = new JsonObject { ["id"] = "T0NWCLOUD", ["name"] = "Northwind Cloud" } },
            "apps.connections.open" => new() { ["ok"] = true, ["url"] = $"ws://127.0.0.1:{BaseUrl.Port}/socket" },
            _ => new() { ["ok"] = true },
        };
        return Results.Text(answer.ToJsonString(), "application/json", Encoding.UTF8);
    }

    private JsonObject UsersInfo(string user) => Users.TryGetValue(user, out var u)
        ? new()
        {
            ["ok"] = true,
            ["user"] = new JsonObject
            {
                ["id"] = user, ["team_id"] = u.Team, ["is_stranger"] = u.Stranger, ["is_bot"] = false, ["deleted"] = false,
                ["is_email_confirmed"] = Emails.ContainsKey(user),
                ["profile"] = Emails.TryGetValue(user, out var email) ? new JsonObject { ["email"] = email } : new JsonObject(),
            },
        }
        : new() { ["ok"] = false, ["error"] = "user_not_found" };

    /// <summary>The profile e-mail users.info returns for a user in <see cref="Users"/> (as with the users:read.email scope).</summary>
    public ConcurrentDictionary<string, string> Emails { get; } = new();

    // ---- Socket Mode ----

    public sealed class SocketSession(WebSocket socket)
    {
        public WebSocket Socket { get; } = socket;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task SendAsync(string json) => Socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

        public async Task<JsonObject> ReceiveAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var buffer = new byte[64 * 1024];
            using var ms = new MemoryStream();
            WebSocketReceiveResult r;
            do
            {
                r = await Socket.ReceiveAsync(buffer, timeout.Token);
                ms.Write(buffer, 0, r.Count);
            } while (!r.EndOfMessage);
            return (JsonObject)JsonNode.Parse(ms.ToArray())!;
        }

        /// <summary>Drops the connection without a close handshake, like a network failure.</summary>
        public void Drop()
        {
            if (Done.Task.IsCompleted) return;
            try { Socket.Abort(); } catch (ObjectDisposedException) { }
            Done.TrySetResult();
        }

        public async Task CloseAsync()
        {
            try { await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None); } catch (WebSocketException) { }
            Done.TrySetResult();
        }
    }

    /// <summary>The next Socket Mode connection the bot opens.</summary>
    public async Task<SocketSession> AcceptSocketAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await _sockets.Reader.ReadAsync(timeout.Token);
    }

    private async Task SocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = (int)HttpStatusCode.BadRequest;
            return;
        }
        var socket = await context.WebSockets.AcceptWebSocketAsync();
        var session = new SocketSession(socket);
        _sessions.Enqueue(session);
        await _sockets.Writer.WriteAsync(session);
        await session.Done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _sessions) s.Drop();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _callSignal.Dispose();
    }
}
