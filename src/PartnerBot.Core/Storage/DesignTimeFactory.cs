using Microsoft.EntityFrameworkCore.Design;

namespace PartnerBot.Storage;

/// <summary>Lets `dotnet ef migrations add` build the SQLite context without starting the host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PartnerBotDb>
{
    public PartnerBotDb CreateDbContext(string[] args) =>
        StorageProviders.CreateContext(new StorageSettings(StorageProvider.Sqlite, "Data Source=design.db"));
}

/// <summary>
/// The same for PostgreSQL's migrations (`--context PostgreSqlPartnerBotDb`): scaffolding needs no server, the
/// connection string is only a placeholder.
/// </summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlPartnerBotDb>
{
    public PostgreSqlPartnerBotDb CreateDbContext(string[] args) =>
        (PostgreSqlPartnerBotDb)StorageProviders.CreateContext(new StorageSettings(StorageProvider.PostgreSQL, "Host=localhost;Database=partnerbot_design"));
}
