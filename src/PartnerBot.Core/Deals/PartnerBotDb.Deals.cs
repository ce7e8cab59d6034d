using Microsoft.EntityFrameworkCore;
using PartnerBot.Deals;

namespace PartnerBot.Storage;

public partial class PartnerBotDb
{
    public DbSet<DealRegistration> DealRegistrations => Set<DealRegistration>();
    public DbSet<DirectSalesAccount> DirectSalesAccounts => Set<DirectSalesAccount>();
    public DbSet<AccountClaim> AccountClaims => Set<AccountClaim>();
    public DbSet<ChangeCounter> ChangeCounters => Set<ChangeCounter>();
}
