using Microsoft.EntityFrameworkCore;
using PartnerBot.Commissions;

namespace PartnerBot.Storage;

public partial class PartnerBotDb
{
    public DbSet<CommissionLine> CommissionLines => Set<CommissionLine>();
    public DbSet<PartnerActivity> PartnerActivities => Set<PartnerActivity>();
}
