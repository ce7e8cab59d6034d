using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Commissions;
using PartnerBot.Deals;
using PartnerBot.Digests;
using PartnerBot.Jobs;
using PartnerBot.Leads;
using PartnerBot.Mdf;
using PartnerBot.AccountMapping;
using PartnerBot.Onboarding;
using PartnerBot.Notifications;
using PartnerBot.Storage;

namespace PartnerBot.Testing;

/// <summary>
/// The real host, in memory, on its own SQLite file (or PostgreSQL database: <see cref="TestStorage"/>), with a fake clock and the outbox run by hand. Create a second
/// TestHost on the same <see cref="DatabasePath"/> to simulate a restart.
/// </summary>
/// <remarks>
/// Migrating and loading the demo program is most of a host's start, and it gives the same database every time for
/// the same start time and program settings (the loaders write dates relative to the clock and read Program:*). So
/// the first TestHost of a test run for those inputs keeps a copy of its database as it was right after start, and
/// every later one starts on its own copy of that file: each test still has its own database, and the host still
/// migrates at start (it finds everything in place). A test whose services change what the
/// loaders write must pass its own <c>databasePath</c>. A host started on a copy, without services of the test's own,
/// skips the loaders: the copy already holds what they write (the first host of a template ran them).
/// </remarks>
public class TestHost : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Started databases by template key, for this test run; removed when the test process exits.</summary>
    private static readonly ConcurrentDictionary<string, string> Templates = new();

    static TestHost() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var path in Templates.Values) TryDelete(path);
    };


    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _ownsDatabase;

    public TestHost(string? databasePath = null, FakeTimeProvider? clock = null,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _ownsDatabase = databasePath is null;
        DatabasePath = databasePath ?? NewDatabasePath();
        Clock = clock ?? new FakeTimeProvider(DefaultNow);
        _settings = new(settings ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:PartnerBot"] = TestStorage.Settings(DatabasePath).ConnectionString,
            [StorageSettings.ProviderKey] = TestStorage.Provider.ToString(),
            // The host runs as "Testing": the web chat is off there unless switched on, as in production.
            ["WebChat:Enabled"] = "true",
            // Tests drive the web chat hard from one address; the limiter is tested on its own.
            ["Limits:AnonymousPerMinute"] = "100000",
        };
        // Jobs run by hand in tests (RunOnceAsync with the fake clock); housekeeping stays on, as in production.
        foreach (var job in HandRunJobs) _settings[JobOptions.Key(job, nameof(JobOptions.Enabled))] = "false";
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) _settings[k] = v;
        _services = services;
    }

    /// <summary>
    /// What the migrated and loaded database depends on: the clock at start and the settings (all of them: a setting
    /// outside Program:* may still change what a loader writes, the knowledge chunking for one).
    /// </summary>
    private static string TemplateKey(DateTimeOffset now, Dictionary<string, string?> settings) =>
        string.Join('\n', settings
            .Where(s => !s.Key.StartsWith("ConnectionStrings", StringComparison.OrdinalIgnoreCase))
            .Select(s => $"{s.Key.ToUpperInvariant()}={s.Value}")
            .Order(StringComparer.Ordinal)
            .Prepend(now.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    protected override IHost CreateHost(IHostBuilder builder)
    {
        if (TestStorage.OnPostgreSql) return CreatePostgreSqlHost(builder);
        // Only a fresh file of our own: a restart's database, or one a test prepared, is used as it is.
        string? newTemplateKey = null;
        if (_ownsDatabase && !File.Exists(DatabasePath))
        {
            var key = TemplateKey(Clock.GetUtcNow(), _settings);
            if (Templates.TryGetValue(key, out var template))
            {
                File.Copy(template, DatabasePath);
                // The copy holds what the loaders would write; with no services of the test's own (which could change
                // what they write) the start skips them, the most expensive part of a host's start after migrating.
                if (_services is null)
                    builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection([new("ProgramData:LoadAtStart", "false")]));
            }
            else newTemplateKey = key;
        }
        var host = base.CreateHost(builder); // returns once Program has migrated, loaded and started
        if (newTemplateKey is not null && TrySnapshot(DatabasePath) is { } copy && !Templates.TryAdd(newTemplateKey, copy))
            TryDelete(copy);
        return host;
    }

    /// <summary>
    /// The same on PostgreSQL: a database of our own is created as a copy of the prepared one for the same key
    /// (CREATE DATABASE … TEMPLATE), or empty, and the first started for a key is copied as the template. A copy needs
    /// nobody connected to its source: the host's idle connections are closed first, and a job that happens to be
    /// connected makes the copy wait and try again, a bounded number of times (then there is no template yet).
    /// </summary>
    private IHost CreatePostgreSqlHost(IHostBuilder builder)
    {
        string? newTemplateKey = null;
        if (!TestStorage.Exists(DatabasePath))
        {
            var key = TemplateKey(Clock.GetUtcNow(), _settings);
            if (_ownsDatabase && Templates.TryGetValue(key, out var template))
            {
                TestStorage.Create(DatabasePath, template);
                if (_services is null) // as on SQLite: the copy holds what the loaders write
                    builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection([new("ProgramData:LoadAtStart", "false")]));
            }
            else
            {
                TestStorage.Create(DatabasePath);
                if (_ownsDatabase) newTemplateKey = key;
            }
        }
        var host = base.CreateHost(builder);
        if (newTemplateKey is null) return host;
        var copy = TestStorage.NewDatabase();
        for (var attempt = 0; attempt < 40; attempt++)
        {
            try
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                TestStorage.Create(copy, DatabasePath);
                if (!Templates.TryAdd(newTemplateKey, copy)) TestStorage.TryDrop(copy);
                break;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == "55006") // source database is being accessed by other users
            {
                Thread.Sleep(50);
            }
        }
        return host;
    }

    /// <summary>
    /// A consistent copy of the database through SQLite's backup API. A job of the started host may be writing
    /// (housekeeping's first pass) or recovering the write-ahead log, which makes the backup busy: it is tried again a bounded number of times, and
    /// when it never gets through there is simply no template yet (the next host for the same key tries).
    /// </summary>
    private static string? TrySnapshot(string databasePath)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"partnerbot-template-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        for (var attempt = 0; attempt < 40; attempt++)
        {
            try
            {
                using var source = new SqliteConnection($"Data Source={databasePath};Pooling=False");
                using var target = new SqliteConnection($"Data Source={copy};Pooling=False");
                source.Open();
                target.Open();
                source.BackupDatabase(target);
                return copy;
            }
            // SQLITE_BUSY, SQLITE_LOCKED and their extended forms (261, busy while another connection recovers the WAL).
            catch (SqliteException e) when ((e.SqliteErrorCode & 0xFF) is 5 or 6)
            {
                Thread.Sleep(50);
            }
        }
        TryDelete(copy);
        return null;
    }

    /// <summary>The jobs a test runs itself: the outbox, digests, deal and MDF reminders, commission, onboarding nudges, leads and overlap alerts.</summary>
    public static readonly string[] HandRunJobs =
        [OutboxDispatcher.JobName, DigestScheduler.JobName, DealReminderJob.JobName, MdfReminderJob.JobName, CommissionJob.JobName,
         OnboardingNudgeJob.JobName, PartnerVoice.SurveyJob.JobName, LeadJob.JobName, OverlapAlertJob.JobName];

    /// <summary>
    /// Settings that switch off every job of <see cref="HandRunJobs"/> but <paramref name="keep"/>: for a host that runs
    /// on the wall clock (the drills' separate processes), where a digest, reminder or survey falling due mid-run would
    /// add deliveries of its own. A new hand-run job is quiet there too without naming it again.
    /// </summary>
    public static Dictionary<string, string> QuietJobs(params string[] keep) =>
        HandRunJobs.Except(keep).ToDictionary(job => JobOptions.Key(job, nameof(JobOptions.Enabled)), _ => "false");

    public string DatabasePath { get; }
    public FakeTimeProvider Clock { get; }

    /// <summary>A new database of its own: a SQLite file path, or on PostgreSQL a database name (see <see cref="TestStorage"/>).</summary>
    public static string NewDatabasePath() => TestStorage.NewDatabase();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // As strict as Development: a scoped service resolved from the root fails the test, not the first `dotnet run`.
        builder.UseDefaultServiceProvider(o => o.ValidateScopes = true);
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            // The host checks at every start that the model has no change without a migration, by comparing the
            // whole model with the migrations' snapshot: a third of a test host's start. MigrationsTests checks it
            // once for the suite (MigrationsTests.The_model_has_no_changes_missing_from_the_migrations); the product keeps it.
            s.ConfigureDbContext<PartnerBotDb>(o => o.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)));
            _services?.Invoke(s);
        });
    }

    /// <summary>Runs outbox passes until nothing due is left. Returns how many messages were claimed.</summary>
    public Task<int> DeliverOutboxAsync() => Services.GetRequiredService<OutboxDispatcher>().RunOnceAsync(CancellationToken.None);

    /// <summary>Imports <paramref name="rows"/> (each a row's columns) as the import of <paramref name="kind"/> does.</summary>
    public async Task<Importing.ImportReport> ImportRowsAsync(string kind, params IReadOnlyList<Dictionary<string, string?>> rows)
    {
        await using var scope = Services.CreateAsyncScope();
        var runner = scope.ServiceProvider.GetRequiredService<Importing.ImportRunner>();
        return await runner.ImportAsync(kind, new Importing.RowListSource(rows.Select((r, i) => new Importing.ImportRow(i + 1, r))), new Importing.ImportOptions());
    }

    /// <summary>
    /// Loads the knowledge base again, as the ingest command does, from a temporary folder that <paramref name="write"/>
    /// fills (removed afterwards): documents it does not hold are removed from the base.
    /// </summary>
    public async Task IngestKnowledgeAsync(Action<string> write)
    {
        var folder = Directory.CreateTempSubdirectory("partnerbot-knowledge-").FullName;
        try
        {
            write(folder);
            await using var scope = Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Knowledge.KnowledgeIngestor>().IngestFolderAsync(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs <paramref name="work"/> with a fresh scope's DbContext.</summary>
    public async Task<T> WithDbAsync<T>(Func<PartnerBotDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PartnerBotDb>());
    }

    public WebChatClient Chat(string personId, string? conversationId = null) =>
        new(CreateClient(), personId, conversationId ?? $"dm-{personId}");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDatabase && TestStorage.OnPostgreSql) TestStorage.TryDrop(DatabasePath);
        else if (disposing && _ownsDatabase)
        {
            SqliteConnection.ClearAllPools();
            TryDelete(DatabasePath);
        }
    }

    private static void TryDelete(string databasePath)
    {
        foreach (var f in new[] { databasePath, databasePath + "-wal", databasePath + "-shm", databasePath + ".start-lock" })
            try { File.Delete(f); } catch (IOException) { }
    }
}

public sealed record ChatMessage(long Id, string? AuthorId, string AuthorName, bool Mine, bool Private, string? Text, string? Html, DateTimeOffset At);
public sealed record ChatMessages(List<ChatMessage> Messages);

/// <summary>Talks to the web chat API as one person in one conversation, the way the page does.</summary>
public sealed class WebChatClient(HttpClient http, string personId, string conversationId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    public HttpClient Http { get; } = http;
    public string PersonId { get; } = personId;
    public string ConversationId { get; } = conversationId;

    private string Url => $"/api/webchat/conversations/{Uri.EscapeDataString(ConversationId)}/messages?as={Uri.EscapeDataString(PersonId)}";

    public async Task<List<ChatMessage>> SayAsync(string text, string? clientMessageId = null)
    {
        var r = await Http.PostAsJsonAsync(Url, new { text, clientMessageId }, Json);
        r.EnsureSuccessStatusCode();
        return (await r.Content.ReadFromJsonAsync<ChatMessages>(Json))!.Messages;
    }

    /// <summary>Presses a button or submits a form: <paramref name="values"/> are merged over the action's data.</summary>
    public async Task<List<ChatMessage>> ActAsync(string name, IDictionary<string, string> values, string? label = null)
    {
        var r = await Http.PostAsJsonAsync(Url, new { action = new { name, values }, label }, Json);
        r.EnsureSuccessStatusCode();
        return (await r.Content.ReadFromJsonAsync<ChatMessages>(Json))!.Messages;
    }

    public async Task<List<ChatMessage>> ReadAsync(long after = 0)
    {
        var r = await Http.GetAsync($"{Url}&after={after}");
        r.EnsureSuccessStatusCode();
        return (await r.Content.ReadFromJsonAsync<ChatMessages>(Json))!.Messages;
    }

    /// <summary>The action data of the last form or button in <paramref name="html"/> whose action has this name.</summary>
    public static Dictionary<string, string> ActionData(string html, string actionName)
    {
        var matches = System.Text.RegularExpressions.Regex.Matches(html, "data-action=\"([^\"]+)\"");
        foreach (var m in matches.Reverse())
        {
            var json = System.Net.WebUtility.HtmlDecode(m.Groups[1].Value);
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.GetProperty("name").GetString() != actionName) continue;
            return doc.RootElement.GetProperty("data").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
        }
        throw new InvalidOperationException($"No action '{actionName}' in the message.");
    }
}
