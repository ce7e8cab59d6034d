using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PartnerBot.Slack;

namespace PartnerBot.Benchmarks;

/// <summary>
/// `turn-load` (issue 19): PartnerBot's two busiest endpoints beside the peers a user would otherwise pick, in one run,
/// driven by wrk with unique requests. Slack: `/partner help` from a known partner user, each request signed once,
/// against PartnerBot (verify, inbox, acknowledge; the turn and its reply after) and Bolt-js acknowledging only. Teams:
/// "help" from a known partner user, each activity its own id, against PartnerBot (authenticated with tokens from a
/// local OpenID issuer; the reply through the fake connector) and botbuilder-js echoing (botbuilder's local mode, no
/// token). Each at 1 and 32 connections, 3 s warm-up, 10 s measured; prints req/s, p50/p99, replies completed, the
/// inbox backlog and RSS. Everything listens on 127.0.0.1; every run is bounded in time and in request count.
/// `--ack-only`: the host runs with `Inbox:Workers` 0 (it acknowledges and runs no turns), so wrk measures the
/// acknowledgement alone (verify, record in the inbox, answer) and its CPU per request; after each run a second host
/// with workers, on the same database, drains the backlog, and its CPU per turn is reported apart.
/// </summary>
public static class TurnLoad
{
    public const string Name = "turn-load";
    private const string AppId = "11111111-2222-4333-8444-555555555555";
    private const string Tenant = "8f2c1d3e-0000-4000-9000-00000000a11d";
    private const string TomAad = "00000000-0000-4000-8000-0000000000d1"; // acme-tom, a partner user of the demo
    private const string Issuer = "https://api.botframework.com";

    private sealed record Target(string Endpoint, string Who, Func<Uri> Url, string Path, bool Slack, bool Authenticated, Func<int> Pid,
        Func<long>? Replies, string? Db);

    /// <summary>
    /// Whether wrk ran out of requests: a thread stops once its file is sent, and the requests still in flight on its
    /// connections then go unanswered, so a run that ran out reports up to one request per connection fewer than it
    /// was given (8,198 a second for 82,000 over 10 s was a run that ran out, not a host at its limit).
    /// </summary>
    private static bool RanOut(long answered, int perThread, int threads, int connections) =>
        answered + connections >= (long)perThread * threads;

    private sealed record Result(Target Target, int Connections, long Requests, double Seconds, long Errors, double P50, double P99, long Replies,
        long Backlog, double DrainSeconds, long RssNow, long RssPeak, bool RanOut, double CpuMsPerRequest, double CpuMsPerTurn = double.NaN, long Left = 0)
    {
        public double Rps => Requests / Seconds;
    }

    /// <summary>
    /// The ack-only mode's second host: started on the same database with the default workers once a run ended, it runs
    /// the acknowledged turns; its CPU from healthy until the backlog is empty, per turn, is the turns' cost alone.
    /// </summary>
    private sealed record Drainer(Func<Task<Process>> StartAsync);

    public static async Task RunAsync(string[] args, TextWriter output)
    {
        var root = AckLoad.RepositoryRoot();
        var hostDll = AckLoad.Arg(args, "--host") ?? Path.Combine(root, "src", "PartnerBot.Host", "bin", "Release", "net10.0", "PartnerBot.Host.dll");
        var seconds = int.Parse(AckLoad.Arg(args, "--seconds") ?? "10", CultureInfo.InvariantCulture);
        var warmup = int.Parse(AckLoad.Arg(args, "--warmup") ?? "3", CultureInfo.InvariantCulture);
        var connectionCounts = (AckLoad.Arg(args, "--connections") ?? "1,32").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        // More than any target can take in the time (the run says so when one ran out); each request is sent once. A warm
        // host acknowledged about 8,000 a second (2 Dec 2026), which the earlier cap of 8,000 hid.
        var perSecondCap = int.Parse(AckLoad.Arg(args, "--max-rate") ?? "16000", CultureInfo.InvariantCulture);
        var peers = !args.Contains("--no-peers");
        var only = AckLoad.Arg(args, "--only"); // "slack" or "teams"
        var ackOnly = args.Contains("--ack-only");
        // How long a run's backlog may take to drain before the next run starts (what is left is said).
        var drainSeconds = int.Parse(AckLoad.Arg(args, "--drain-seconds") ?? "180", CultureInfo.InvariantCulture);
        var peersDir = Path.Combine(root, "bench", "peers");
        var script = Path.Combine(AppContext.BaseDirectory, "unique-requests.lua");
        if (!File.Exists("/usr/bin/wrk") && !File.Exists("/usr/local/bin/wrk"))
            throw new InvalidOperationException("wrk is not installed: apt-get install wrk (Debian package).");
        if (peers && !Directory.Exists(Path.Combine(peersDir, "node_modules")))
            throw new InvalidOperationException($"The peers are not installed: cd {peersDir} && npm ci (or pass --no-peers).");

        long slackReplies = 0, connectorReplies = 0;
        await using var fakeSlack = await AckLoad.StartFakeSlackAsync(() => Interlocked.Increment(ref slackReplies));
        await using var fakeConnector = await StartFakeBotFrameworkAsync(() => Interlocked.Increment(ref connectorReplies));
        var connectorUrl = fakeConnector.Urls.First().TrimEnd('/');
        var serviceUrl = connectorUrl + "/connector";
        using var rsa = RSA.Create(2048);
        Keys.Rsa = rsa;
        var token = Token(rsa, serviceUrl);

        var db = Path.Combine(Path.GetTempPath(), $"partnerbot-turnload-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string>
        {
            ["Teams__MicrosoftAppId"] = AppId,
            ["Teams__MicrosoftAppPassword"] = "bench-password",
            ["Teams__OpenIdMetadataUrl"] = connectorUrl + "/openid",
            ["Teams__TokenAuthority"] = connectorUrl,
        };
        // `--host-env NAME=VALUE`: one more environment variable for the host (a runtime knob to try, say).
        if (AckLoad.Arg(args, "--host-env") is { } extra && extra.Split('=', 2) is [var name, var value]) settings[name] = value;
        // Acknowledge only: this host runs no turns (a documented setting: another host sharing the database runs them).
        var (host, hostUrl) = AckLoad.StartHost(hostDll, db, fakeSlack.Urls.First(), ackOnly ? new Dictionary<string, string>(settings) { ["Inbox__Workers"] = "0" } : settings);
        var started = new List<Process> { host };
        var drainer = !ackOnly ? null : new Drainer(async () =>
        {
            var (process, url) = AckLoad.StartHost(hostDll, db, fakeSlack.Urls.First(), settings);
            try
            {
                await AckLoad.WaitHealthyAsync(process, url);
                return process;
            }
            catch
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
                throw;
            }
        });
        var work = Directory.CreateTempSubdirectory("partnerbot-turnload-");
        try
        {
            await AckLoad.WaitHealthyAsync(host, hostUrl);
            Target? bolt = null, botbuilder = null;
            if (peers)
            {
                var (boltProcess, boltUrl) = await StartNodeAsync(peersDir, "bolt-ack.js");
                started.Add(boltProcess);
                bolt = new Target("Slack /partner help", "Bolt-js 5.1.0 (acknowledge only)", () => boltUrl, "/slack/events", true, true, () => boltProcess.Id, null, null);
                var (bbProcess, bbUrl) = await StartNodeAsync(peersDir, "botbuilder-echo.js");
                started.Add(bbProcess);
                botbuilder = new Target("Teams help", "botbuilder-js 4.23.3 (echo, no token)", () => bbUrl, "/api/messages", false, false, () => bbProcess.Id,
                    () => Volatile.Read(ref connectorReplies), null);
            }
            var pbSlack = new Target("Slack /partner help", "PartnerBot", () => hostUrl, "/slack/commands", true, true, () => host.Id,
                () => Volatile.Read(ref slackReplies), db);
            var pbTeams = new Target("Teams help", "PartnerBot (token checked)", () => hostUrl, "/api/messages", false, true, () => host.Id,
                () => Volatile.Read(ref connectorReplies), db);

            output.WriteLine($"turn-load: {Environment.ProcessorCount} cores, load average before: {LoadAverage()}");
            output.WriteLine($"host {hostDll}; wrk, {warmup} s warm-up then {seconds} s per run, unique requests" +
                             (ackOnly ? "; acknowledgements only (Inbox:Workers 0), the turns drained after each run by a second host" : ""));
            var runtimeEnv = AckLoad.RuntimeEnv(hostDll).Select(kv => $"{kv.Key}={kv.Value}").ToList();
            output.WriteLine($"host environment: {(runtimeEnv.Count == 0 ? "no runtime.env beside the host" : "runtime.env " + string.Join(", ", runtimeEnv))}" +
                             (settings.Keys.FirstOrDefault(k => k.StartsWith("DOTNET_", StringComparison.Ordinal)) is { } knob ? $"; --host-env {knob}={settings[knob]}" : ""));
            var results = new List<Result>();
            foreach (var connections in connectionCounts)
            {
                var order = new List<Target?>();
                if (only is null or "slack") order.AddRange([bolt, pbSlack]);
                if (only is null or "teams") order.AddRange([botbuilder, pbTeams]);
                foreach (var target in order.OfType<Target>())
                {
                    var threads = Math.Min(2, connections);
                    // The warm-up has room for the cap; the measured run for three times the warm-up's rate (it says so if it ran out).
                    var warm = await RunWrkAsync(script, work.FullName, target, connections, threads, warmup, perSecondCap * warmup / threads + 500,
                        token, serviceUrl, output, measure: false, null, drainSeconds);
                    var count = (int)Math.Min(perSecondCap * (long)seconds, (long)(warm.Rps * seconds * 3)) / threads + 1000;
                    var result = await RunWrkAsync(script, work.FullName, target, connections, threads, seconds, count, token, serviceUrl, output, measure: true,
                        drainer, drainSeconds);
                    results.Add(result);
                    output.WriteLine(Line(result));
                }
            }
            output.WriteLine($"load average after: {LoadAverage()}");
            output.WriteLine();
            if (ackOnly)
            {
                output.WriteLine("| endpoint | who | conns | acks/s | p50 | p99 | errors | CPU per ack | RSS end (peak) | backlog at end | drained in (turns/s) | CPU per turn (second host) |");
                output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
                foreach (var r in results)
                    output.WriteLine($"| {r.Target.Endpoint} | {r.Target.Who} | {r.Connections} | {r.Rps:N0} | {r.P50:N1} ms | {r.P99:N1} ms | {r.Errors} | {r.CpuMsPerRequest:N3} ms | " +
                                     $"{r.RssNow / 1048576.0:N0} MiB ({r.RssPeak / 1048576.0:N0}) | " +
                                     (r.Target.Db is null ? "n/a | n/a | n/a |" : $"{r.Backlog:N0} | {(r.Left > 0 ? $"{r.Left:N0} left after " : "")}{r.DrainSeconds:N1} s ({(r.Backlog - r.Left) / Math.Max(0.001, r.DrainSeconds):N0}) | {r.CpuMsPerTurn:N2} ms |") +
                                     (r.RanOut ? " ran out of requests" : ""));
                return;
            }
            output.WriteLine("| endpoint | who | conns | req/s | p50 | p99 | errors | replies during run (/s) | backlog at end | drained in (turns/s) | RSS end (peak) | CPU per request, until answered | CPU per turn drained |");
            output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var r in results)
                output.WriteLine($"| {r.Target.Endpoint} | {r.Target.Who} | {r.Connections} | {r.Rps:N0} | {r.P50:N1} ms | {r.P99:N1} ms | {r.Errors} | " +
                                 (r.Target.Replies is null ? "n/a (ack only)" : $"{r.Replies:N0} ({r.Replies / r.Seconds:N0}/s)") + " | " +
                                 (r.Target.Db is null ? "n/a" : $"{r.Backlog:N0}") + " | " +
                                 (r.Target.Db is null ? "n/a" : $"{(r.Left > 0 ? $"{r.Left:N0} left after " : "")}{r.DrainSeconds:N1} s ({(r.Backlog - r.Left) / Math.Max(0.001, r.DrainSeconds):N0})") + " | " +
                                 $"{r.RssNow / 1048576.0:N0} MiB ({r.RssPeak / 1048576.0:N0}) | {r.CpuMsPerRequest:N2} ms | " +
                                 (double.IsNaN(r.CpuMsPerTurn) ? "n/a" : $"{r.CpuMsPerTurn:N2} ms") + " |" + (r.RanOut ? " ran out of requests" : ""));
        }
        finally
        {
            foreach (var p in started)
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                await p.WaitForExitAsync();
                p.Dispose();
            }
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { db, db + "-wal", db + "-shm" })
                try { File.Delete(f); } catch (IOException) { }
            work.Delete(recursive: true);
        }
    }

    private static string Line(Result r) =>
        $"{r.Target.Endpoint,-20} {r.Target.Who,-40} c={r.Connections,-2} {r.Rps,8:N0} req/s  p50 {r.P50,7:N1} ms  p99 {r.P99,7:N1} ms  errors {r.Errors}" +
        (r.Target.Replies is null ? "" : $"  replies {r.Replies:N0} ({r.Replies / r.Seconds:N0}/s)") +
        (r.Target.Db is null ? "" : $"  backlog {r.Backlog:N0}, drained in {r.DrainSeconds:N1} s") +
        $"  RSS {r.RssNow / 1048576.0:N0} MiB (peak {r.RssPeak / 1048576.0:N0})  CPU {r.CpuMsPerRequest:N3} ms/request" +
        (double.IsNaN(r.CpuMsPerTurn) ? "" : $"  CPU {r.CpuMsPerTurn:N2} ms/turn drained") + (r.RanOut ? "  RAN OUT OF REQUESTS: raise --max-rate" : "");

    private static async Task<Result> RunWrkAsync(string script, string dir, Target target, int connections, int threads, int seconds, int perThread,
        string token, string serviceUrl, TextWriter output, bool measure, Drainer? drainer, int drainSeconds)
    {
        var prefix = Path.Combine(dir, $"{(target.Slack ? "slack" : "teams")}-{Guid.NewGuid():N}");
        var conversation = 0;
        for (var t = 0; t < threads; t++)
        {
            await using var file = new StreamWriter(prefix + "." + t.ToString(CultureInfo.InvariantCulture), false, new UTF8Encoding(false), 1 << 16);
            for (var i = 0; i < perThread; i++)
                await file.WriteLineAsync(target.Slack ? SlackLine(conversation++ % 32) : TeamsLine(target.Authenticated ? token : null, serviceUrl));
        }
        var repliesBefore = target.Replies?.Invoke() ?? 0;
        var cpuBefore = CpuMs(target.Pid());
        var info = new ProcessStartInfo("wrk",
        [
            "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{seconds}s", "--timeout", "5s", "-s", script, target.Url().ToString().TrimEnd('/'), "--",
            prefix, target.Slack ? "application/x-www-form-urlencoded" : "application/json", target.Path,
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var wrk = Process.Start(info)!;
        var stdout = wrk.StandardOutput.ReadToEndAsync();
        var stderr = wrk.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 60));
        await wrk.WaitForExitAsync(limit.Token);
        var text = await stdout;
        foreach (var f in Directory.GetFiles(dir, Path.GetFileName(prefix) + ".*")) File.Delete(f);
        var repliesDuring = (target.Replies?.Invoke() ?? 0) - repliesBefore;
        var rss = AckLoad.Rss(target.Pid());
        // With a drainer the target only acknowledges: its CPU per request is the run's own, read before the drain.
        var cpuAfterRun = CpuMs(target.Pid());
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"wrk printed no result:\n{text}\n{await stderr}");
        var values = line["RESULT ".Length..].Split(' ').Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => long.Parse(kv[1], CultureInfo.InvariantCulture));
        var sent = values["requests"];

        // Backlog: deliveries acknowledged and not answered yet; then let it drain (bounded) so the next run starts clean.
        long backlog = 0, left = 0;
        double drained = 0, cpuPerTurn = double.NaN;
        if (measure && target.Db is { } db)
        {
            backlog = await AckLoad.BacklogAsync(db);
            Process? second = null;
            try
            {
                // Ack-only: the acknowledging host runs no turns; a second host with workers drains what it took (the
                // warm-up's too, counted in the backlog), timed and measured from when it is up.
                var drainingPid = target.Pid();
                if (drainer is not null && backlog > 0)
                {
                    second = await drainer.StartAsync();
                    drainingPid = second.Id;
                }
                var drainCpuBefore = CpuMs(drainingPid);
                var clock = Stopwatch.StartNew();
                left = backlog;
                while (left > 0 && clock.Elapsed < TimeSpan.FromSeconds(drainSeconds))
                {
                    await Task.Delay(250);
                    left = await AckLoad.BacklogAsync(db);
                }
                drained = clock.Elapsed.TotalSeconds;
                if (left > 0) output.WriteLine($"  {left} deliveries still waiting after {drainSeconds} s");
                // The drainer's CPU from the end of the run to the end of the drain, per turn completed in it: a turn's cost
                // whatever the machine's load, also when the backlog is not drained in time.
                if (backlog - left > 0) cpuPerTurn = (CpuMs(drainingPid) - drainCpuBefore) / (backlog - left);
            }
            finally
            {
                if (second is not null)
                {
                    second.Kill(entireProcessTree: true);
                    await second.WaitForExitAsync();
                    second.Dispose();
                }
            }
        }
        // Without a drainer: the CPU the target used from the start of the run until every request was answered (the
        // turns after the acknowledgements included), per request: what a request costs whatever else runs on the machine.
        var cpu = ((drainer is not null ? cpuAfterRun : CpuMs(target.Pid())) - cpuBefore) / Math.Max(1, sent);
        return new Result(target, connections, sent, values["duration_us"] / 1e6, values["status_errors"] + values["socket_errors"],
            values["p50_us"] / 1000.0, values["p99_us"] / 1000.0, repliesDuring, backlog, drained, rss.Now, rss.Peak, RanOut(sent, perThread, threads, connections), cpu,
            cpuPerTurn, left);
    }


    /// <summary>A signed `/partner help` from Jane at Acme (a partner user), unique by its trigger id.</summary>
    private static string SlackLine(int channel)
    {
        var body = $"token=x&team_id=T0ACMEINT&channel_id=C0BENCH{channel:00}&channel_name=partner-acme&user_id=U0ACMEJANE&user_name=jane" +
                   $"&command=%2Fpartner&text=help&api_app_id=A0&response_url=http%3A%2F%2F127.0.0.1%2Fnone&trigger_id=bench.{Guid.NewGuid():N}";
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"X-Slack-Request-Timestamp:{ts}\tX-Slack-Signature:{SlackRequestVerifier.Sign(AckLoad.Secret, ts, Encoding.UTF8.GetBytes(body))}\t{body}";
    }

    /// <summary>"help" from Tom at Acme in his personal chat with the bot, with its own activity id.</summary>
    private static string TeamsLine(string? token, string serviceUrl)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = $"29:{TomAad}", ["name"] = "Tom Whitaker", ["aadObjectId"] = TomAad },
            ["conversation"] = new JsonObject { ["id"] = "a:bench-personal-tom", ["conversationType"] = "personal", ["tenantId"] = Tenant },
            ["recipient"] = new JsonObject { ["id"] = $"28:{AppId}", ["name"] = "PartnerBot" },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
            ["locale"] = "en-US",
            ["text"] = "help",
        };
        return (token is null ? "" : $"Authorization:Bearer {token}\t") + activity.ToJsonString();
    }

    /// <summary>A token as the Bot Connector sends with its activities, from the local issuer (valid for an hour).</summary>
    private static string Token(RSA rsa, string serviceUrl)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = AppId,
            IssuedAt = now.AddMinutes(-5),
            NotBefore = now.AddMinutes(-5),
            Expires = now.AddHours(1),
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = Keys.Id }, SecurityAlgorithms.RsaSha256),
        });
    }

    private static class Keys
    {
        public const string Id = "bench-key";
        public static RSA? Rsa { get; set; }
    }

    /// <summary>
    /// The Bot Framework's side on 127.0.0.1: OpenID metadata and the signing key (endorsed for msteams), the token
    /// endpoint the host gets its outbound token from, and the connector, which counts the messages it is sent.
    /// </summary>
    private static async Task<WebApplication> StartFakeBotFrameworkAsync(Action onReply)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/openid", (HttpRequest r) => Results.Json(new JsonObject
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = $"{r.Scheme}://{r.Host}/keys",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        }));
        app.MapGet("/keys", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(Keys.Rsa!.ExportParameters(false)) { KeyId = Keys.Id });
            return Results.Json(new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["kid"] = jwk.Kid, ["n"] = jwk.N, ["e"] = jwk.E, ["endorsements"] = new JsonArray("msteams"),
                }),
            });
        });
        app.MapPost("/{tenant}/oauth2/v2.0/token", () => Results.Json(new { access_token = "bench-outbound", expires_in = 3600, token_type = "Bearer" }));
        app.MapPost("/connector/v3/conversations/{**rest}", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            // Typing indicators are not answers.
            if (!body.Contains("\"type\":\"typing\"", StringComparison.Ordinal)) onReply();
            return Results.Json(new { id = Guid.NewGuid().ToString("N") }, statusCode: 201);
        });
        await app.StartAsync();
        return app;
    }

    private static async Task<(Process Process, Uri Url)> StartNodeAsync(string dir, string file)
    {
        var port = AckLoad.FreePort();
        var info = new ProcessStartInfo("node", [file])
        {
            WorkingDirectory = dir,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        info.Environment["SLACK_SIGNING_SECRET"] = AckLoad.Secret;
        info.Environment["NODE_ENV"] = "production";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } d) Console.Error.WriteLine($"[{file}] {d}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited) throw new InvalidOperationException($"{file} exited with {process.ExitCode}.");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return (process, new Uri($"http://127.0.0.1:{port}/"));
            }
            catch (SocketException)
            {
                await Task.Delay(200);
            }
        }
        throw new TimeoutException($"{file} did not start listening.");
    }

    /// <summary>User and system CPU time the process has used, in ms (from /proc).</summary>
    private static double CpuMs(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * 10.0; // USER_HZ is 100 on Linux
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();
}
