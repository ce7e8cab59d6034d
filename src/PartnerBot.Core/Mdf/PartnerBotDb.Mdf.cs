using Microsoft.EntityFrameworkCore;
using PartnerBot.Mdf;

namespace PartnerBot.Storage;

public partial class PartnerBotDb
{
    public DbSet<MdfFund> MdfFunds => Set<MdfFund>();
    public DbSet<MdfPlan> MdfPlans => Set<MdfPlan>();
}
