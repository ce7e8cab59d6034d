using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Jobs;

namespace PartnerBot.Core.Tests.Jobs;

/// <summary>The one background loop every job runs: a pass at start, one per interval on the clock, failures logged.</summary>
public sealed class RecurringJobTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger _log = new();

    /// <summary>Counts its passes; the passes named in <see cref="FailOn"/> throw.</summary>
    private sealed class CountingJob(TimeProvider clock, IOptionsMonitor<JobOptions> options, ILogger logger)
        : RecurringJob<int>("Counting", clock, options, logger)
    {
        private int _passes;
        public HashSet<int> FailOn { get; } = [];
        public SemaphoreSlim PassDone { get; } = new(0);

        public override Task<int> RunOnceAsync(CancellationToken ct)
        {
            var pass = Interlocked.Increment(ref _passes);
            PassDone.Release();
            if (FailOn.Contains(pass)) throw new InvalidOperationException($"pass {pass} broke");
            return Task.FromResult(pass);
        }

        public int Passes => Volatile.Read(ref _passes);
    }

    private CountingJob Job(bool enabled = true) =>
        new(_clock, new Monitor(new JobOptions { Enabled = enabled, Interval = TimeSpan.FromHours(1) }), _log);

    [Fact]
    public async Task Runs_a_pass_at_start_then_one_each_interval_of_the_clock()
    {
        using var job = Job();
        await job.StartAsync(CancellationToken.None);
        Assert.True(await job.PassDone.WaitAsync(Wait), "no pass at start");
        Assert.Equal(1, job.Passes);

        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.False(await job.PassDone.WaitAsync(TimeSpan.FromMilliseconds(200)), "a pass ran before the interval");
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await job.PassDone.WaitAsync(Wait), "no pass after one interval");
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.True(await job.PassDone.WaitAsync(Wait), "no pass after two intervals");
        Assert.Equal(3, job.Passes);

        await job.StopAsync(CancellationToken.None);
        Assert.True(job.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public async Task A_failed_pass_is_logged_with_the_job_name_and_the_next_pass_still_runs()
    {
        using var job = Job();
        job.FailOn.Add(1);
        await job.StartAsync(CancellationToken.None);
        Assert.True(await job.PassDone.WaitAsync(Wait));
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.True(await job.PassDone.WaitAsync(Wait), "the loop stopped after a failed pass");
        await job.StopAsync(CancellationToken.None);

        var entry = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Equal(1201, entry.EventId.Id);
        Assert.Contains("Counting", entry.Message);
        Assert.Equal("pass 1 broke", entry.Exception?.Message);
    }

    [Fact]
    public async Task A_disabled_job_never_runs_in_the_background_but_runs_when_asked()
    {
        using var job = Job(enabled: false);
        await job.StartAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(3));
        await job.StopAsync(CancellationToken.None);
        Assert.Equal(0, job.Passes);

        Assert.Equal(1, await job.RunOnceAsync(CancellationToken.None));
    }

    private sealed class Monitor(JobOptions value) : IOptionsMonitor<JobOptions>
    {
        public JobOptions CurrentValue => value;
        public JobOptions Get(string? name) => name == "Counting" ? value : throw new ArgumentException($"asked for job '{name}'");
        public IDisposable? OnChange(Action<JobOptions, string?> listener) => null;
    }

    private sealed record Entry(LogLevel Level, EventId EventId, string Message, Exception? Exception);

    private sealed class RecordingLogger : ILogger
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue(new Entry(logLevel, eventId, formatter(state, exception), exception));
    }
}
