using System.Diagnostics;
using System.Net;
using System.Text;

namespace PartnerBot.Testing;

/// <summary>
/// The real host as a separate process (<c>dotnet PartnerBot.Host.dll</c>, as built), on 127.0.0.1 and the suite's
/// database (a SQLite file, or a PostgreSQL database: see <see cref="TestStorage"/>), so a test can kill it with SIGKILL and start it again on the same database.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Url { get; }
    public HttpClient Http { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>
    /// The host as built in this test's own configuration: <c>src/PartnerBot.Host/bin/{Configuration}/{tfm}/</c>, where
    /// the configuration and target framework are read from this test's output folder (<c>…/bin/{Configuration}/{tfm}/</c>).
    /// Never another configuration's build, which may be older than the code under test.
    /// </summary>
    public static string HostDll
    {
        get
        {
            var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
            var configuration = output.Parent ?? throw new InvalidOperationException($"Unexpected test output folder {output.FullName}.");
            if (configuration.Parent?.Name != "bin")
                throw new InvalidOperationException($"The test output folder {output.FullName} is not …/bin/{{Configuration}}/{{tfm}}/.");
            var dll = Path.Combine(Peers.RepositoryRoot, "src", "PartnerBot.Host", "bin", configuration.Name, output.Name, "PartnerBot.Host.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException(
                $"The host is not built in {configuration.Name}: build src/PartnerBot.Host (the test projects reference it).", dll);
        }
    }

    /// <summary>
    /// Starts the host (Production unless told otherwise) and waits until /healthz answers. The port is found free
    /// just before the host binds it, and another process may take it in between (CI runs test projects side by side):
    /// a host that exits because its address is in use is started again on another port, up to three times.
    /// </summary>
    public static async Task<HostProcess> StartAsync(string databasePath, IDictionary<string, string> settings, string environment = "Production")
    {
        for (var attempt = 1; ; attempt++)
        {
            var host = StartOnce(databasePath, settings, environment);
            try
            {
                await host.WaitHealthyAsync();
                return host;
            }
            catch (InvalidOperationException ex) when (attempt < 3 && (ex.Message + host.Output).Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await host.DisposeAsync();
            }
            catch
            {
                await host.DisposeAsync();
                throw;
            }
        }
    }

    private static HostProcess StartOnce(string databasePath, IDictionary<string, string> settings, string environment)
    {
        var port = LocalServer.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var dll = HostDll;
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
        info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        info.Environment["DOTNET_ENVIRONMENT"] = environment;
        var storage = TestStorage.Settings(databasePath);
        if (TestStorage.OnPostgreSql) TestStorage.CreateIfMissing(databasePath);
        info.Environment["ConnectionStrings__PartnerBot"] = storage.ConnectionString;
        info.Environment["Storage__Provider"] = storage.Provider.ToString();
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // Production refuses to start without its secrets: a throwaway one per run.
        info.Environment["Enablement__LinkKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        foreach (var (k, v) in settings) info.Environment[k.Replace(":", "__", StringComparison.Ordinal)] = v;
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var host = new HostProcess(process, url);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Several hosts on one database, started at the same moment (as a deploy starts them): all of them, or none.</summary>
    public static async Task<HostProcess[]> StartTogetherAsync(int count, string databasePath, IDictionary<string, string> settings)
    {
        var starting = Enumerable.Range(0, count).Select(_ => StartAsync(databasePath, settings)).ToList();
        try
        {
            return await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully)) await (await started).DisposeAsync();
            throw;
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) if (_output.Length < 200_000) _output.AppendLine(line);
    }

    private async Task WaitHealthyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(240); // a busy shared machine starts slowly
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The host exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var r = await Http.GetAsync("healthz");
                if (r.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The host did not answer /healthz:\n{Output}");
    }

    /// <summary>
    /// Polls until <paramref name="condition"/> holds, bounded by a deadline (a drill proves what happens, never how
    /// fast); fails with <paramref name="describe"/>'s account and the host's output.
    /// </summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, Func<Task<string>> describe)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The condition did not hold within 90 s.\n{await describe()}\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>kill -9: no shutdown, no draining, nothing flushed but what was committed.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Http.Dispose();
        _process.Dispose();
    }
}
