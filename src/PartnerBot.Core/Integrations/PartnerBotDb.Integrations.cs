using Microsoft.EntityFrameworkCore;
using PartnerBot.Integrations;

namespace PartnerBot.Storage;

public partial class PartnerBotDb
{
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
}
