using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using PartnerBot.Observability;

namespace PartnerBot.Benchmarks;

/// <summary>
/// What the instrumentation adds to one turn on the hot path: the turn's span and duration, one search, one conflict
/// check and one delivery, as the engine, the searches and the workers call them. Without listeners (no
/// OpenTelemetry:Endpoint, the default) it must allocate nothing; with a listener that records every span and
/// measurement (what an SDK subscribes to), it may allocate only the spans themselves.
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private ActivityListener? _spans;
    private MeterListener? _measurements;

    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (!Listening) return;
        _spans = new ActivityListener
        {
            ShouldListenTo = s => s.Name == Telemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_spans);
        _measurements = new MeterListener
        {
            InstrumentPublished = (instrument, listener) => { if (instrument.Meter.Name == Telemetry.Name) listener.EnableMeasurementEvents(instrument); },
        };
        _measurements.SetMeasurementEventCallback<double>((_, _, _, _) => { });
        _measurements.SetMeasurementEventCallback<long>((_, _, _, _) => { });
        _measurements.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _spans?.Dispose();
        _measurements?.Dispose();
    }

    [Benchmark]
    public void OneTurnsInstrumentation()
    {
        var started = Telemetry.Start();
        using (var turn = Telemetry.StartTurn("slack"))
        {
            using (Telemetry.Search(Telemetry.Indexes.Knowledge)) { }
            using (Telemetry.ConflictCheck()) { }
            Telemetry.TurnDone(turn, "slack", "deal.register", started);
        }
        Telemetry.Delivery("slack", Telemetry.DeliveryKinds.Answer, Telemetry.Outcomes.Delivered);
    }
}
