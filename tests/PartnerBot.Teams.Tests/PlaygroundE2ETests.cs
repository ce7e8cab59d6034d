using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Conversations;
using PartnerBot.Deals;
using PartnerBot.Notifications;
using PartnerBot.Storage;
using PartnerBot.Testing;
using Xunit.Abstractions;

namespace PartnerBot.Teams.Tests;

/// <summary>
/// End to end with Microsoft's own Teams client for local testing, the Microsoft 365 Agents Playground (npm, pinned):
/// the real host on a socket, the playground driven through its API as its UI would, and every step's outcome
/// counted: install, help, the settings form, a card refreshed in place, the group chat, a deal registered through
/// the form card and approved by the owning rep through Action.Execute on the review card the outbox delivered to
/// her 1:1 chat, that card rewritten in place afterwards and refreshed for her (issue 18), and a proactive message. As root, where unshare exists, the playground runs in a network namespace with only loopback; the
/// bot and the test reach it over Unix sockets (see tools/peers/playground-bridge.js).
/// </summary>
[Trait("Category", "E2E")]
public sealed class PlaygroundE2ETests(ITestOutputHelper output)
{
    private const string Bot = "00000000-0000-4000-8000-00000000b0b0";
    private const string Tom = "29:acme-tom";
    /// <summary>
    /// Maya's playground id is her AAD object id: the bot knows reps by tenant and AAD object id only (people.json),
    /// opens a 1:1 chat with members [{id: aadObjectId}], and the playground looks members up by their id.
    /// </summary>
    private const string Maya = Demo.MayaAad;
    private const string PersonalChat = "a:personal-acme-tom";
    private const string GroupChat = "19:acme-partners@thread.v2";

    [PeerFact("node", "npm:@microsoft/m365agentsplayground")]
    public async Task Playground_Conversation_EveryStepPasses()
    {
        await using var session = await PlaygroundSession.StartAsync(output);
        var steps = new List<(string Name, Func<Task> Run)>
        {
            ("install → welcome", async () =>
            {
                await session.PostAsync($"/_debug/conversation/{Uri.EscapeDataString(PersonalChat)}/installation", null);
                await session.BotMessageAsync(PersonalChat, m => Text(m).Contains("Hi Tom Whitaker", StringComparison.Ordinal));
            }),
            ("help → menu", async () =>
            {
                await session.SayAsync(PersonalChat, "help");
                var menu = await session.BotMessageAsync(PersonalChat, m => Text(m).Contains("Your language, time zone", StringComparison.Ordinal));
                Assert.Contains("Action.Submit", menu.ToJsonString());
            }),
            ("settings form submitted through the card (Action.Submit)", async () =>
            {
                await session.SayAsync(PersonalChat, "settings");
                var form = await session.BotMessageAsync(PersonalChat, m => Text(m).Contains("Your settings", StringComparison.Ordinal));
                var value = SubmitValue(form, "Save", new() { ["timeZone"] = "Europe/Warsaw", ["reminders"] = "DailySummary", ["notifyChannel"] = "teams" });
                await session.PostAsync("/_conversation/v1/submit", new JsonObject
                {
                    ["conversation"] = new JsonObject { ["id"] = PersonalChat },
                    ["from"] = new JsonObject { ["id"] = Tom },
                    ["replyToId"] = form["messageId"]!.ToString(),
                    ["value"] = value,
                });
                await session.BotMessageAsync(PersonalChat, m => Text(m).Contains("Saved. Here are your settings", StringComparison.Ordinal));
                var tom = await session.Host.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == "acme-tom"));
                Assert.Equal("Europe/Warsaw", tom.Preferences.TimeZone);
                Assert.Equal("teams", tom.Preferences.NotifyChannel);
            }),
            ("card refreshed in place (Action.Execute)", async () =>
            {
                await session.SayAsync(PersonalChat, "help");
                var menu = await session.BotMessageAsync(PersonalChat, m => Text(m).Contains("Your language, time zone", StringComparison.Ordinal));
                var response = await session.PostAsync("/_conversation/v1/invoke", new JsonObject
                {
                    ["name"] = "adaptiveCard/action",
                    ["value"] = new JsonObject
                    {
                        ["action"] = new JsonObject
                        {
                            ["type"] = "Action.Execute", ["verb"] = ActionNames.Command,
                            ["data"] = new JsonObject { [AdaptiveCardRenderer.ActionKey] = ActionNames.Command, ["text"] = "settings" },
                        },
                    },
                    ["from"] = new JsonObject { ["id"] = Tom },
                    ["conversation"] = new JsonObject { ["id"] = PersonalChat },
                    ["replyToId"] = menu["messageId"]!.ToString(),
                });
                // The playground passes on the invoke response's type and value (our statusCode is checked in TeamsEndpointTests).
                Assert.True(response?["type"]?.GetValue<string>() == AdaptiveCardInvokeResponse.CardType, $"invoke answered: {response?.ToJsonString()}");
                Assert.Contains("Your settings", FakeBotFramework.TextOf(new JsonObject { ["attachments"] = new JsonArray(new JsonObject { ["content"] = response!["value"]!.DeepClone() }) }));
                await session.SayAsync(PersonalChat, "cancel");
                await session.BotMessageAsync(PersonalChat, m => Text(m).StartsWith("Cancelled", StringComparison.Ordinal));
            }),
            ("group chat: answered when mentioned, private answer in the 1:1 chat", async () =>
            {
                await session.PostAsync($"/_debug/conversation/{Uri.EscapeDataString(GroupChat)}/installation", null);
                await session.BotMessageAsync(GroupChat, m => Text(m).StartsWith("Hi everyone, I'm PartnerBot", StringComparison.Ordinal));
                await session.SayAsync(GroupChat, "<at>PartnerBot</at> settings", mention: true);
                await session.BotMessageAsync(PersonalChat, m => Text(m).Contains("Your settings", StringComparison.Ordinal));
                await session.BotMessageAsync(GroupChat, m => Text(m) == "Tom Whitaker, I've sent you my answer in a private chat.");
            }),
            ("deal registered through the card (Action.Submit) → in review", async () =>
            {
                await session.SayAsync(PersonalChat, "register a deal");
                var form = await session.BotMessageAsync(PersonalChat, m => m.ToJsonString().Contains("Input.Date", StringComparison.Ordinal) && Text(m).Contains("Register a deal", StringComparison.Ordinal));
                // Globex is a direct-sales account (samples/demo-program/direct-accounts.json), and the amount is above the review threshold.
                var value = SubmitValue(form, "Register", new()
                {
                    ["company"] = "Globex Corp", ["closeDate"] = "2027-01-31", ["amount"] = "300000",
                    ["contactName"] = "Hank Scorpio", ["contactEmail"] = "hank@globex.example",
                });
                await session.PostAsync("/_conversation/v1/submit", new JsonObject
                {
                    ["conversation"] = new JsonObject { ["id"] = PersonalChat },
                    ["from"] = new JsonObject { ["id"] = Tom },
                    ["replyToId"] = form["messageId"]!.ToString(),
                    ["value"] = value,
                });
                await session.BotMessageAsync(PersonalChat, m => Text(m).Contains("Received: Globex Corp is in review by your partner manager.", StringComparison.Ordinal));
                var deal = await session.Host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().SingleAsync(d => d.CompanyName == "Globex Corp"));
                Assert.Equal(DealStatus.InReview, deal.Status);
                Assert.Equal("acme-tom", deal.RegisteredByPersonId);
                Assert.Equal(300_000m, deal.Amount);
            }),
            ("rep's review card delivered proactively, approved through Action.Execute, partner told", async () =>
            {
                var deal = await session.Host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().SingleAsync(d => d.CompanyName == "Globex Corp"));
                // Maya (Acme's rep) has chosen Teams for her notifications, as the settings form would store it (the
                // playground sends messages only as its current user, Tom, so she cannot type "settings" herself).
                await session.Host.WithDbAsync(async db =>
                {
                    var maya = await db.People.SingleAsync(p => p.Id == "rep-maya");
                    maya.Preferences.NotifyChannel = Channels.Teams;
                    return await db.SaveChangesAsync();
                });
                await session.Host.DeliverOutboxAsync();
                var sent = await session.Host.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(o => o.DedupeKey == $"deal-review:{deal.Id}:rep-maya"));
                Assert.True(sent.DeliveredVia == Channels.Teams, $"review card: delivered via {sent.DeliveredVia ?? "nothing"}, last error {sent.LastError}");
                // The bot opened a 1:1 chat with Maya through the playground's connector, which accepted the card (201
                // and a message id). The playground streams only its current user's (Tom's) conversations to a client,
                // so the card is read as the bot posted it, and Maya presses it through the playground's invoke API.
                var posted = session.Posted.Single(p => FakeBotFramework.TextOf(p.Activity).Contains("Review: Acme Integrations Ltd registered Globex Corp", StringComparison.Ordinal));
                var conversationId = posted.ConversationId;
                Assert.NotEqual(PersonalChat, conversationId);
                Assert.False(string.IsNullOrEmpty(posted.Id), "the playground gave the review card no message id");
                output.WriteLine($"review card posted into Maya's 1:1 chat {conversationId} as message {posted.Id}");
                var review = posted.Activity;
                Assert.Contains("Direct-sales account", Text(review));
                var approve = Button(review, "Approve");
                Assert.Equal("Action.Execute", approve["type"]!.GetValue<string>());

                var response = await session.PostAsync("/_conversation/v1/invoke", new JsonObject
                {
                    ["name"] = "adaptiveCard/action",
                    ["value"] = new JsonObject
                    {
                        ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = approve["verb"]!.DeepClone(), ["data"] = approve["data"]!.DeepClone() },
                    },
                    ["from"] = new JsonObject { ["id"] = Maya },
                    ["conversation"] = new JsonObject { ["id"] = conversationId },
                    ["replyToId"] = posted.Id,
                });
                Assert.True(response?["type"]?.GetValue<string>() == AdaptiveCardInvokeResponse.CardType, $"invoke answered: {response?.ToJsonString()}");
                Assert.Contains($"Approved Globex Corp ({deal.Id}). The partner has been told.",
                    FakeBotFramework.TextOf(new JsonObject { ["attachments"] = new JsonArray(new JsonObject { ["content"] = response!["value"]!.DeepClone() }) }));
                var decided = await session.Host.WithDbAsync(db => db.DealRegistrations.AsNoTracking().SingleAsync(d => d.Id == deal.Id));
                Assert.Equal(DealStatus.Approved, decided.Status);
                Assert.Equal("rep-maya", decided.ReviewerPersonId);

                await session.Host.DeliverOutboxAsync();
                await session.BotMessageAsync(PersonalChat, m => Text(m).Contains("Good news: your registration of Globex Corp is approved and protected until", StringComparison.Ordinal));

                // Issue 18: Maya's card is rewritten in place through the playground's connector (updateActivity on the
                // message id it gave the card), and its Universal Actions refresh shows her the decision, not the buttons.
                var rewrite = await session.Host.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(o => o.UpdatesMessageId == sent.Id));
                Assert.True(rewrite.DeliveredAt is not null && rewrite.DeliveredVia == Channels.Teams,
                    $"card rewrite: delivered via {rewrite.DeliveredVia ?? "nothing"}, last error {rewrite.LastError}");
                var refresh = review["attachments"]![0]!["content"]!["refresh"]!["action"]!;
                var refreshed = await session.PostAsync("/_conversation/v1/invoke", new JsonObject
                {
                    ["name"] = "adaptiveCard/action",
                    ["value"] = new JsonObject
                    {
                        ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = refresh["verb"]!.DeepClone(), ["data"] = refresh["data"]!.DeepClone() },
                        ["trigger"] = "automatic",
                    },
                    ["from"] = new JsonObject { ["id"] = Maya },
                    ["conversation"] = new JsonObject { ["id"] = conversationId },
                    ["replyToId"] = posted.Id,
                });
                var now = refreshed!["value"]!.ToJsonString();
                Assert.Contains("Approved by Maya Lindqvist", now);
                Assert.DoesNotContain("ActionSet", now);
            }),
            ("proactive message through the outbox", async () =>
            {
                await using (var scope = session.Host.Services.CreateAsyncScope())
                {
                    scope.ServiceProvider.GetRequiredService<Notifier>().QueueVia("acme-tom", Reply.Text("A proactive hello from the outbox."), Channels.Teams);
                    await scope.ServiceProvider.GetRequiredService<PartnerBotDb>().SaveChangesAsync();
                }
                await session.Host.DeliverOutboxAsync();
                await session.BotMessageAsync(PersonalChat, m => Text(m) == "A proactive hello from the outbox.");
            }),
        };

        var failed = new List<string>();
        foreach (var (name, run) in steps)
        {
            try
            {
                await run();
                output.WriteLine($"PASS {name}");
            }
            catch (Exception ex)
            {
                failed.Add(name);
                output.WriteLine($"FAIL {name}: {ex.Message}");
            }
        }
        var summary = $"Teams E2E (Agents Playground{(session.Isolated ? ", own network namespace" : ", loopback")}): {steps.Count - failed.Count} passed, {failed.Count} failed";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        if (failed.Count > 0)
        {
            output.WriteLine(session.Transcript());
            session.KeepFiles = true;
        }
        Assert.True(failed.Count == 0, $"{summary}: {string.Join("; ", failed)}");
    }

    private static string Text(JsonNode message) =>
        message["text"]?.GetValue<string>() is { Length: > 0 } t ? t : FakeBotFramework.TextOf(message);

    private static JsonNode Button(JsonNode message, string title) =>
        message["attachments"]![0]!["content"]!["body"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "ActionSet")
            .SelectMany(s => s!["actions"]!.AsArray()).First(a => a!["title"]!.GetValue<string>() == title)!;

    /// <summary>What the playground would send for a press of the card's button: the button's data merged with the inputs.</summary>
    private static JsonObject SubmitValue(JsonNode message, string title, Dictionary<string, string> inputs)
    {
        var card = message["attachments"]![0]!["content"]!;
        var body = card["body"]!.AsArray();
        var button = body.Where(e => e!["type"]!.GetValue<string>() == "ActionSet").SelectMany(s => s!["actions"]!.AsArray())
            .First(a => a!["title"]!.GetValue<string>() == title)!;
        var value = button["data"]!.DeepClone().AsObject();
        foreach (var input in body.Where(e => e!["type"]!.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal)))
            value[input!["id"]!.GetValue<string>()] = input["value"]?.ToString() ?? "";
        foreach (var (k, v) in inputs) value[k] = v;
        return value;
    }

    /// <summary>The host on a Unix socket, the playground behind its bridge, and a client of the playground's API and stream.</summary>
    private sealed class PlaygroundSession : IAsyncDisposable
    {
        private readonly ITestOutputHelper _output;
        private readonly string _dir;
        private readonly ConcurrentQueue<JsonNode> _messages = new();
        private readonly List<JsonNode> _received = [];
        private readonly SemaphoreSlim _arrived = new(0);
        private readonly CancellationTokenSource _stop = new();
        private Process? _bridge;
        private ClientWebSocket? _ws;
        private HttpClient? _http;
        private Task? _reader;
        private readonly StringBuilder _log = new();

        private PlaygroundSession(ITestOutputHelper output, string dir, TestHost host, bool isolated, int botPort, int playgroundPort)
        {
            _output = output;
            _dir = dir;
            Host = host;
            Isolated = isolated;
            BotPort = botPort;
            PlaygroundPort = playgroundPort;
        }

        public TestHost Host { get; }
        /// <summary>Every activity the bot posted to the playground's connector and the id the playground gave it.</summary>
        public ConcurrentQueue<PostedActivity> Posted { get; private init; } = new();
        public bool Isolated { get; }
        /// <summary>Keep the playground's log and config for a look after a failure.</summary>
        public bool KeepFiles { get; set; }
        public int BotPort { get; }
        public int PlaygroundPort { get; }
        private string BotSocket => Path.Combine(_dir, "bot.sock");
        private string PlaygroundSocket => Path.Combine(_dir, "playground.sock");

        public static async Task<PlaygroundSession> StartAsync(ITestOutputHelper output)
        {
            var dir = Directory.CreateTempSubdirectory("pb-playground").FullName;
            var isolated = Environment.IsPrivilegedProcess && Peers.OnPath("unshare") && Peers.OnPath("ip") &&
                           Environment.GetEnvironmentVariable("PARTNERBOT_E2E_NETNS") != "0";
            // In a namespace of its own the documented ports are free; on the shared loopback pick free ones.
            var (botPort, playgroundPort) = isolated ? (3978, 56150) : (LocalServer.FreePort(), LocalServer.FreePort());
            var playgroundSocket = Path.Combine(dir, "playground.sock");
            var posted = new ConcurrentQueue<PostedActivity>();
            var host = TeamsHost.Create(null, services: s =>
                s.AddHttpClient(TeamsEndpoints.ConnectorClientName).ConfigurePrimaryHttpMessageHandler(() => UnixHandler(playgroundSocket))
                    .AddHttpMessageHandler(() => new PostedActivities(posted)));
            var session = new PlaygroundSession(output, dir, host, isolated, botPort, playgroundPort) { Posted = posted };
            host.UseKestrel(k => k.ListenUnixSocket(session.BotSocket));
            host.StartServer();
            await session.StartBridgeAsync();
            return session;
        }

        private async Task StartBridgeAsync()
        {
            var config = Path.Combine(_dir, ".m365agentsplayground.yml");
            await File.WriteAllTextAsync(config, PlaygroundConfig);
            var script = Path.Combine(Peers.PeersFolder, "playground-bridge.js");
            var args = new[] { script, _dir, BotPort.ToString(System.Globalization.CultureInfo.InvariantCulture), PlaygroundPort.ToString(System.Globalization.CultureInfo.InvariantCulture), config };
            ProcessStartInfo psi;
            if (Isolated)
            {
                psi = new ProcessStartInfo("unshare");
                foreach (var a in new[] { "-n", "sh", "-c", "ip link set lo up && exec node \"$@\"", "sh" }.Concat(args)) psi.ArgumentList.Add(a);
            }
            else
            {
                psi = new ProcessStartInfo("node");
                foreach (var a in args) psi.ArgumentList.Add(a);
            }
            psi.WorkingDirectory = Peers.PeersFolder;
            psi.RedirectStandardInput = true;
            psi.RedirectStandardOutput = true;
            psi.RedirectStandardError = true;
            _bridge = Process.Start(psi)!;
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _bridge.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (_log) _log.AppendLine(e.Data);
                if (e.Data.Contains("bridge ready", StringComparison.Ordinal)) ready.TrySetResult();
            };
            _bridge.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
            _bridge.EnableRaisingEvents = true;
            _bridge.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("The playground bridge exited:\n" + Transcript()));
            _bridge.BeginOutputReadLine();
            _bridge.BeginErrorReadLine();
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(90));

            _http = new HttpClient(UnixHandler(PlaygroundSocket)) { BaseAddress = new Uri($"http://127.0.0.1:{PlaygroundPort}") };
            _ws = new ClientWebSocket();
            await _ws.ConnectAsync(new Uri($"ws://127.0.0.1:{PlaygroundPort}/_ws_conversation/v1/conversations/stream"),
                new HttpMessageInvoker(UnixHandler(PlaygroundSocket)), _stop.Token);
            _reader = ReadStreamAsync();
            // The playground reports the configuration it loaded: the demo people's ids.
            var config2 = await _http.GetFromJsonAsync<JsonNode>("/_internal/v1/config");
            Assert.Equal(Demo.TomAad, config2!["config"]!["currentUser"]!["aadObjectId"]!.GetValue<string>());
        }

        private async Task ReadStreamAsync()
        {
            var buffer = new byte[1 << 16];
            using var message = new MemoryStream();
            try
            {
                while (_ws!.State == WebSocketState.Open)
                {
                    var r = await _ws.ReceiveAsync(buffer, _stop.Token);
                    if (r.MessageType == WebSocketMessageType.Close) break;
                    message.Write(buffer, 0, r.Count);
                    if (!r.EndOfMessage) continue;
                    var json = Encoding.UTF8.GetString(message.ToArray());
                    message.SetLength(0);
                    JsonNode? node;
                    try { node = JsonNode.Parse(json); } catch (System.Text.Json.JsonException) { continue; }
                    if (node?["action"]?.GetValue<string>() is "createMessage" or "updateMessage" && node["message"] is { } m &&
                        m["from"]?["id"]?.GetValue<string>() == Bot)
                    {
                        m["conversationId"] = node["actionConversationId"]?.DeepClone();
                        _messages.Enqueue(m.DeepClone());
                        _arrived.Release();
                    }
                }
            }
            catch (OperationCanceledException) { }
            catch (WebSocketException) { }
        }

        /// <summary>
        /// The first bot message not yet taken in <paramref name="conversationId"/> that matches, waiting for it to
        /// arrive (null: in any conversation). Messages that do not match stay for later steps (the stream interleaves conversations).
        /// </summary>
        public async Task<JsonNode> BotMessageAsync(string? conversationId, Func<JsonNode, bool> match)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                while (_messages.TryDequeue(out var m)) _received.Add(m);
                var found = _received.FirstOrDefault(m => (conversationId is null || m["conversationId"]?.GetValue<string>() == conversationId) && match(m));
                if (found is not null)
                {
                    _received.Remove(found);
                    return found;
                }
                try { await _arrived.WaitAsync(limit.Token); }
                catch (OperationCanceledException)
                {
                    throw new InvalidOperationException($"No matching bot message in {conversationId ?? "any conversation"}; waiting: " +
                        string.Join(" | ", _received.Select(r => $"[{r["conversationId"]}] {Text(r)[..Math.Min(120, Text(r).Length)]}")));
                }
            }
        }

        /// <summary>Tom types into a conversation (the playground posts messages as its current user whatever `from` says).</summary>
        public async Task SayAsync(string conversationId, string text, bool mention = false)
        {
            var body = new JsonObject { ["from"] = new JsonObject { ["id"] = Tom }, ["text"] = text, ["textFormat"] = "plain" };
            if (mention)
                body["mentions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "mention", ["text"] = "<at>PartnerBot</at>",
                    ["mentioned"] = new JsonObject { ["id"] = Bot, ["name"] = "PartnerBot" },
                });
            await PostAsync($"/_conversation/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages", body);
        }

        public async Task<JsonNode?> PostAsync(string path, JsonNode? body)
        {
            using var content = new StringContent(body?.ToJsonString() ?? "{}", Encoding.UTF8, "application/json");
            using var response = await _http!.PostAsync(path, content);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
            await Host.Services.GetRequiredService<PartnerBot.Conversations.InboxWorker>().WhenIdleAsync();
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }

        public string Transcript()
        {
            lock (_log) return _log.ToString();
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            if (_reader is not null) await _reader;
            _ws?.Dispose();
            _http?.Dispose();
            if (_bridge is { HasExited: false })
            {
                _bridge.StandardInput.Close();
                if (!_bridge.WaitForExit(5000)) _bridge.Kill(entireProcessTree: true);
            }
            _bridge?.Dispose();
            Host.Dispose();
            _stop.Dispose();
            _arrived.Dispose();
            if (KeepFiles) _output.WriteLine($"playground log kept in {_dir}");
            else try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        }

        private static SocketsHttpHandler UnixHandler(string path) => new()
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }

    public sealed record PostedActivity(string ConversationId, JsonNode Activity, string? Id);

    /// <summary>Records what the bot posts into conversations, as the playground answered it (201 with the message id).</summary>
    private sealed class PostedActivities(ConcurrentQueue<PostedActivity> posted) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            var response = await base.SendAsync(request, cancellationToken);
            var segments = request.RequestUri!.AbsolutePath.Split('/');
            var at = Array.IndexOf(segments, "conversations");
            if (request.Method == HttpMethod.Post && body is not null && response.IsSuccessStatusCode && at >= 0 && at + 2 < segments.Length && segments[at + 2] == "activities")
            {
                var answer = await response.Content.ReadAsStringAsync(cancellationToken); // buffered: the connector client reads it again
                posted.Enqueue(new PostedActivity(Uri.UnescapeDataString(segments[at + 1]), JsonNode.Parse(body)!,
                    answer.Length == 0 ? null : JsonNode.Parse(answer)?["id"]?.GetValue<string>()));
            }
            return response;
        }
    }

    /// <summary>The playground's five users mapped to demo people with Teams identities (samples/demo-program/people.json).</summary>
    private const string PlaygroundConfig = $"""
        version: "0.1.1"
        tenantId: {Demo.Tenant}
        bot:
          id: {Bot}
          name: PartnerBot
        currentUser:
          id: {Tom}
          name: Tom Whitaker
          userPrincipleName: tom.whitaker@acme-integrations.example
          aadObjectId: {Demo.TomAad}
          givenName: Tom
          surname: Whitaker
          email: tom.whitaker@acme-integrations.example
        users:
          - id: {Maya}
            name: Maya Lindqvist
            userPrincipleName: maya.lindqvist@northwind.example
            aadObjectId: {Demo.MayaAad}
            givenName: Maya
            surname: Lindqvist
            email: maya.lindqvist@northwind.example
          - id: 29:rep-arjun
            name: Arjun Mehta
            userPrincipleName: arjun.mehta@northwind.example
            aadObjectId: 00000000-0000-4000-8000-0000000000a2
            givenName: Arjun
            surname: Mehta
            email: arjun.mehta@northwind.example
          - id: 29:mgr-helena
            name: Helena Kowalczyk
            userPrincipleName: helena.kowalczyk@northwind.example
            aadObjectId: 00000000-0000-4000-8000-0000000000b1
            givenName: Helena
            surname: Kowalczyk
            email: helena.kowalczyk@northwind.example
          - id: 29:admin-sam
            name: Sam Okafor
            userPrincipleName: sam.okafor@northwind.example
            aadObjectId: 00000000-0000-4000-8000-0000000000c1
            givenName: Sam
            surname: Okafor
            email: sam.okafor@northwind.example
          - id: 29:borealis-lena
            name: Lena Vogel
            userPrincipleName: lena.vogel@borealis-resale.example
            aadObjectId: {Demo.LenaAad}
            givenName: Lena
            surname: Vogel
            email: lena.vogel@borealis-resale.example
        personalChat:
          id: {PersonalChat}
        groupChat:
          id: {GroupChat}
          name: Acme and Northwind
        team:
          id: 19:northwind-partners@thread.tacv2
          name: Northwind partners
          aadGroupId: 00000000-0000-4000-8000-000000000031
          channels:
            - id: 19:deal-desk@thread.tacv2
              name: Deal desk
        """;
}
