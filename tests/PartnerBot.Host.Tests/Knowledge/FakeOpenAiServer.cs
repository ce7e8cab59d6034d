using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Knowledge;

/// <summary>
/// An OpenAI-compatible chat server on 127.0.0.1 (Kestrel, port 0): POST …/chat/completions answers with whatever the
/// test's script returns for the n-th request — a tool call, a text answer, an error, or a stall. Every request body is kept.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private WebApplication _app = null!;

    public delegate Task<IResult> Script(int index, JsonNode request, CancellationToken ct);

    private FakeOpenAiServer() { }

    public ConcurrentQueue<JsonNode> Requests { get; } = new();
    public ConcurrentQueue<string> Paths { get; } = new();
    public string BaseUrl { get; private set; } = "";
    /// <summary>The Assistant:Endpoint to configure: the server's /v1 base address.</summary>
    public string Endpoint => BaseUrl + "/v1/";

    public static async Task<FakeOpenAiServer> StartAsync(Script script)
    {
        var server = new FakeOpenAiServer();
        (server._app, server.BaseUrl) = await LocalServer.StartAsync(app => app.MapPost("/{**path}", async (HttpContext http, string path) =>
        {
            server.Paths.Enqueue(http.Request.Path);
            if (!path.EndsWith("chat/completions", StringComparison.Ordinal)) return Results.NotFound();
            var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) ?? new JsonObject();
            server.Requests.Enqueue(body);
            return await script(server.Requests.Count - 1, body, http.RequestAborted);
        }));
        return server;
    }

    /// <summary>A completion whose message asks for these tool calls: (function name, JSON arguments).</summary>
    public static IResult ToolCalls(params (string Name, string Arguments)[] calls) => Completion(new JsonObject
    {
        ["role"] = "assistant",
        ["content"] = null,
        ["tool_calls"] = new JsonArray(calls.Select((c, i) => (JsonNode)new JsonObject
        {
            ["id"] = $"call_{i + 1}",
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments },
        }).ToArray()),
    }, "tool_calls");

    /// <summary>A completion that answers with this text.</summary>
    public static IResult Text(string content) =>
        Completion(new JsonObject { ["role"] = "assistant", ["content"] = content }, "stop");

    private static IResult Completion(JsonObject message, string finishReason) => Results.Json(new JsonObject
    {
        ["id"] = "chatcmpl-fake",
        ["object"] = "chat.completion",
        ["created"] = 1_763_888_400,
        ["model"] = "fake-model",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finishReason }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 10, ["total_tokens"] = 20 },
    });

    /// <summary>The contents of the tool messages in a request: what the plugins returned to the model.</summary>
    public static IReadOnlyList<string> ToolResults(JsonNode request) =>
        request["messages"]!.AsArray()
            .Where(m => m?["role"]?.GetValue<string>() == "tool")
            .Select(m => m!["content"] is JsonValue v ? v.GetValue<string>() : m!["content"]!.ToJsonString())
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Keeps every log line so a test can check the log says why the model path was left.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)}");
    }
}
