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
using PartnerBot.Notifications;
using PartnerBot.Storage;
using PartnerBot.Testing;
using Xunit.Abstractions;

namespace PartnerBot.Teams.Tests;

/// <summary>
/// End to end with Microsoft's own Teams client for local testing, the Microsoft 365 Agents Playground (npm, pinned):
/// the real host on a socket, the playground driven through its API as its UI would, and every step's outcome
/// counted. As root, where unshare exists, the playground runs in a network namespace with only loopback; the
/// bot and the test reach it over Unix sockets (see tools/peers/playground-bridge.js).
/// </summary>
[Trait("Category", "E2E")]
public sealed class PlaygroundE2ETests(ITestOutputHelper output)
{
    private const string Bot = "00000000-0000-4000-8000-00000000b0b0";
    private const string Tom = "29:acme-tom";
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
            ("proactive message through the outbox", async () =>
            {
                await using (var scope = session.Host.Services.CreateAsyncScope())
                {
                    scope.ServiceProvider.GetRequiredService<Notifier>().Queue("acme-tom", Reply.Text("A proactive hello from the outbox."), channel: Channels.Teams);
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
            var (botPort, playgroundPort) = isolated ? (3978, 56150) : (FreePort(), FreePort());
            var playgroundSocket = Path.Combine(dir, "playground.sock");
            var host = TeamsHost.Create(null, services: s =>
                s.AddHttpClient(TeamsEndpoints.ConnectorClientName).ConfigurePrimaryHttpMessageHandler(() => UnixHandler(playgroundSocket)));
            var session = new PlaygroundSession(output, dir, host, isolated, botPort, playgroundPort);
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
        /// arrive. Messages that do not match stay for later steps (the stream interleaves conversations).
        /// </summary>
        public async Task<JsonNode> BotMessageAsync(string conversationId, Func<JsonNode, bool> match)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                while (_messages.TryDequeue(out var m)) _received.Add(m);
                var found = _received.FirstOrDefault(m => m["conversationId"]?.GetValue<string>() == conversationId && match(m));
                if (found is not null)
                {
                    _received.Remove(found);
                    return found;
                }
                try { await _arrived.WaitAsync(limit.Token); }
                catch (OperationCanceledException)
                {
                    throw new InvalidOperationException($"No matching bot message in {conversationId}; waiting: " +
                        string.Join(" | ", _received.Select(r => $"[{r["conversationId"]}] {Text(r)[..Math.Min(120, Text(r).Length)]}")));
                }
            }
        }

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
            await Host.Services.GetRequiredService<TeamsBot>().WhenIdleAsync();
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

        private static int FreePort()
        {
            using var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            return ((IPEndPoint)l.LocalEndpoint).Port;
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
          - id: 29:rep-maya
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
