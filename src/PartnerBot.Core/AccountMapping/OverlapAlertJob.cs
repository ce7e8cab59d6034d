using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Jobs;
using PartnerBot.Localization;
using PartnerBot.Notifications;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.AccountMapping;

/// <summary>
/// Tells a partner's users and its rep about the shared accounts that newly overlap the vendor's: one message per person
/// per pass listing them all (not one per account), each side as <see cref="AccountOverlapView"/> shows it, with co-sell
/// buttons. The accounts listed are marked <see cref="PartnerAccount.AlertedAt"/> in the same save as the messages, and
/// each message goes through <see cref="Notifier.QueueOnceAsync"/> with a key naming the organisation, the accounts and
/// the person, so another host's pass at the same moment never sends it twice. An account whose name or domain changes is
/// looked at again; one that overlaps nothing yet is looked at on every pass, and told once it does.
/// </summary>
public sealed partial class OverlapAlertJob(IServiceScopeFactory scopes, TimeProvider clock, IOptionsMonitor<JobOptions> jobs,
    ILogger<OverlapAlertJob> logger) : RecurringJob<int>(JobName, clock, jobs, logger)
{
    public const string JobName = "AccountOverlapAlerts";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(1);

    /// <summary>One pass. Returns how many messages were queued.</summary>
    public override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PartnerBotDb>();
        var rules = sp.GetRequiredService<IOptions<ProgramOptions>>().Value.AccountMapping;
        var overlaps = sp.GetRequiredService<AccountOverlaps>();
        var notifier = sp.GetRequiredService<Notifier>();
        var localizer = sp.GetRequiredService<Localizer>();
        var now = Clock.GetUtcNow();

        var orgIds = await db.PartnerAccounts.AsNoTracking().Where(a => a.AlertedAt == null)
            .Select(a => a.PartnerOrganisationId).Distinct().ToListAsync(ct);
        var queued = 0;
        foreach (var orgId in orgIds.Order(StringComparer.Ordinal))
        {
            var found = await overlaps.ForAsync(orgId, notAlertedOnly: true, ct);
            if (found.Count == 0) continue;
            var org = await db.PartnerOrganisations.AsNoTracking().FirstAsync(o => o.Id == orgId, ct);
            var (partnerPeople, vendorPeople) = await OverlapAudience.ForAsync(db, org, ct);
            var cause = OverlapAudience.Hash(found.Select(o => $"{o.Account.Id}|{o.Account.NormalizedName}|{o.Account.Domain}").Prepend(orgId));
            foreach (var person in partnerPeople.Concat(vendorPeople))
            {
                var lang = person.Preferences.Language;
                string T(string key, params object?[] args) => localizer.Get(lang, key, args);
                var partner = person.Role == Role.PartnerUser;
                var side = partner ? null : await AccountOverlapView.VendorSideAsync(db, Actor.From(person), found, T, ct);
                var title = partner ? T("accounts.alert.partner", found.Count, org.Name) : T("accounts.alert.vendor", org.Name, found.Count);
                List<Block> blocks = [new TextBlock(title, TextStyle.Heading), .. AccountOverlapView.ListBlocks(found, partner, side, T, rules)];
                if (await notifier.QueueOnceAsync(person.Id, new Reply(blocks) { Visibility = Visibility.Asker, Summary = title },
                        $"account-overlap:{cause}:{person.Id}", ct))
                    queued++;
            }
            var ids = found.Select(o => o.Account.Id).ToList();
            foreach (var account in await db.PartnerAccounts.Where(a => a.PartnerOrganisationId == orgId && ids.Contains(a.Id)).ToListAsync(ct))
                account.AlertedAt = now;
        }
        await db.SaveChangesAsync(ct);
        if (queued > 0)
        {
            sp.GetRequiredService<OutboxSignal>().Notify();
            Log.Queued(Logger, queued);
        }
        return queued;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8711, Level = LogLevel.Information, Message = "Account overlap alerts: {Count} queued")]
        public static partial void Queued(ILogger logger, int count);
    }
}
