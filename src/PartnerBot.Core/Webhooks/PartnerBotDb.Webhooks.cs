using Microsoft.EntityFrameworkCore;
using PartnerBot.Webhooks;

namespace PartnerBot.Storage;

public partial class PartnerBotDb
{
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
}
