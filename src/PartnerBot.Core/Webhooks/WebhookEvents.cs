using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using PartnerBot.Commissions;
using PartnerBot.Deals;
using PartnerBot.Mdf;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Webhooks;

/// <summary>One thing that happened, as other systems hear of it: its type, the organisation it belongs to (none for vendor staff), and its data.</summary>
public sealed record WebhookEvent(string Type, string? OrganisationId, object Data);

/// <summary>
/// The events other systems can subscribe to, and the one place that reads them from a save: each is a change of
/// state of an entity (a registration approved, a commission line paid), recognised in the change tracker, so every
/// code path that makes the change raises the event and none has to remember to.
/// </summary>
public static class WebhookEvents
{
    public const string DealRegistered = "deal.registered";
    public const string DealApproved = "deal.approved";
    public const string DealRejected = "deal.rejected";
    public const string DealExtended = "deal.extended";
    public const string DealExpired = "deal.expired";
    public const string CommissionPayable = "commission.payable";
    public const string CommissionPaid = "commission.paid";
    public const string CommissionClawedBack = "commission.clawed_back";
    public const string MdfPlanApproved = "mdf.plan.approved";
    public const string MdfPlanRejected = "mdf.plan.rejected";
    public const string MdfPlanChangesRequested = "mdf.plan.changes_requested";
    public const string MdfClaimReimbursed = "mdf.claim.reimbursed";
    public const string TierChanged = "tier.changed";
    public const string PersonLinked = "person.linked";

    public static readonly IReadOnlyList<string> All =
    [
        DealRegistered, DealApproved, DealRejected, DealExtended, DealExpired,
        CommissionPayable, CommissionPaid, CommissionClawedBack,
        MdfPlanApproved, MdfPlanRejected, MdfPlanChangesRequested, MdfClaimReimbursed,
        TierChanged, PersonLinked,
    ];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The events in what <paramref name="db"/> is about to save, in the order of its change tracker (read once).</summary>
    public static async Task<List<WebhookEvent>> DetectAsync(PartnerBotDb db, string programCurrency, CancellationToken ct)
    {
        var events = new List<WebhookEvent>();
        foreach (var e in db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList())
        {
            switch (e.Entity)
            {
                case DealRegistration deal:
                    foreach (var type in DealEvents(e, deal))
                        events.Add(new WebhookEvent(type, deal.PartnerOrganisationId, DealData.From(deal)));
                    break;
                case CommissionLine line when CommissionEvent(Became<CommissionState>(e, nameof(CommissionLine.State))) is { } type:
                    events.Add(new WebhookEvent(type, line.PartnerOrganisationId, CommissionData.From(line)));
                    break;
                case MdfPlan plan when MdfEvent(Became<MdfPlanStatus>(e, nameof(MdfPlan.Status))) is { } type:
                    events.Add(new WebhookEvent(type, plan.OrganisationId, MdfPlanData.From(plan, programCurrency)));
                    break;
                case PartnerOrganisation org when e.State == EntityState.Modified &&
                                                  e.Property(nameof(PartnerOrganisation.Tier)).OriginalValue is string from && from != org.Tier:
                    events.Add(new WebhookEvent(TierChanged, org.Id, new TierData(org.Id, org.Name, from, org.Tier, org.TierSince)));
                    break;
                // The person is in this save (a person loaded with their identities) or already stored. Someone who only
                // asked to join (SelfLinking) is linked when a rep approves: then their identity already exists.
                case ChannelIdentity identity when e.State == EntityState.Added && await db.People.FindAsync([identity.PersonId], ct) is { LinkState: LinkState.Linked } person:
                    events.Add(new WebhookEvent(PersonLinked, person.PartnerOrganisationId, new PersonLinkedData(
                        person.Id, person.DisplayName, person.Role, person.PartnerOrganisationId, identity.Channel, identity.UserId)));
                    break;
                case Person approved when e.State == EntityState.Modified && Became<LinkState>(e, nameof(Person.LinkState)) == LinkState.Linked:
                    foreach (var identity in await db.ChannelIdentities.AsNoTracking().Where(i => i.PersonId == approved.Id).ToListAsync(ct))
                        events.Add(new WebhookEvent(PersonLinked, approved.PartnerOrganisationId, new PersonLinkedData(
                            approved.Id, approved.DisplayName, approved.Role, approved.PartnerOrganisationId, identity.Channel, identity.UserId)));
                    break;
            }
        }
        return events;
    }

    /// <summary>The envelope every event is posted in.</summary>
    public static string Serialize(string id, WebhookEvent e, DateTimeOffset occurredAt) =>
        JsonSerializer.Serialize(new Envelope(id, e.Type, occurredAt, e.OrganisationId, e.Data), Json);

    /// <summary>The type named in an event's body (the delivery log keeps it beside each attempt).</summary>
    public static string TypeOf(string body)
    {
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("type").GetString() ?? "";
    }

    private sealed record Envelope(string Id, string Type, DateTimeOffset OccurredAt, string? OrganisationId, object Data);

    private static IEnumerable<string> DealEvents(EntityEntry e, DealRegistration deal)
    {
        if (e.State == EntityState.Added)
        {
            yield return DealRegistered;
            if (deal.Status == DealStatus.Approved) yield return DealApproved; // approved at once: no conflict, under the review threshold
            yield break;
        }
        var was = (DealStatus)e.Property(nameof(DealRegistration.Status)).OriginalValue!;
        // An extension can bring back an expired registration: that is the extension, not a second approval.
        if (was == DealStatus.InReview && deal.Status == DealStatus.Approved) yield return DealApproved;
        if (was != DealStatus.Rejected && deal.Status == DealStatus.Rejected) yield return DealRejected;
        if (deal.ExtensionsUsed > (int)e.Property(nameof(DealRegistration.ExtensionsUsed)).OriginalValue!) yield return DealExtended;
        if (was != DealStatus.Expired && deal.Status == DealStatus.Expired) yield return DealExpired;
    }

    /// <summary>The state an entity is saved in when it is new or changed it; null when it did not change.</summary>
    private static T? Became<T>(EntityEntry e, string property) where T : struct, Enum
    {
        var p = e.Property(property);
        var now = (T)p.CurrentValue!;
        return e.State == EntityState.Added || !EqualityComparer<T>.Default.Equals((T)p.OriginalValue!, now) ? now : null;
    }

    private static string? CommissionEvent(CommissionState? state) => state switch
    {
        CommissionState.Payable => CommissionPayable,
        CommissionState.Paid => CommissionPaid,
        CommissionState.ClawedBack => CommissionClawedBack,
        _ => null,
    };

    private static string? MdfEvent(MdfPlanStatus? status) => status switch
    {
        MdfPlanStatus.Approved => MdfPlanApproved,
        MdfPlanStatus.Rejected => MdfPlanRejected,
        MdfPlanStatus.ChangesRequested => MdfPlanChangesRequested,
        MdfPlanStatus.Reimbursed => MdfClaimReimbursed,
        _ => null,
    };
}

// What each event carries: only the organisation's own facts. Never the registrations or accounts a deal overlapped
// (another organisation's), nor internal bookkeeping (versions, normalised names, reminders sent).

public sealed record DealData(string Id, string OrganisationId, string CompanyName, string? Domain, string? Website, string? ContactName,
    string? ContactEmail, DateOnly CloseDate, decimal? Amount, string Currency, string? Product, DealStatus Status, DateOnly? ProtectedUntil,
    int ExtensionsUsed, string RegisteredByPersonId, DateTimeOffset RegisteredAt, string? ReviewerPersonId, DateTimeOffset? DecidedAt,
    string? DecisionReason)
{
    public static DealData From(DealRegistration d) => new(d.Id, d.PartnerOrganisationId, d.CompanyName, d.Domain, d.Website, d.ContactName,
        d.ContactEmail, d.CloseDate, d.Amount, d.Currency, d.Product, d.Status, d.ProtectedUntil, d.ExtensionsUsed, d.RegisteredByPersonId,
        d.RegisteredAt, d.ReviewerPersonId, d.DecidedAt, d.DecisionReason);
}

public sealed record CommissionData(string Id, CommissionLineKind Kind, string? DealId, string OrganisationId, string CompanyName, DateOnly WonOn, string Currency,
    decimal Amount, CommissionState State, DateOnly PayableFrom, DateOnly ClawbackUntil, DateOnly? PaidOn, string? PayoutReference,
    DateOnly? ClawedBackOn)
{
    public static CommissionData From(CommissionLine l) => new(l.Id, l.Kind, l.DealId, l.PartnerOrganisationId, l.CompanyName, l.WonOn, l.Currency,
        l.Amount, l.State, l.PayableFrom, l.ClawbackUntil, l.PaidOn, l.PayoutReference, l.ClawedBackOn);
}

public sealed record MdfPlanData(string Id, string OrganisationId, string Title, string ActivityType, DateOnly StartDate, DateOnly EndDate,
    MdfPlanStatus Status, string Currency, decimal RequestedAmount, decimal? ApprovedAmount, decimal? ClaimedAmount, decimal? ReimbursedAmount,
    string? DecidedById, DateTimeOffset? DecidedAt, string? DecisionNote, DateTimeOffset? ReimbursedAt)
{
    public static MdfPlanData From(MdfPlan p, string currency) => new(p.Id, p.OrganisationId, p.Title, p.ActivityType, p.StartDate, p.EndDate,
        p.Status, currency, p.RequestedAmount, p.ApprovedAmount, p.ClaimedAmount, p.ReimbursedAmount, p.DecidedById, p.DecidedAt,
        p.DecisionNote, p.ReimbursedAt);
}

public sealed record TierData(string OrganisationId, string Name, string From, string To, DateOnly? Since);

public sealed record PersonLinkedData(string PersonId, string Name, Role Role, string? OrganisationId, string Channel, string UserId);
