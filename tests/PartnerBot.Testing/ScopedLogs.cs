using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PartnerBot.Testing;

/// <summary>Log lines with the scopes they were written in (what a JSON console or OTLP log exporter writes with them).</summary>
public sealed class ScopedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
    public ConcurrentQueue<(string Category, string Message, Dictionary<string, object?> Scopes)> Lines { get; } = new();
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
    public void Dispose() { }

    private sealed class Logger(ScopedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);
        public bool IsEnabled(LogLevel logLevel) => category.StartsWith("PartnerBot", StringComparison.Ordinal);
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var scopes = new Dictionary<string, object?>();
            owner._scopes.ForEachScope((scope, all) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    foreach (var (k, v) in pairs) all[k] = v;
            }, scopes);
            owner.Lines.Enqueue((category, formatter(state, exception), scopes));
        }
    }
}
