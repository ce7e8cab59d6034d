namespace PartnerBot.Host;

/// <summary>What the host's one-shot commands (`ingest`, `import`) share: a quiet host, and progress reported in order.</summary>
public static class CommandLine
{
    /// <summary>
    /// Builds the host and runs <paramref name="command"/> on its services. The command's lines are the output: the
    /// framework's informational logs (every SQL command) stay out of them.
    /// </summary>
    public static async Task<int> RunAsync(WebApplicationBuilder builder, Func<IServiceProvider, Task<int>> command)
    {
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = builder.Build();
        return await command(app.Services);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; a console wants the lines in order, now.</summary>
    public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
