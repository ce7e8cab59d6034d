using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Conversations;
using PartnerBot.People;
using PartnerBot.Storage;
using PartnerBot.Testing;

namespace PartnerBot.Core.Tests.Storage;

/// <summary>
/// A save scans the tracked entities for changes once before its interceptors run (issue 19: each interceptor's read of
/// the tracker scanned them all again): the audit and every interceptor still see what the caller changed, what an
/// interceptor changes is still written, and a context whose caller turned detection off is left so. A conversation
/// heard from again with nothing new saves nothing at all.
/// </summary>
public sealed class SaveInterceptorsTests : IAsyncLifetime
{
    private readonly string _database = TestStorage.NewDatabase();
    private readonly SaveLog _log = new();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = await CoreServices.StartAsync(_database, services =>
        {
            services.AddSingleton(_log);
            services.AddScoped<ISaveChangesInterceptor, RenamesBob>();
        });
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
        db.People.AddRange(new Person { Id = "ann", DisplayName = "Ann", Role = Role.Rep }, new Person { Id = "bob", DisplayName = "Bob", Role = Role.Rep });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Interceptors_see_the_callers_changes_and_what_they_change_is_written()
    {
        _log.Renaming = true;
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
            var people = await db.People.OrderBy(p => p.Id).ToListAsync();
            people[0].DisplayName = "Ann Lee"; // no DetectChanges by the caller: the save finds it
            await db.SaveChangesAsync();
            Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
        }

        // The interceptor saw Ann modified and Bob not (yet), and renamed Bob, unchanged until then: both are written.
        Assert.Equal([("ann", EntityState.Modified), ("bob", EntityState.Unchanged)], _log.Seen);
        await using var read = _services.CreateAsyncScope();
        var rdb = read.ServiceProvider.GetRequiredService<PartnerBotDb>();
        Assert.Equal(["Ann Lee", "Bob (renamed in the save)"], await rdb.People.OrderBy(p => p.Id).Select(p => p.DisplayName).ToListAsync());
        // The audit, run first, found Ann's change.
        var audit = await rdb.AuditLog.Where(a => a.EntityType == nameof(Person) && a.Action == "Modified").ToListAsync();
        Assert.Equal("ann", Assert.Single(audit).EntityId);
        Assert.Contains("Ann Lee", audit[0].Changes);
    }

    [Fact]
    public async Task A_context_with_detection_turned_off_is_left_so()
    {
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PartnerBotDb>();
            var ann = await db.People.SingleAsync(p => p.Id == "ann");
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            ann.DisplayName = "Not detected";
            await db.SaveChangesAsync();
            Assert.False(db.ChangeTracker.AutoDetectChangesEnabled);
            Assert.Equal([("ann", EntityState.Unchanged)], _log.Seen); // no scan: as EF Core does with detection off
        }
        await using var read = _services.CreateAsyncScope();
        Assert.Equal("Ann", (await read.ServiceProvider.GetRequiredService<PartnerBotDb>().People.SingleAsync(p => p.Id == "ann")).DisplayName);
    }

    [Fact]
    public async Task A_conversation_heard_from_again_with_nothing_new_saves_nothing()
    {
        await using var scope = _services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<ConversationDirectory>();
        _log.Saves = 0;
        await directory.RememberAsync(Channels.Teams, "a:1", ConversationKind.Personal, "ann", """{"serviceUrl":"https://one"}""", CancellationToken.None);
        Assert.Equal(1, _log.Saves);

        // The same again within the minute: no save, not even an empty one.
        await directory.RememberAsync(Channels.Teams, "a:1", ConversationKind.Personal, "ann", """{"serviceUrl":"https://one"}""", CancellationToken.None);
        await directory.RememberAsync(Channels.Teams, "a:1", ConversationKind.Personal, null, null, CancellationToken.None);
        Assert.Equal(1, _log.Saves);

        // Something new is written at once.
        await directory.RememberAsync(Channels.Teams, "a:1", ConversationKind.Personal, "ann", """{"serviceUrl":"https://two"}""", CancellationToken.None);
        Assert.Equal(2, _log.Saves);
        await using var read = _services.CreateAsyncScope();
        Assert.Equal("""{"serviceUrl":"https://two"}""",
            (await read.ServiceProvider.GetRequiredService<PartnerBotDb>().ConversationReferences.SingleAsync(r => r.ConversationId == "a:1")).Data);
    }

    public Task DisposeAsync() => CoreServices.StopAsync(_services, _database);

    /// <summary>What the test interceptor saw, and how many saves ran.</summary>
    private sealed class SaveLog
    {
        public bool Renaming { get; set; }
        public int Saves { get; set; }
        public List<(string Id, EntityState State)> Seen { get; } = [];
    }

    /// <summary>A capability's interceptor: reads the tracker's people and, when asked, renames Bob in the save.</summary>
    private sealed class RenamesBob(SaveLog log) : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            log.Saves++;
            var people = eventData.Context!.ChangeTracker.Entries<Person>().OrderBy(e => e.Entity.Id).ToList();
            if (people.Count == 0) return ValueTask.FromResult(result);
            log.Seen.Clear();
            log.Seen.AddRange(people.Select(e => (e.Entity.Id, e.State)));
            if (log.Renaming && people.FirstOrDefault(e => e.Entity.Id == "bob") is { } bob) bob.Entity.DisplayName = "Bob (renamed in the save)";
            return ValueTask.FromResult(result);
        }
    }
}
