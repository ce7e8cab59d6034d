using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PartnerBot.Testing;

/// <summary>
/// The real host as a separate process (<c>dotnet PartnerBot.Host.dll</c>, as built), on 127.0.0.1 and a SQLite
/// file, so a test can kill it with SIGKILL and start it again on the same database.
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

    /// <summary>The host's build output beside this test's configuration (Debug or Release).</summary>
    public static string HostDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Name; // bin/{Configuration}/net10.0/
            var dll = Path.Combine(Peers.RepositoryRoot, "src", "PartnerBot.Host", "bin", configuration, "net10.0", "PartnerBot.Host.dll");
            return File.Exists(dll) ? dll : Path.Combine(AppContext.BaseDirectory, "PartnerBot.Host.dll");
        }
    }

    /// <summary>Starts the host (Production unless told otherwise) and waits until /healthz answers.</summary>
    public static async Task<HostProcess> StartAsync(string databasePath, IDictionary<string, string> settings, string environment = "Production")
    {
        var port = FreePort();
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
        info.Environment["ConnectionStrings__PartnerBot"] = $"Data Source={databasePath}";
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
        await host.WaitHealthyAsync();
        return host;
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

    /// <summary>kill -9: no shutdown, no draining, nothing flushed but what was committed.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Http.Dispose();
        _process.Dispose();
    }
}
