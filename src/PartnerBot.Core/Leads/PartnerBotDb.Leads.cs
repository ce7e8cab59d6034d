using Microsoft.EntityFrameworkCore;
using PartnerBot.Leads;

namespace PartnerBot.Storage;

public partial class PartnerBotDb
{
    public DbSet<Lead> Leads => Set<Lead>();
    public DbSet<LeadOffer> LeadOffers => Set<LeadOffer>();
}
