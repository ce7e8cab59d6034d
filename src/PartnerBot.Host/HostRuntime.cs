namespace PartnerBot.Host;

/// <summary>
/// The .NET runtime's settings the host is measured and run with, which the runtime reads from the environment only
/// (before the process starts), so they live in <c>runtime.env</c> beside the host's binaries and not in its
/// runtimeconfig.json. An administrator loads the file (systemd's EnvironmentFile=, docker's --env-file); the host
/// says at start when it was started without them, as it cannot set them itself.
/// </summary>
public static partial class HostRuntime
{
    /// <summary>The file's name, beside PartnerBot.Host.dll (copied there by the host's project).</summary>
    public const string FileName = "runtime.env";

    /// <summary>The settings in an environment file: <c>NAME=VALUE</c> lines; blank lines and <c>#</c> comments skipped.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Read(string path)
    {
        var settings = new List<KeyValuePair<string, string>>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new InvalidDataException($"{path}, line {number}: expected NAME=VALUE, found \"{line}\".");
            settings.Add(new(line[..equals].Trim(), line[(equals + 1)..].Trim()));
        }
        return settings;
    }

    /// <summary>The file's settings this process was started without ("NAME=VALUE"); a different value is the
    /// administrator's choice and is not reported. Nothing when there is no file.</summary>
    public static IReadOnlyList<string> NotLoaded(string path, Func<string, string?> environment) =>
        !File.Exists(path) ? [] :
        [.. Read(path).Where(s => environment(s.Key) is null).Select(s => $"{s.Key}={s.Value}")];

    /// <summary>Logs a warning at start when the process was started without the settings of the runtime.env beside it.</summary>
    public static WebApplication WarnWhenRuntimeSettingsAreNotLoaded(this WebApplication app)
    {
        Warn(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PartnerBot"),
            Path.Combine(AppContext.BaseDirectory, FileName), Environment.GetEnvironmentVariable);
        return app;
    }

    /// <summary>The start's check: a warning naming the settings not loaded, or the line a file in error has; the
    /// host starts either way (the file only says how the runtime should be tuned).</summary>
    internal static void Warn(ILogger logger, string path, Func<string, string?> environment)
    {
        try
        {
            var missing = NotLoaded(path, environment);
            if (missing.Count > 0) Log.NotLoaded(logger, path, string.Join(", ", missing));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Log.Unreadable(logger, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9002, Level = LogLevel.Warning,
            Message = "The host was started without the runtime settings in {Path} ({Settings}), so it uses more memory than measured. Load the file into the host's environment (systemd: EnvironmentFile=; docker run: --env-file); see docs/operations.md, \"Memory and the .NET runtime's settings\".")]
        public static partial void NotLoaded(ILogger logger, string path, string settings);

        [LoggerMessage(EventId = 9003, Level = LogLevel.Warning,
            Message = "The runtime settings beside the host could not be read ({Reason}); the host starts without checking them. Fix the file: NAME=VALUE lines, # for comments.")]
        public static partial void Unreadable(ILogger logger, string reason);
    }
}
