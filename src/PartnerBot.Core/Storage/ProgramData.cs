using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PartnerBot.Storage;

public sealed class ProgramDataOptions
{
    public const string Section = "ProgramData";
    /// <summary>The folder a program's data is loaded from (people, partners; later content, knowledge).</summary>
    public string Path { get; set; } = "samples/demo-program";
    /// <summary>Load the folder at start. Each loader loads its part once and leaves existing data alone.</summary>
    public bool LoadAtStart { get; set; } = true;
}

/// <summary>
/// Loads one part of a program's data from its folder (people.json, a content catalog, knowledge documents...).
/// Every capability that ships demo data registers one. Loaders run in <see cref="Order"/>, each in its own scope,
/// and must be idempotent: the host runs them at every start.
/// </summary>
public interface IProgramDataLoader
{
    int Order { get; }
    Task LoadAsync(PartnerBotDb db, string folder, CancellationToken ct);
}

public static partial class DatabaseStartup
{
    /// <summary>
    /// Applies the committed migrations, then runs the program data loaders: on one host at a time when several
    /// share the database and start together (see <see cref="StorageProviders.AsOnlyStartingHostAsync"/>).
    /// </summary>
    public static Task MigrateAndLoadAsync(this IServiceProvider services, CancellationToken ct = default) =>
        StorageProviders.AsOnlyStartingHostAsync(services.GetRequiredService<StorageSettings>(), () => MigrateAndLoadHereAsync(services, ct), ct);

    private static async Task MigrateAndLoadHereAsync(IServiceProvider services, CancellationToken ct)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("PartnerBot.Storage");
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
            EnsureSqliteFolder(db);
            await db.Database.OpenConnectionAsync(ct);
            await SqliteTuning.UseWriteAheadLogAsync(db.Database.GetDbConnection(), ct);
            await db.Database.CloseConnectionAsync();
            await db.Database.MigrateAsync(ct);
        }

        var options = services.GetRequiredService<IOptions<ProgramDataOptions>>().Value;
        if (!options.LoadAtStart) return;
        var folder = ResolveFolder(options.Path);
        if (!Directory.Exists(folder))
        {
            Log.NoProgramFolder(logger, folder);
            return;
        }
        // Loaders are scoped (they use the DbContext): list them in one scope, run each in its own.
        List<Type> loaderTypes;
        await using (var listing = services.CreateAsyncScope())
            loaderTypes = listing.ServiceProvider.GetServices<IProgramDataLoader>().OrderBy(l => l.Order).Select(l => l.GetType()).ToList();
        foreach (var loaderType in loaderTypes)
        {
            await using var scope = services.CreateAsyncScope();
            var loader = scope.ServiceProvider.GetServices<IProgramDataLoader>().First(l => l.GetType() == loaderType);
            await loader.LoadAsync(scope.ServiceProvider.GetRequiredService<PartnerBotDb>(), folder, ct);
        }
        Log.Loaded(logger, folder);
    }

    /// <summary>A relative path is looked up beside the application (samples are copied there), then from the working directory.</summary>
    public static string ResolveFolder(string path)
    {
        if (System.IO.Path.IsPathRooted(path)) return path;
        var beside = System.IO.Path.Combine(AppContext.BaseDirectory, path);
        return Directory.Exists(beside) ? beside : System.IO.Path.GetFullPath(path);
    }

    private static void EnsureSqliteFolder(PartnerBotDb db)
    {
        if (!db.Database.IsSqlite()) return;
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        var dir = System.IO.Path.GetDirectoryName(builder.DataSource);
        if (!string.IsNullOrEmpty(dir) && builder.DataSource != ":memory:") Directory.CreateDirectory(dir);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "No program data folder at {Folder}: starting with an empty program")]
        public static partial void NoProgramFolder(ILogger logger, string folder);

        [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Program data checked from {Folder}")]
        public static partial void Loaded(ILogger logger, string folder);
    }
}
