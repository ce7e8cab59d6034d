using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PartnerBot.Host.Tests.Knowledge;
using PartnerBot.Observability;
using PartnerBot.Testing;
using static PartnerBot.Host.Tests.Deals.DealTestKit;

namespace PartnerBot.Host.Tests;

/// <summary>
/// Telemetry tests listen to the process-wide ActivitySource and Meter named PartnerBot, so they run alone: no other
/// host's turns can land in their exporters.
/// </summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>
/// What an operator's collector receives, asserted through the host's own OpenTelemetry pipeline (configured by
/// OpenTelemetry:Endpoint, exporting OTLP to a local stand-in collector) with OpenTelemetry's in-memory exporters added
/// beside it: turns by channel and command, deliveries by channel and outcome, model, search and conflict-check
/// latency, the queue gauges, and the correlation id on every log line of a turn.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<MetricSnapshot> _metrics = new();
    private readonly ScopedLogs _logs = new();
    private StandInCollector _collector = null!;
    private FakeOpenAiServer _model = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _collector = await StandInCollector.StartAsync();
        _model = await FakeOpenAiServer.StartAsync((_, request, _) => Task.FromResult(FakeOpenAiServer.Text(
            request.ToJsonString().Contains("json_object", StringComparison.Ordinal)
                ? "{}" // the deal extractor: nothing usable, so the rules read the sentence
                : "A registration is protected for the number of days the program sets.")));
        _host = new TestHost(settings: new Dictionary<string, string?>
        {
            ["OpenTelemetry:Endpoint"] = _collector.BaseUrl,
            ["OpenTelemetry:Protocol"] = "http/protobuf",
            ["Assistant:Endpoint"] = _model.Endpoint,
            ["Assistant:ApiKey"] = "test-key",
            ["Assistant:Model"] = "fake-model",
            ["Logging:LogLevel:PartnerBot"] = "Debug",
        }, services: s =>
        {
            s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(new QueueCollection<Activity>(_spans)));
            s.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(new QueueCollection<MetricSnapshot>(_metrics)));
            s.AddSingleton<ILoggerProvider>(_logs);
        });
        _ = _host.Services; // start it
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _model.DisposeAsync();
        await _collector.DisposeAsync();
    }

    private IReadOnlyList<MetricSnapshot> Flush()
    {
        Assert.True(_host.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));
        Assert.True(_host.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        return _metrics.ToList();
    }

    /// <summary>The points of the last export of <paramref name="name"/> (cumulative), each with its tags.</summary>
    private static List<(Dictionary<string, string> Tags, MetricPoint Point)> Points(IReadOnlyList<MetricSnapshot> metrics, string name)
    {
        var last = metrics.LastOrDefault(m => m.Name == name);
        Assert.True(last is not null, $"No metric {name} was exported.");
        var points = new List<(Dictionary<string, string>, MetricPoint)>();
        foreach (var p in last.MetricPoints)
        {
            var tags = new Dictionary<string, string>();
            foreach (var t in p.Tags) tags[t.Key] = t.Value?.ToString() ?? "";
            points.Add((tags, p));
        }
        return points;
    }

    private static long Count(IReadOnlyList<MetricSnapshot> metrics, string name, params (string Key, string Value)[] tags) =>
        Points(metrics, name).Where(p => tags.All(t => p.Tags.GetValueOrDefault(t.Key) == t.Value))
            .Sum(p => metrics.Last(m => m.Name == name).MetricType == MetricType.Histogram ? p.Point.GetHistogramCount() : p.Point.GetSumLong());

    [Fact]
    public async Task Turns_InFourLanguages_AreMeasuredAndTraced_ByChannelAndCommand_WithoutPartnerData()
    {
        // The same command in the four languages the demo's partners speak, and two messages that are not commands.
        await _host.Chat("acme-jane").SayAsync("my deals");
        await _host.Chat("kedai-aisyah").SayAsync("urusan saya");
        await _host.Chat("lotus-wei").SayAsync("我的商机");
        await _host.Chat("wisla-piotr").SayAsync("moje transakcje");
        await _host.Chat("acme-jane").SayAsync(new string('x', 4001)); // longer than Conversations:MaxMessageLength
        await _host.Chat("wisla-piotr").SayAsync("content security deck");

        var metrics = Flush();

        Assert.Equal(4, Count(metrics, Telemetry.TurnDurationName, (Telemetry.Tags.Channel, "web"), (Telemetry.Tags.Command, "deal.mine")));
        Assert.Equal(1, Count(metrics, Telemetry.TurnDurationName, (Telemetry.Tags.Channel, "web"), (Telemetry.Tags.Command, Telemetry.TurnKinds.RefusedInput)));
        Assert.Equal(1, Count(metrics, Telemetry.TurnDurationName, (Telemetry.Tags.Command, "content")));
        Assert.Equal(1, Count(metrics, Telemetry.SearchDurationName, (Telemetry.Tags.Index, Telemetry.Indexes.Content)));
        Assert.Equal("s", metrics.Last(m => m.Name == Telemetry.TurnDurationName).Unit);

        // Each turn is a span inside the web chat request that carried it, tagged with its channel and command.
        var turns = _spans.Where(s => s.Source.Name == Telemetry.Name && s.OperationName == "turn").ToList();
        Assert.Equal(6, turns.Count);
        Assert.Equal(4, turns.Count(t => (string?)t.GetTagItem(Telemetry.Tags.Command) == "deal.mine"));
        Assert.All(turns, t => Assert.Equal("web", t.GetTagItem(Telemetry.Tags.Channel)));
        Assert.All(turns, t => Assert.NotEqual(default, t.ParentSpanId));

        // Nothing a partner is or typed becomes a tag: not the person in the web chat's path or query, not the words.
        var server = await ServerSpansAsync(6);
        foreach (var span in turns.Concat(server))
            foreach (var (key, value) in span.Tags)
                foreach (var secret in new[] { "acme-jane", "kedai-aisyah", "lotus-wei", "wisla-piotr", "urusan", "商机", "transakcje", "security deck" })
                    Assert.False(value?.Contains(secret, StringComparison.Ordinal) == true, $"Span {span.DisplayName} tag {key}={value} names '{secret}'.");
    }

    [Fact]
    public async Task Registrations_ConflictChecks_Deliveries_TheModel_AndTheQueueGauges_AreMeasured()
    {
        var jane = _host.Chat("acme-jane");
        Assert.Contains("Approved", Read(await RegisterAsync(jane, Form("Zenith Robotics Inc", website: "zenith-robotics.example"))));
        Assert.Contains("in review", Read(await RegisterAsync(_host.Chat("pioneer-dana"), Form("ZENITH ROBOTICS LLC", amount: "25000"))));
        await _host.Chat("kedai-aisyah").SayAsync("how long is a registration protected?");

        // The rep's review card waits in the outbox: the gauges sample it (not a turn), then it is delivered.
        _host.Clock.Advance(TimeSpan.FromSeconds(90));
        var sample = await _host.Services.GetRequiredService<QueueMetrics>().RunOnceAsync(CancellationToken.None);
        var waiting = await _host.WithDbAsync(db => db.Outbox.CountAsync(m => m.DeliveredAt == null && m.FailedAt == null));
        Assert.NotNull(sample);
        Assert.True(waiting > 0);
        var oldest = await _host.WithDbAsync(db => db.Outbox.Where(m => m.DeliveredAt == null && m.FailedAt == null).MinAsync(m => m.CreatedAt));
        var metrics = Flush();
        Assert.Equal(waiting, Points(metrics, Telemetry.OutboxDepthName).Single().Point.GetGaugeLastValueLong());
        Assert.Equal((_host.Clock.GetUtcNow() - oldest).TotalSeconds, Points(metrics, Telemetry.OutboxOldestAgeName).Single().Point.GetGaugeLastValueDouble(), precision: 3);
        Assert.True((_host.Clock.GetUtcNow() - oldest).TotalSeconds >= 90);
        Assert.Equal(0, Points(metrics, Telemetry.InboxDepthName).Single().Point.GetGaugeLastValueLong());
        Assert.Equal(0, Points(metrics, Telemetry.InboxOldestAgeName).Single().Point.GetGaugeLastValueDouble());

        await _host.DeliverOutboxAsync();
        metrics = Flush();

        Assert.Equal(2, Count(metrics, Telemetry.ConflictCheckDurationName));
        Assert.Equal(2, Count(metrics, Telemetry.TurnDurationName, (Telemetry.Tags.Command, Telemetry.TurnKinds.Dialog)));
        Assert.Equal(1, Count(metrics, Telemetry.ModelDurationName, (Telemetry.Tags.Purpose, Telemetry.ModelPurposes.Assistant), (Telemetry.Tags.Outcome, Telemetry.Outcomes.Ok)));
        Assert.True(Count(metrics, Telemetry.SearchDurationName, (Telemetry.Tags.Index, Telemetry.Indexes.Knowledge)) >= 1);
        // Deliveries by the channel each message went through, as the outbox recorded it.
        var via = await _host.WithDbAsync(db => db.Outbox.Where(m => m.DeliveredVia != null).GroupBy(m => m.DeliveredVia!)
            .Select(g => new { Channel = g.Key, Count = g.Count() }).ToListAsync());
        Assert.NotEmpty(via);
        foreach (var v in via)
            Assert.Equal(v.Count, Count(metrics, Telemetry.DeliveriesName, (Telemetry.Tags.Channel, v.Channel),
                (Telemetry.Tags.Kind, Telemetry.DeliveryKinds.Notification), (Telemetry.Tags.Outcome, Telemetry.Outcomes.Delivered)));
        Assert.Contains(_spans, s => s.Source.Name == Telemetry.Name && s.OperationName == "conflict_check");
        Assert.Contains(_spans, s => s.Source.Name == Telemetry.Name && s.OperationName == "model" && s.Kind == ActivityKind.Client);
        Assert.Contains(_spans, s => s.Source.Name == Telemetry.Name && s.OperationName == "outbox.deliver");

        // The same went to the collector over OTLP (HTTP, protobuf).
        Assert.Contains("/v1/metrics", _collector.Paths);
        Assert.Contains("/v1/traces", _collector.Paths);
        Assert.All(_collector.ContentTypes, t => Assert.Equal("application/x-protobuf", t));
    }

    [Fact]
    public async Task EveryLogLineOfATurn_CarriesItsCorrelationId()
    {
        await _host.Chat("lotus-wei").SayAsync("我的商机", clientMessageId: "c-7f3a");
        await _host.Chat("wisla-piotr").SayAsync("moje transakcje", clientMessageId: "c-91b0");

        var wei = _logs.Lines.Where(l => l.Scopes.GetValueOrDefault("Actor") as string == "lotus-wei").ToList();
        var piotr = _logs.Lines.Where(l => l.Scopes.GetValueOrDefault("Actor") as string == "wisla-piotr").ToList();
        Assert.NotEmpty(wei);
        Assert.NotEmpty(piotr);
        Assert.All(wei, l => Assert.Equal("web:c-7f3a", l.Scopes[Telemetry.CorrelationIdScope]));
        Assert.All(piotr, l => Assert.Equal("web:c-91b0", l.Scopes[Telemetry.CorrelationIdScope]));
        Assert.Contains(wei, l => l.Message == "Command deal.mine");
    }

    /// <summary>ASP.NET Core's request spans end after the response is written: wait (bounded) until they are exported.</summary>
    private async Task<List<Activity>> ServerSpansAsync(int atLeast)
    {
        for (var i = 0; i < 100; i++)
        {
            var server = _spans.Where(s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore").ToList();
            if (server.Count >= atLeast) return server;
            await Task.Delay(50);
        }
        throw new TimeoutException("The web chat's request spans were not exported.");
    }

    /// <summary>An OTLP/HTTP collector stand-in on 127.0.0.1: accepts every export and remembers its path and type.</summary>
    private sealed class StandInCollector : IAsyncDisposable
    {
        private WebApplication _app = null!;
        public ConcurrentQueue<string> Paths { get; } = new();
        public ConcurrentQueue<string> ContentTypes { get; } = new();
        public string BaseUrl { get; private set; } = "";

        public static async Task<StandInCollector> StartAsync()
        {
            var collector = new StandInCollector();
            (collector._app, collector.BaseUrl) = await LocalServer.StartAsync(app => app.MapPost("/v1/{signal}", async (HttpContext http) =>
            {
                collector.Paths.Enqueue(http.Request.Path);
                collector.ContentTypes.Enqueue(http.Request.ContentType ?? "");
                await http.Request.Body.CopyToAsync(Stream.Null);
                return Results.Bytes([], "application/x-protobuf");
            }));
            return collector;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    /// <summary>An ICollection over a concurrent queue: the in-memory exporter adds from the exporting thread.</summary>
    private sealed class QueueCollection<T>(ConcurrentQueue<T> queue) : ICollection<T>
    {
        public int Count => queue.Count;
        public bool IsReadOnly => false;
        public void Add(T item) => queue.Enqueue(item);
        public void Clear() => queue.Clear();
        public bool Contains(T item) => queue.Contains(item);
        public void CopyTo(T[] array, int arrayIndex) => queue.ToArray().CopyTo(array, arrayIndex);
        public bool Remove(T item) => throw new NotSupportedException();
        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)queue).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>Without OpenTelemetry:Endpoint nothing listens: no provider, and the queue gauges never read the database.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryOffTests
{
    [Fact]
    public async Task WithoutAnEndpoint_NothingIsRegistered_AndTheGaugesReadNothing()
    {
        using var host = new TestHost();
        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
        await host.Chat("acme-jane").SayAsync("my deals");

        var gauges = host.Services.GetRequiredService<QueueMetrics>();
        Assert.False(gauges.Observed);
        Assert.Null(await gauges.RunOnceAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("OpenTelemetry:Protocol", "smoke-signals", "OpenTelemetry:Protocol must be")]
    [InlineData("OpenTelemetry:Endpoint", "otel-collector:4317", "OpenTelemetry:Endpoint must be")]
    [InlineData("Health:MaxUndeliveredAge", "-00:01:00", "Health:MaxUndeliveredAge must be more than zero")]
    public void ImpossibleSettings_StopTheHost_NamingTheSetting(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key != "OpenTelemetry:Endpoint") settings.TryAdd("OpenTelemetry:Endpoint", key == "OpenTelemetry:Protocol" ? "http://127.0.0.1:4317" : null);
        using var host = new TestHost(settings: settings);
        var error = Assert.ThrowsAny<Exception>(() => host.Services);
        Assert.Contains(message, error.ToString());
    }
}
