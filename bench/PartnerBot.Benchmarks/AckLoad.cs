using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using PartnerBot.Slack;

namespace PartnerBot.Benchmarks;

/// <summary>
/// `ack-load`: the Slack acknowledgement path of the real host, as a process in Release, under a bounded load of unique
/// signed `/partner help` commands from a known partner user (C# load generator on 127.0.0.1, N connections, D seconds
/// after a warm-up). Replies go to a local fake Slack API. Prints requests/s, p50/p99 of the acknowledgement, replies
/// completed, the backlog left in the inbox, and the host's RSS. Pass `--host <PartnerBot.Host.dll>` to measure another
/// build (for example main before a change) side by side.
/// </summary>
public static class AckLoad
{
    public const string Name = "ack-load";
    internal const string Secret = "bench-signing-secret-0123456789abcdef";

    public static async Task RunAsync(string[] args, TextWriter output)
    {
        var hostDll = Arg(args, "--host") ?? Path.Combine(RepositoryRoot(), "src", "PartnerBot.Host", "bin", "Release", "net10.0", "PartnerBot.Host.dll");
        var connections = int.Parse(Arg(args, "--connections") ?? "16", CultureInfo.InvariantCulture);
        var requests = int.Parse(Arg(args, "--requests") ?? "2000", CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg(args, "--seconds") ?? "60", CultureInfo.InvariantCulture);
        var warmup = int.Parse(Arg(args, "--warmup") ?? "3", CultureInfo.InvariantCulture);
        // Bounded in count and in time, whichever comes first (the machine may be shared).
        var warmupRequests = Math.Max(connections, requests / 10);

        var replies = 0;
        await using var fake = await StartFakeSlackAsync(() => Interlocked.Increment(ref replies));
        var db = Path.Combine(Path.GetTempPath(), $"partnerbot-bench-{Guid.NewGuid():N}.db");
        var (host, url) = StartHost(hostDll, db, fake.Urls.First());
        try
        {
            await WaitHealthyAsync(host, url);
            output.WriteLine($"host {hostDll}\n{requests:N0} requests (at most {seconds} s), {connections} connections, after a warm-up of {warmupRequests:N0} requests (at most {warmup} s)");
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };

            await LoadAsync(http, connections, TimeSpan.FromSeconds(warmup), warmupRequests, null);
            var repliesBefore = Volatile.Read(ref replies);
            var latencies = new ConcurrentBag<double>();
            var clock = Stopwatch.StartNew();
            var (sent, errors) = await LoadAsync(http, connections, TimeSpan.FromSeconds(seconds), requests, latencies);
            var elapsed = clock.Elapsed.TotalSeconds;
            var repliesDuring = Volatile.Read(ref replies) - repliesBefore;
            var rss = Rss(host.Id);
            var sorted = latencies.OrderBy(x => x).ToArray();
            output.WriteLine($"acknowledged {sent:N0} ({errors} not 200): {sent / elapsed:N0} req/s, p50 {Percentile(sorted, 0.50):N1} ms, p99 {Percentile(sorted, 0.99):N1} ms");
            output.WriteLine($"replies completed during the run: {repliesDuring:N0} ({repliesDuring / elapsed:N0}/s)");
            output.WriteLine($"host RSS now {rss.Now / 1048576.0:N0} MiB, peak {rss.Peak / 1048576.0:N0} MiB");
            // Drain: how long until every acknowledged command was answered (bounded).
            var drain = Stopwatch.StartNew();
            var backlog = await BacklogAsync(db);
            while (backlog > 0 && drain.Elapsed < TimeSpan.FromSeconds(120))
            {
                await Task.Delay(500);
                backlog = await BacklogAsync(db);
            }
            output.WriteLine(backlog < 0
                ? "backlog: no inbox in this build (work after the acknowledgement is in memory)"
                : $"backlog in the inbox after the run: drained in {drain.Elapsed.TotalSeconds:N1} s, {backlog} left");
            output.WriteLine($"replies completed in total: {Volatile.Read(ref replies):N0}");
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
            host.Dispose();
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { db, db + "-wal", db + "-shm" })
                try { File.Delete(f); } catch (IOException) { }
        }
    }

    private static async Task<(long Sent, long Errors)> LoadAsync(HttpClient http, int connections, TimeSpan duration, int max, ConcurrentBag<double>? latencies)
    {
        long started = 0, done = 0, errors = 0;
        var until = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
        {
            while (until.Elapsed < duration && Interlocked.Increment(ref started) <= max)
            {
                var body = $"token=x&team_id=T0ACMEINT&channel_id=C0BENCH{c:00}&channel_name=partner-acme&user_id=U0ACMEJANE&user_name=jane" +
                           $"&command=%2Fpartner&text=help&api_app_id=A0&trigger_id=bench.{Guid.NewGuid():N}";
                var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                using var request = new HttpRequestMessage(HttpMethod.Post, "slack/commands")
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
                };
                request.Headers.Add("X-Slack-Request-Timestamp", ts);
                request.Headers.Add("X-Slack-Signature", SlackRequestVerifier.Sign(Secret, ts, Encoding.UTF8.GetBytes(body)));
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(request);
                    if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref errors);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                latencies?.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                Interlocked.Increment(ref done);
            }
        }));
        return (done, errors);
    }

    internal static async Task<WebApplication> StartFakeSlackAsync(Action onReply)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/api/{method}", async (string method, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            await reader.ReadToEndAsync();
            if (method is "chat.postMessage" or "chat.postEphemeral") onReply();
            var json = method == "conversations.open" ? """{"ok":true,"channel":{"id":"D0BENCH"}}""" : """{"ok":true,"ts":"1.1"}""";
            return Results.Text(json, "application/json");
        });
        await app.StartAsync();
        return app;
    }

    internal static (Process Host, Uri Url) StartHost(string dll, string db, string fakeUrl, IReadOnlyDictionary<string, string>? more = null)
    {
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var port = FreePort();
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__PartnerBot"] = $"Data Source={db}";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Enablement__LinkKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        info.Environment["Slack__SigningSecret"] = Secret;
        info.Environment["Slack__BotToken"] = "xoxb-bench";
        info.Environment["Slack__ApiBaseUrl"] = fakeUrl.TrimEnd('/') + "/api/";
        // As an administrator runs it: with the runtime's settings of the runtime.env beside the host's assembly
        // (docs/operations.md), when that build has one; `--host-env` (in `more`) overrides them.
        foreach (var (key, value) in RuntimeEnv(dll)) info.Environment[key] = value;
        foreach (var (key, value) in more ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>The NAME=VALUE lines of the runtime.env beside a host's assembly (none when it has none).</summary>
    internal static IEnumerable<KeyValuePair<string, string>> RuntimeEnv(string dll)
    {
        var path = Path.Combine(Path.GetDirectoryName(dll)!, "runtime.env");
        if (!File.Exists(path)) yield break;
        foreach (var line in File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
            if (line.Split('=', 2) is [var name, var value]) yield return new(name.Trim(), value.Trim());
    }

    internal static async Task WaitHealthyAsync(Process host, Uri url)
    {
        using var http = new HttpClient { BaseAddress = url };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (DateTime.UtcNow < deadline)
        {
            if (host.HasExited) throw new InvalidOperationException($"The host exited with {host.ExitCode}.");
            try
            {
                if ((await http.GetAsync("healthz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("The host did not become healthy.");
    }

    /// <summary>Deliveries acknowledged but not yet answered; -1 when the build has no inbox.</summary>
    internal static async Task<long> BacklogAsync(string db)
    {
        await using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // Statements of their own: PRAGMA busy_timeout answers with a row, which ExecuteScalar would take for the count.
        command.CommandText = "PRAGMA busy_timeout=5000;";
        await command.ExecuteNonQueryAsync();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'Inbox';";
        if ((long)(await command.ExecuteScalarAsync())! == 0) return -1;
        command.CommandText = "SELECT COUNT(*) FROM Inbox WHERE State IN ('Received', 'Answered');";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    internal static (long Now, long Peak) Rss(int pid)
    {
        long now = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) now = Kb(line);
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kb(line);
        }
        return (now, peak);
        static long Kb(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    internal static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    internal static string? Arg(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    // The benchmarks' own (ack-load, turn-load): tests share LocalServer.FreePort in PartnerBot.Testing, which this
    // project does not reference (it would bring xunit and the test host into a benchmark).
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PartnerBot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
