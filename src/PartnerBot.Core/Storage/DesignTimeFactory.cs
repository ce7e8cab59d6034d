using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PartnerBot.Storage;

/// <summary>Lets `dotnet ef migrations add` build the context without starting the host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PartnerBotDb>
{
    public PartnerBotDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PartnerBotDb>().UseSqlite("Data Source=design.db").Options);
}
