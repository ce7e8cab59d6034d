using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Deals;
using PartnerBot.Notifications;
using PartnerBot.Onboarding;
using PartnerBot.People;
using PartnerBot.Storage;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Onboarding;

/// <summary>
/// Nudges on the demo program's days 7, 30, 60 and 90 (within 7 days of each). Now is 23 Nov 2026 09:00 UTC. Fresh
/// joined 16 Nov (day 7) and has a Polish partner user and Maya as rep; Stale joined 400 days ago; Done joined 16 Nov
/// with every step done; Quiet joined 16 Nov with a user who switched reminders off. The demo's Kedai joined 60 days
/// ago without opening any material: its user and its rep Arjun are nudged too (day 60, then day 90).
/// </summary>
public sealed class OnboardingNudgeTests : IDisposable
{
    private static readonly DateTimeOffset Now = TestHost.DefaultNow;
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private Task<int> SeedAsync() => _host.WithDbAsync(async db =>
    {
        var day7 = new DateOnly(2026, 11, 16);
        db.PartnerOrganisations.AddRange(
            Org("n-fresh", "Fresh Sp. z o.o.", day7, "rep-maya"),
            Org("n-stale", "Stale Ltd", new DateOnly(2025, 10, 19), "rep-maya"),
            Org("n-done", "Done Ltd", day7, "rep-maya", salesCertified: 1, closedBefore: 2),
            Org("n-quiet", "Quiet Ltd", day7, null));
        db.People.AddRange(
            Partner("n-fresh-ola", "n-fresh", Languages.Polish),
            Partner("n-stale-sam", "n-stale", Languages.English),
            Partner("n-done-dee", "n-done", Languages.English),
            Partner("n-quiet-qi", "n-quiet", Languages.Chinese, ReminderMode.Off));
        db.ContentOpens.Add(new() { PersonId = "n-done-dee", OrganisationId = "n-done", ContentItemId = "platform-pitch-deck", OpenedAt = Now.AddDays(-3) });
        db.DealRegistrations.Add(new DealRegistration
        {
            Id = "DR-NDONE1", PartnerOrganisationId = "n-done", RegisteredByPersonId = "n-done-dee", CompanyName = "Done Customer",
            NormalizedName = "done customer", Status = DealStatus.Approved, RegisteredAt = Now.AddDays(-2), UpdatedAt = Now.AddDays(-2),
            CloseDate = new DateOnly(2027, 1, 1), ProtectedUntil = new DateOnly(2027, 2, 1),
        });
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task DaySeven_NudgesThePartnerAndItsRep_EachOnce_InTheirLanguage()
    {
        await SeedAsync();
        var job = _host.Services.GetRequiredService<OnboardingNudgeJob>();
        Assert.Equal(4, await job.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        _host.Clock.Advance(TimeSpan.FromDays(1)); // day 8: still day 7's nudge, already sent
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));

        Assert.Equal(["onboarding-nudge:kedai:60:kedai-aisyah", "onboarding-nudge:kedai:60:rep-arjun",
            "onboarding-nudge:n-fresh:7:n-fresh-ola", "onboarding-nudge:n-fresh:7:rep-maya"], await KeysAsync());
        var nudges = await NudgesAsync();
        Assert.Equal("Fresh Sp. z o.o. dołączył(a) do programu 7 dni temu i wciąż ma do zrobienia: Certyfikat sprzedażowy; Pierwszy otwarty materiał; " +
            "Pierwsza zarejestrowana transakcja; Pierwsza wygrana transakcja. Napisz \"wdrożenie\", by zobaczyć swoją listę.", Assert.Single(nudges["n-fresh-ola"]));
        Assert.Equal("Your partner Fresh Sp. z o.o. joined 7 days ago and still has to: Sales certification; First material opened; First deal registered; " +
            "First deal won. Type \"onboarding n-fresh\" for its checklist.", Assert.Single(nudges["rep-maya"]));
    }

    [Fact]
    public async Task NextDay_IsAnotherNudge_StaleAndDoneAndSilencedGetNone()
    {
        await SeedAsync();
        var job = _host.Services.GetRequiredService<OnboardingNudgeJob>();
        await job.RunOnceAsync(CancellationToken.None);
        _host.Clock.Advance(TimeSpan.FromDays(23)); // Fresh's day 30 (Kedai's 83)
        Assert.Equal(2, await job.RunOnceAsync(CancellationToken.None));
        _host.Clock.Advance(TimeSpan.FromDays(7)); // Fresh's day 37: past day 30's seven days, before day 60; Kedai's day 90
        Assert.Equal(2, await job.RunOnceAsync(CancellationToken.None));

        Assert.Equal(["onboarding-nudge:kedai:60:kedai-aisyah", "onboarding-nudge:kedai:60:rep-arjun",
            "onboarding-nudge:kedai:90:kedai-aisyah", "onboarding-nudge:kedai:90:rep-arjun",
            "onboarding-nudge:n-fresh:30:n-fresh-ola", "onboarding-nudge:n-fresh:30:rep-maya",
            "onboarding-nudge:n-fresh:7:n-fresh-ola", "onboarding-nudge:n-fresh:7:rep-maya"], await KeysAsync());
    }

    [Fact]
    public async Task TwoPassesAtOnce_AsOnTwoHosts_NeverQueueANudgeTwice()
    {
        await SeedAsync();
        // Two jobs with scopes of their own, as two hosts on one database: each checks before either saves; the
        // outbox's unique key refuses the later save, whose pass fails and runs again.
        var job = _host.Services.GetRequiredService<OnboardingNudgeJob>();
        async Task<int> Pass()
        {
            try { return await job.RunOnceAsync(CancellationToken.None); }
            catch (DbUpdateException) { return -1; }
        }
        for (var round = 0; round < 5; round++)
        {
            await Task.WhenAll(Pass(), Pass(), Pass());
            _host.Clock.Advance(TimeSpan.FromDays(1));
        }
        Assert.Equal(["onboarding-nudge:kedai:60:kedai-aisyah", "onboarding-nudge:kedai:60:rep-arjun",
            "onboarding-nudge:n-fresh:7:n-fresh-ola", "onboarding-nudge:n-fresh:7:rep-maya"], await KeysAsync());
    }

    private async Task<List<string>> KeysAsync() =>
        (await _host.WithDbAsync(db => db.Outbox.Where(m => m.DedupeKey!.StartsWith("onboarding-nudge:")).Select(m => m.DedupeKey!).ToListAsync()))
        .Order(StringComparer.Ordinal).ToList();

    private async Task<Dictionary<string, List<string>>> NudgesAsync()
    {
        var rows = await _host.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.DedupeKey!.StartsWith("onboarding-nudge:n-fresh:")).ToListAsync());
        return rows.GroupBy(r => r.RecipientPersonId).ToDictionary(g => g.Key, g => g.Select(r => Notifier.Deserialize(r.ReplyJson).ToPlainText()).ToList());
    }

    private static PartnerOrganisation Org(string id, string name, DateOnly joined, string? rep, int salesCertified = 0, int closedBefore = 0) => new()
    {
        Id = id, Name = name, Tier = "Bronze", JoinedOn = joined, OwnerRepId = rep, Country = "PL", Domain = id + ".example",
        SalesCertifiedReps = salesCertified, ClosedDealsBefore = closedBefore,
    };

    private static Person Partner(string id, string org, string language, ReminderMode reminders = ReminderMode.AsTheyHappen) => new()
    {
        Id = id, DisplayName = id, Role = Role.PartnerUser, PartnerOrganisationId = org,
        Preferences = new Preferences { Language = language, Reminders = reminders },
    };
}
