using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Audit;
using PartnerBot.Conversations;
using PartnerBot.Notifications;
using PartnerBot.People;

namespace PartnerBot.Storage;

/// <summary>
/// The one DbContext. Each capability adds its sets in a partial of this class in its own folder and its
/// <see cref="IEntityTypeConfiguration{TEntity}"/> classes beside its entities; they are picked up from the assembly.
/// This type is the SQLite context and owns the SQLite migrations (Storage/Migrations); PostgreSQL uses
/// <see cref="PostgreSqlPartnerBotDb"/>, the same model with its own migrations. Capabilities only ever see this type.
/// </summary>
public partial class PartnerBotDb : DbContext
{
    public PartnerBotDb(DbContextOptions<PartnerBotDb> options) : base(options) { }

    /// <summary>For a provider's own context type (<see cref="PostgreSqlPartnerBotDb"/>): the same model, its own migrations.</summary>
    protected PartnerBotDb(DbContextOptions options) : base(options) { }

    public DbSet<PartnerOrganisation> PartnerOrganisations => Set<PartnerOrganisation>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<ChannelIdentity> ChannelIdentities => Set<ChannelIdentity>();
    public DbSet<LinkRequest> LinkRequests => Set<LinkRequest>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<DialogState> DialogStates => Set<DialogState>();
    public DbSet<ConversationReference> ConversationReferences => Set<ConversationReference>();
    public DbSet<ProcessedInbound> ProcessedInbounds => Set<ProcessedInbound>();
    public DbSet<SeenSignature> SeenSignatures => Set<SeenSignature>();
    public DbSet<WebChatMessage> WebChatMessages => Set<WebChatMessage>();
    public DbSet<Download> Downloads => Set<Download>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<InboxItem> Inbox => Set<InboxItem>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    // The scope that leased this context from the pool (ContextPool), and its save interceptors once a save asked.
    private IServiceProvider? _scope;
    private ISaveChangesInterceptor[]? _interceptors;

    internal void LeasedBy(IServiceProvider? scope)
    {
        _scope = scope;
        _interceptors = null;
    }

    /// <summary>The leasing scope's save interceptors: the audit first, then the capabilities' (see <see cref="ScopeSaveInterceptors"/>).</summary>
    internal ISaveChangesInterceptor[] ScopeInterceptors() => _interceptors ??= _scope is { } scope
        ? [scope.GetRequiredService<AuditInterceptor>(), .. scope.GetServices<ISaveChangesInterceptor>()]
        : throw new InvalidOperationException("A pooled PartnerBotDb saved outside the scope that leased it: its audit would be lost.");

    // Back in the pool, a context holds nothing of the scope that is ending.
    public override void Dispose()
    {
        LeasedBy(null);
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    public override async ValueTask DisposeAsync()
    {
        LeasedBy(null);
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PartnerBotDb).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as UTC ticks: sortable and comparable in SQL on SQLite and PostgreSQL alike.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        // Enums as text: readable in the database and stable when members are added.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
}
