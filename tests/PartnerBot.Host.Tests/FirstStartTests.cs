using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PartnerBot.Host.Tests;

/// <summary>
/// The first start as a newcomer sees it: the real host as its own process (the build this test project carries),
/// on a new SQLite file, reading its console. In Development the console says where the web chat is and warns about
/// nothing; outside Development an unsigned Teams endpoint is a warning, and so is a start without runtime.env's settings.
/// </summary>
public sealed partial class FirstStartTests
{
    [Fact]
    public async Task FirstStart_InDevelopment_SaysWhereTheWebChatIs_AndWarnsAboutNothing()
    {
        await using var host = await HostProcess.StartAsync("Development");

        var ready = host.Lines.Single(l => l.Contains("is ready:", StringComparison.Ordinal));
        Assert.Contains($"PartnerBot {PartnerBot.Host.HostInfo.Version} is ready", ready);
        Assert.Matches(@"web chat at http://127\.0\.0\.1:\d+/", ready);
        Assert.Contains("Slack off", ready);
        Assert.Contains("Teams in local mode", ready);
        Assert.DoesNotContain(host.Lines, l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal));

        // The page it points to answers, and /healthz names the same version.
        using var http = new HttpClient { BaseAddress = host.Address };
        Assert.Contains("<title>PartnerBot", await http.GetStringAsync("/"));
        using var health = JsonDocument.Parse(await http.GetStringAsync("/healthz"));
        Assert.Equal(PartnerBot.Host.HostInfo.Version, health.RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Start_OutsideDevelopment_WithoutATeamsAppId_WarnsThatActivitiesAreUnsigned()
    {
        // Production refuses to start without its own secrets: give it the one the embedded default generates.
        await using var host = await HostProcess.StartAsync("Production", new() { ["Enablement__LinkKey"] = new string('k', 48) });

        Assert.Contains(host.Lines, l => l.StartsWith("warn: PartnerBot.Teams[4000]", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Lines, l => l.Contains("Teams: local mode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_WithoutTheRuntimeEnvLoaded_WarnsNamingTheFileAndTheSettings()
    {
        await using var host = await HostProcess.StartAsync("Development", runtimeEnv: false);

        var warning = Assert.Single(host.Lines, l => l.StartsWith("warn: PartnerBot[9002]", StringComparison.Ordinal));
        var next = host.Lines.SkipWhile(l => l != warning).Skip(1).FirstOrDefault() ?? "";
        var text = warning + next;
        Assert.Contains("runtime.env", text);
        Assert.Contains("DOTNET_GCgen0size=0x1000000", text);
        Assert.Contains("docs/operations.md", text);
        // It warns and starts: the host answers.
        using var http = new HttpClient { BaseAddress = host.Address };
        Assert.True((await http.GetAsync("/healthz")).IsSuccessStatusCode);
    }

    /// <summary>PartnerBot.Host.dll from this test's output folder, run with `dotnet`, on 127.0.0.1 and a free port.</summary>
    private sealed partial class HostProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _database;
        private readonly List<string> _lines = [];

        private HostProcess(Process process, string database) { _process = process; _database = database; }

        public IReadOnlyList<string> Lines { get { lock (_lines) return _lines.ToList(); } }
        public Uri Address { get; private set; } = null!;

        public static async Task<HostProcess> StartAsync(string environment, Dictionary<string, string>? settings = null, bool runtimeEnv = true)
        {
            var folder = AppContext.BaseDirectory;
            var database = Path.Combine(Path.GetTempPath(), $"partnerbot-firststart-{Guid.NewGuid():N}.db");
            var info = new ProcessStartInfo("dotnet", ["PartnerBot.Host.dll", "--urls", "http://127.0.0.1:0"])
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
            info.Environment["ConnectionStrings__PartnerBot"] = $"Data Source={database}";
            // Plain console lines ("info: Category[id]"), whatever terminal the test runs in.
            info.Environment["Logging__Console__FormatterName"] = "simple";
            info.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
            // The runtime's settings, as `dotnet run` gives them from launchSettings.json and an administrator from
            // runtime.env (the same values: RuntimeSettingsTests).
            if (runtimeEnv)
                foreach (var (k, v) in HostRuntime.Read(Path.Combine(folder, HostRuntime.FileName))) info.Environment[k] = v;
            foreach (var (k, v) in settings ?? []) info.Environment[k] = v;
            var host = new HostProcess(Process.Start(info)!, database);
            var started = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            void Read(string? line)
            {
                if (line is null) return;
                lock (host._lines) host._lines.Add(line);
                if (ListeningOn().Match(line) is { Success: true } m) started.TrySetResult(new Uri(m.Groups[1].Value));
            }
            host._process.OutputDataReceived += (_, e) => Read(e.Data);
            host._process.ErrorDataReceived += (_, e) => Read(e.Data);
            host._process.BeginOutputReadLine();
            host._process.BeginErrorReadLine();

            // Generous: a cold start on a busy 2-core machine. Not a timing goal, only a guard against hanging.
            var exited = host._process.WaitForExitAsync();
            var first = await Task.WhenAny(started.Task, exited, Task.Delay(TimeSpan.FromSeconds(300)));
            if (first != started.Task)
            {
                await host.DisposeAsync();
                throw new InvalidOperationException("The host did not start:\n" + string.Join('\n', host.Lines));
            }
            host.Address = await started.Task;
            // The ready line is written once the server listens; give the logger a moment to flush it.
            for (var i = 0; i < 100 && !host.Lines.Any(l => l.Contains("is ready:", StringComparison.Ordinal)); i++) await Task.Delay(100);
            return host;
        }

        [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
        private static partial Regex ListeningOn();

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
            foreach (var f in new[] { _database, _database + "-wal", _database + "-shm", _database + ".start-lock" })
                try { File.Delete(f); } catch (IOException) { }
        }
    }
}
