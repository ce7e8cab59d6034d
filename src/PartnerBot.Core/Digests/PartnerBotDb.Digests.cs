using Microsoft.EntityFrameworkCore;
using PartnerBot.Digests;

namespace PartnerBot.Storage;

public partial class PartnerBotDb
{
    public DbSet<DigestSubscription> DigestSubscriptions => Set<DigestSubscription>();
    public DbSet<DigestChart> DigestCharts => Set<DigestChart>();
}
