using Microsoft.EntityFrameworkCore;
using PartnerBot.Enablement;

namespace PartnerBot.Storage;

public partial class PartnerBotDb
{
    public DbSet<ContentItem> ContentItems => Set<ContentItem>();
    public DbSet<ContentOpen> ContentOpens => Set<ContentOpen>();
    public DbSet<ContentLastLooked> ContentLastLooked => Set<ContentLastLooked>();
    public DbSet<Certification> Certifications => Set<Certification>();
}
