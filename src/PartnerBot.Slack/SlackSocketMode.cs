using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PartnerBot.Slack;

/// <summary>
/// Socket Mode (when Slack:AppToken is set): the bot dials out to Slack, so it runs against a real workspace with no
/// public URL. apps.connections.open gives a WebSocket URL; Slack says hello, then sends envelopes that are acknowledged
/// with their envelope_id (within 3 s) and handled by the same code as the HTTP endpoints. A "disconnect" message or a
/// dropped socket leads to a fresh connection.
/// </summary>
public sealed partial class SlackSocketMode(
    SlackApiClient api,
    SlackRequestHandler handler,
    IOptions<SlackOptions> options,
    ILogger<SlackSocketMode> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>How many connections have been opened (tests watch reconnects).</summary>
    public int Connections { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || !options.Value.SocketMode) return;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var url = await api.OpenConnectionAsync(stoppingToken);
                using var socket = new ClientWebSocket();
                await socket.ConnectAsync(url, stoppingToken);
                Connections++;
                failures = 0;
                Log.Connected(logger, url.Host);
                await ReceiveAsync(socket, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or SlackApiException or IOException)
            {
                failures++;
                Log.Dropped(logger, ex.Message);
            }
            if (failures > 0)
            {
                // Back off only when connecting fails; a clean "disconnect" reconnects at once.
                var delay = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(failures, 10))));
                try { await Task.Delay(delay, stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Envelopes being stored and acknowledged at once, per connection.</summary>
    public const int MaxInFlight = 64;

    private async Task ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        using var sendLock = new SemaphoreSlim(1, 1);
        var inFlight = new SemaphoreSlim(MaxInFlight, MaxInFlight); // not disposed: envelopes still running release it after the loop ends
        var buffer = new ArrayBufferWriter<byte>();
        while (socket.State == WebSocketState.Open)
        {
            buffer.Clear();
            ValueWebSocketReceiveResult r;
            do
            {
                r = await socket.ReceiveAsync(buffer.GetMemory(8192), ct);
                buffer.Advance(r.Count);
            } while (!r.EndOfMessage);
            if (r.MessageType == WebSocketMessageType.Close)
            {
                Log.Dropped(logger, "closed by Slack");
                return;
            }
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(buffer.WrittenMemory);
            }
            catch (JsonException)
            {
                Log.Unreadable(logger);
                continue;
            }
            using (doc)
            {
                var frame = doc.RootElement;
                var type = SlackIdentity.Str(frame, "type");
                if (type == "hello") continue;
                if (type == "disconnect")
                {
                    var reason = SlackIdentity.Str(frame, "reason") ?? "?";
                    Log.Disconnect(logger, reason);
                    await CloseQuietlyAsync(socket);
                    return;
                }
                if (SlackIdentity.Str(frame, "envelope_id") is not { } envelopeId) continue;
                // Each envelope is handled on its own, so a modal submission (which runs its turn before answering)
                // never delays the acknowledgement of the envelopes behind it.
                // At most MaxInFlight at once: past that, reading waits for one to finish, and Slack redelivers what
                // it did not see acknowledged (storing in the inbox takes milliseconds, so this is overload only).
                var copy = frame.Clone();
                await inFlight.WaitAsync(ct);
                _ = Task.Run(async () =>
                {
                    try { await AcknowledgeAsync(socket, sendLock, envelopeId, type, copy, ct); }
                    finally { inFlight.Release(); }
                }, CancellationToken.None);
            }
        }
    }

    private async Task AcknowledgeAsync(ClientWebSocket socket, SemaphoreSlim sendLock, string envelopeId, string? type, JsonElement frame, CancellationToken ct)
    {
        try
        {
            var ack = await DispatchAsync(type, frame, ct);
            var answer = new JsonObject { ["envelope_id"] = envelopeId };
            if (ack.Body is not null) answer["payload"] = ack.Body.DeepClone();
            var bytes = Encoding.UTF8.GetBytes(answer.ToJsonString());
            await sendLock.WaitAsync(ct);
            try
            {
                if (socket.State == WebSocketState.Open) await socket.SendAsync(bytes, WebSocketMessageType.Text, true, ct);
            }
            finally
            {
                sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection went away: Slack redelivers what was not acknowledged.
            Log.Dropped(logger, ex.Message);
        }
    }

    private async Task<SlackAck> DispatchAsync(string? type, JsonElement frame, CancellationToken ct)
    {
        if (!frame.TryGetProperty("payload", out var payload)) return SlackAck.Ok;
        int? retry = frame.TryGetProperty("retry_attempt", out var ra) && ra.ValueKind == JsonValueKind.Number ? ra.GetInt32() : null;
        return type switch
        {
            "events_api" => await handler.HandleEventAsync(payload, retry, null, ct),
            "slash_commands" => await handler.HandleCommandAsync(payload.ValueKind == JsonValueKind.Object
                ? payload.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!)
                : [], null, ct),
            "interactive" => await handler.HandleInteractionAsync(payload, null, ct),
            _ => SlackAck.Ok,
        };
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnecting", cts.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Slack Socket Mode connected to {Host}")]
        public static partial void Connected(ILogger logger, string host);

        [LoggerMessage(EventId = 3302, Level = LogLevel.Warning, Message = "Slack Socket Mode connection lost ({Reason}); reconnecting")]
        public static partial void Dropped(ILogger logger, string reason);

        [LoggerMessage(EventId = 3303, Level = LogLevel.Information, Message = "Slack asked to reconnect ({Reason})")]
        public static partial void Disconnect(ILogger logger, string reason);

        [LoggerMessage(EventId = 3304, Level = LogLevel.Warning, Message = "An unreadable Socket Mode frame was skipped")]
        public static partial void Unreadable(ILogger logger);
    }
}
