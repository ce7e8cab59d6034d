using System.Diagnostics;
using System.Diagnostics.Metrics;
using PartnerBot.Conversations;

namespace PartnerBot.Observability;

/// <summary>
/// The one owner of PartnerBot's traces and metrics: the <see cref="ActivitySource"/> and <see cref="Meter"/> named
/// <see cref="Name"/>, every instrument's name, unit and meaning, and the tags they carry. The product calls the
/// methods here; the host decides whether anything listens (OTLP when <c>OpenTelemetry:Endpoint</c> is set).
/// </summary>
/// <remarks>
/// Cheap on the hot path: with nobody listening, <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null and a measurement is one flag check. Tags are a few strings from bounded sets (channel names,
/// command names, outcomes), passed without allocating; nothing a partner typed or owns ever becomes a tag. The
/// queue gauges are observed from a sample <see cref="QueueMetrics"/> takes on its own interval, never per turn.
/// docs/operations.md explains each instrument for an operator.
/// </remarks>
public static class Telemetry
{
    /// <summary>The ActivitySource's and the Meter's name: what an OpenTelemetry pipeline subscribes to.</summary>
    public const string Name = "PartnerBot";

    public const string TurnDurationName = "partnerbot.turn.duration";
    public const string DeliveriesName = "partnerbot.deliveries";
    public const string ModelDurationName = "partnerbot.model.duration";
    public const string SearchDurationName = "partnerbot.search.duration";
    public const string ConflictCheckDurationName = "partnerbot.conflict_check.duration";
    public const string InboxDepthName = "partnerbot.inbox.depth";
    public const string InboxOldestAgeName = "partnerbot.inbox.oldest_age";
    public const string OutboxDepthName = "partnerbot.outbox.depth";
    public const string OutboxOldestAgeName = "partnerbot.outbox.oldest_age";

    /// <summary>Tag names.</summary>
    public static class Tags
    {
        public const string Channel = "partnerbot.channel";
        public const string Command = "partnerbot.command";
        public const string Kind = "partnerbot.kind";
        public const string Outcome = "partnerbot.outcome";
        public const string Purpose = "partnerbot.purpose";
        public const string Index = "partnerbot.index";
    }

    /// <summary>What happened to one attempt to deliver a message through a channel.</summary>
    public static class Outcomes
    {
        public const string Delivered = "delivered";
        public const string Retry = "retry";
        public const string Failed = "failed";
        public const string Ok = "ok";
        public const string Timeout = "timeout";
        public const string Error = "error";
    }

    /// <summary>What was delivered: a turn's answer (from the inbox) or a message said later (the outbox).</summary>
    public static class DeliveryKinds
    {
        public const string Answer = "answer";
        public const string Notification = "notification";
    }

    /// <summary>What a turn was, when it ran no command: the values of <see cref="Tags.Command"/> besides command names and action prefixes.</summary>
    public static class TurnKinds
    {
        public const string Duplicate = "duplicate";
        public const string UnknownPerson = "unknown-person";
        public const string RefusedInput = "refused-input";
        public const string NotAllowed = "not-allowed";
        public const string Dialog = "dialog";
        public const string Assistant = "assistant";
        public const string NotUnderstood = "not-understood";
        public const string UnknownAction = "unknown-action";
    }

    // No version of their own: the host names the product's version once, as service.version on everything it exports.
    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    // The same boundaries as ASP.NET Core's request duration: 5 ms to 10 s, then 30 s and 60 s for a slow model.
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60],
    };

    private static readonly Histogram<double> TurnDuration = Meter.CreateHistogram(TurnDurationName, "s",
        "How long a turn took in the engine, from receiving it to its answer saved, by channel and command.", advice: Seconds);

    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>(DeliveriesName, "{attempt}",
        "Attempts to deliver a message through a channel, by channel, kind (answer or notification) and outcome (delivered, retry, failed).");

    private static readonly Histogram<double> ModelDuration = Meter.CreateHistogram(ModelDurationName, "s",
        "How long the language model took to answer, by purpose and outcome (ok, timeout, error).", advice: Seconds);

    private static readonly Histogram<double> SearchDuration = Meter.CreateHistogram(SearchDurationName, "s",
        "How long a search took, by index (knowledge or content).", advice: Seconds);

    private static readonly Histogram<double> ConflictCheckDuration = Meter.CreateHistogram(ConflictCheckDurationName, "s",
        "How long a registration's conflict check took.", advice: Seconds);

    /// <summary>A timestamp to pass back to one of the *Done methods (no allocation).</summary>
    public static long Start() => Stopwatch.GetTimestamp();

    private static double Since(long started) => Stopwatch.GetElapsedTime(started).TotalSeconds;

    /// <summary>A turn's span; null when nothing listens.</summary>
    public static Activity? StartTurn(string channel)
    {
        var activity = Source.StartActivity("turn");
        activity?.SetTag(Tags.Channel, channel);
        return activity;
    }

    public static void TurnDone(Activity? activity, string channel, string command, long started)
    {
        activity?.SetTag(Tags.Command, command);
        if (TurnDuration.Enabled)
            TurnDuration.Record(Since(started), new KeyValuePair<string, object?>(Tags.Channel, channel), new KeyValuePair<string, object?>(Tags.Command, command));
    }

    /// <summary>One attempt to deliver through <paramref name="channel"/>.</summary>
    public static void Delivery(string channel, string kind, string outcome) =>
        Deliveries.Add(1, new KeyValuePair<string, object?>(Tags.Channel, channel), new KeyValuePair<string, object?>(Tags.Kind, kind),
            new KeyValuePair<string, object?>(Tags.Outcome, outcome));

    /// <summary>A delivery's span (an inbox answer or an outbox message); null when nothing listens.</summary>
    public static Activity? StartDelivery(string kind, string? channel)
    {
        var activity = Source.StartActivity(kind == DeliveryKinds.Answer ? "inbox.deliver" : "outbox.deliver");
        if (activity is not null && channel is not null) activity.SetTag(Tags.Channel, channel);
        return activity;
    }

    /// <summary>
    /// Calls the language model for <paramref name="purpose"/>, measured: ok, timeout (cancelled while the caller's own
    /// token was not) or error. The call's result or exception passes through unchanged.
    /// </summary>
    public static async Task<T> MeasureModelAsync<T>(string purpose, Func<Task<T>> call, CancellationToken caller)
    {
        var started = Start();
        using var activity = Source.StartActivity("model", ActivityKind.Client);
        activity?.SetTag(Tags.Purpose, purpose);
        var outcome = Outcomes.Error;
        try
        {
            var result = await call();
            outcome = Outcomes.Ok;
            return result;
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            outcome = Outcomes.Timeout;
            throw;
        }
        finally
        {
            activity?.SetTag(Tags.Outcome, outcome);
            if (outcome != Outcomes.Ok) activity?.SetStatus(ActivityStatusCode.Error);
            ModelDuration.Record(Since(started), new KeyValuePair<string, object?>(Tags.Purpose, purpose), new KeyValuePair<string, object?>(Tags.Outcome, outcome));
        }
    }

    /// <summary>The purposes the model is asked for.</summary>
    public static class ModelPurposes
    {
        public const string Assistant = "assistant";
        public const string DealExtraction = "deal-extraction";
    }

    /// <summary>The indexes searched.</summary>
    public static class Indexes
    {
        public const string Knowledge = "knowledge";
        public const string Content = "content";
    }

    /// <summary>Measures a search in <paramref name="index"/> until disposed: <c>using var _ = Telemetry.Search(…)</c>.</summary>
    public static Timed Search(string index)
    {
        var activity = Source.StartActivity("search");
        activity?.SetTag(Tags.Index, index);
        return new Timed(SearchDuration, new KeyValuePair<string, object?>(Tags.Index, index), activity);
    }

    /// <summary>Measures a registration's conflict check until disposed.</summary>
    public static Timed ConflictCheck() => new(ConflictCheckDuration, null, Source.StartActivity("conflict_check"));

    /// <summary>A duration being measured (and its span, when something listens); recorded once, when disposed.</summary>
    public readonly struct Timed : IDisposable
    {
        private readonly Histogram<double> _histogram;
        private readonly KeyValuePair<string, object?>? _tag;
        private readonly Activity? _activity;
        private readonly long _started;

        internal Timed(Histogram<double> histogram, KeyValuePair<string, object?>? tag, Activity? activity)
        {
            _histogram = histogram;
            _tag = tag;
            _activity = activity;
            _started = Stopwatch.GetTimestamp();
        }

        public void Dispose()
        {
            _activity?.Dispose();
            if (_histogram is null || !_histogram.Enabled) return;
            if (_tag is { } tag) _histogram.Record(Since(_started), tag);
            else _histogram.Record(Since(_started));
        }
    }

    /// <summary>
    /// The queue gauges on <paramref name="meter"/> (a host's own, from its meter factory), observing the last sample:
    /// depth now, and the oldest waiting message's age worked out at observation. Nothing before the first sample.
    /// </summary>
    internal static IReadOnlyList<Instrument> CreateQueueGauges(Meter meter, Func<QueueSnapshot?> last, TimeProvider clock) =>
    [
        meter.CreateObservableGauge(InboxDepthName, () => Observe(last(), s => s.InboxDepth), "{delivery}",
            "Slack and Teams deliveries stored and not yet fully answered (received, or answered with messages still to send)."),
        meter.CreateObservableGauge(InboxOldestAgeName, () => Observe(last(), s => s.InboxOldestAge(clock.GetUtcNow()).TotalSeconds), "s",
            "How long the oldest delivery not yet fully answered has waited since it was received (0 when none waits)."),
        meter.CreateObservableGauge(OutboxDepthName, () => Observe(last(), s => s.OutboxDepth), "{message}",
            "Messages in the outbox neither delivered nor given up (due now, or waiting for a retry)."),
        meter.CreateObservableGauge(OutboxOldestAgeName, () => Observe(last(), s => s.OutboxOldestAge(clock.GetUtcNow()).TotalSeconds), "s",
            "How long the oldest undelivered outbox message has waited since it was queued (0 when none waits)."),
    ];

    private static IEnumerable<Measurement<T>> Observe<T>(QueueSnapshot? sample, Func<QueueSnapshot, T> value) where T : struct =>
        sample is null ? [] : [new Measurement<T>(value(sample))];

    /// <summary>
    /// The id every log line of one turn carries (logging scope "CorrelationId"): the inbox row for a Slack or Teams
    /// delivery (the worker's lines about sending its answer carry the same), else the channel's delivery id, else the
    /// request's trace. Names a delivery, never a person.
    /// </summary>
    public static string CorrelationId(Turn turn) =>
        turn.InboxId is { } inboxId ? InboxCorrelationId(inboxId)
        : turn.InboundId is { } inbound ? $"{turn.Channel}:{inbound}"
        : Activity.Current is { } a ? a.TraceId.ToHexString()
        : Guid.NewGuid().ToString("N");

    public static string InboxCorrelationId(long inboxId) => $"inbox:{inboxId}";

    /// <summary>The name of the logging scope's correlation id.</summary>
    public const string CorrelationIdScope = "CorrelationId";
}
