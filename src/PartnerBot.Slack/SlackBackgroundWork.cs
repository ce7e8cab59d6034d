using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PartnerBot.Slack;

/// <summary>
/// Work that runs after Slack has its acknowledgement: the conversation turn and the Web API calls that answer it.
/// Each item gets the host's stopping token; failures are logged, never thrown at the request that queued them.
/// </summary>
public sealed partial class SlackBackgroundWork(IHostApplicationLifetime lifetime, ILogger<SlackBackgroundWork> logger)
{
    private readonly ConcurrentDictionary<int, Task> _running = new();
    private readonly ConcurrentQueue<Exception> _failures = new();
    private int _next;

    /// <summary>What went wrong after an acknowledgement (also logged); tests assert it stays empty.</summary>
    public IReadOnlyCollection<Exception> Failures => _failures;

    public void Run(Func<CancellationToken, Task> work)
    {
        var id = Interlocked.Increment(ref _next);
        var started = new TaskCompletionSource();
        var task = Task.Run(async () =>
        {
            await started.Task;
            try
            {
                await work(lifetime.ApplicationStopping);
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                _failures.Enqueue(ex);
                Log.Failed(logger, ex);
            }
            finally
            {
                _running.TryRemove(id, out _);
            }
        });
        _running[id] = task;
        started.SetResult();
    }

    /// <summary>Completes when nothing queued is still running (tests and graceful shutdown wait on it).</summary>
    public async Task WhenIdleAsync()
    {
        while (!_running.IsEmpty) await Task.WhenAll(_running.Values.ToArray());
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "Slack background work failed")]
        public static partial void Failed(ILogger logger, Exception ex);
    }
}
