using PartnerBot.AccountMapping;
using PartnerBot.Commissions;
using PartnerBot.Deals;
using PartnerBot.Enablement;
using PartnerBot.Leads;
using PartnerBot.Mdf;
using PartnerBot.People;

namespace PartnerBot.Integrations;

/// <summary>One page of a list, in id order; <see cref="Next"/> is the <c>after</c> of the next page, null on the last.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>A partner organisation as the API shows it.</summary>
public sealed record PartnerResource(string Id, string Name, string Type, string Tier, DateOnly? TierSince, string? Country, string? Domain,
    DateOnly JoinedOn, string? OwnerRepId)
{
    public static PartnerResource From(PartnerOrganisation o) =>
        new(o.Id, o.Name, o.Type.ToString(), o.Tier, o.TierSince, o.Country, o.Domain, o.JoinedOn, o.OwnerRepId);
}

/// <summary>A person: a partner user (with their organisation; a partner admin invites colleagues) or, for vendor keys, vendor staff.</summary>
public sealed record PersonResource(string Id, string DisplayName, string? Email, string Role, string? PartnerOrganisationId, string Language, bool PartnerAdmin)
{
    public static PersonResource From(Person p) =>
        new(p.Id, p.DisplayName, p.Email, p.Role.ToString(), p.PartnerOrganisationId, p.Preferences.Language, p.IsPartnerAdmin);
}

/// <summary>
/// A deal registration. <see cref="Version"/> grows with every change (in commit order): a sync asks for
/// <c>sinceVersion</c> to get only what changed. The registrations it overlapped are shown to vendor keys only, as in chat.
/// </summary>
public sealed record DealResource(string Id, string PartnerOrganisationId, string RegisteredByPersonId, string CompanyName, string? Domain,
    string? Website, string? ContactName, string? ContactEmail, DateOnly CloseDate, decimal? Amount, string Currency, string? Product,
    string? Notes, string Status, string? ReviewReason, DateTimeOffset RegisteredAt, DateTimeOffset UpdatedAt, DateOnly? ProtectedUntil,
    int ExtensionsUsed, string ExtensionStatus, DateTimeOffset? DecidedAt, string? DecisionReason, DateTimeOffset? ClosedAt,
    decimal? ContractValue, long Version, IReadOnlyList<string>? ConflictingRegistrationIds, IReadOnlyList<string>? ConflictingDirectAccountIds)
{
    public static DealResource From(DealRegistration d, Actor viewer) => new(d.Id, d.PartnerOrganisationId, d.RegisteredByPersonId,
        d.CompanyName, d.Domain, d.Website, d.ContactName, d.ContactEmail, d.CloseDate, d.Amount, d.Currency, d.Product, d.Notes,
        d.Status.ToString(), d.ReviewReason, d.RegisteredAt, d.UpdatedAt, d.ProtectedUntil, d.ExtensionsUsed, d.ExtensionStatus.ToString(),
        d.DecidedAt, d.DecisionReason, d.ClosedAt, d.ContractValue, d.Version,
        viewer.IsVendorStaff ? DealRegistration.SplitIds(d.ConflictingRegistrationIds) : null,
        viewer.IsVendorStaff ? DealRegistration.SplitIds(d.ConflictingDirectAccountIds) : null);
}

/// <summary>A line of money owed: the commission on one won deal (Kind Commission), or an incentive, with the numbers that made it.</summary>
public sealed record CommissionLineResource(string Id, string Kind, string? DealId, string PartnerOrganisationId, string CompanyName, DateOnly WonOn,
    decimal Amount, string Currency, decimal ContractValue, decimal Base, string Basis, string Tier, decimal RatePercent, decimal BonusPercent,
    decimal SharePercent, string State, DateOnly PayableFrom, DateOnly ClawbackUntil, DateOnly? PaidOn, string? PayoutReference, DateOnly? ClawedBackOn)
{
    public static CommissionLineResource From(CommissionLine l) => new(l.Id, l.Kind.ToString(), l.DealId, l.PartnerOrganisationId, l.CompanyName, l.WonOn,
        l.Amount, l.Currency, l.ContractValue, l.Base, l.Basis.ToString(), l.Tier, l.RatePercent, l.BonusPercent, l.SharePercent,
        l.State.ToString(), l.PayableFrom, l.ClawbackUntil, l.PaidOn, l.PayoutReference, l.ClawedBackOn);
}

/// <summary>An MDF plan: an activity the partner asked funds for, and the decision on it. Amounts are in the program's currency.</summary>
public sealed record MdfPlanResource(string Id, string PartnerOrganisationId, string SubmittedByPersonId, string ActivityType, string Title,
    DateOnly StartDate, DateOnly EndDate, decimal RequestedAmount, string Currency, int ExpectedLeads, decimal ExpectedPipeline, string Status,
    DateTimeOffset SubmittedAt, decimal? ApprovedAmount, DateTimeOffset? DecidedAt, string? DecisionNote)
{
    public static MdfPlanResource From(MdfPlan p, string currency) => new(p.Id, p.OrganisationId, p.SubmittedById, p.ActivityType, p.Title,
        p.StartDate, p.EndDate, p.RequestedAmount, currency, p.ExpectedLeads, p.ExpectedPipeline, p.Status.ToString(), p.SubmittedAt,
        p.ApprovedAmount, p.DecidedAt, p.DecisionNote);
}

/// <summary>An MDF claim: what the partner claimed against an approved plan, and what was reimbursed. Its id is the plan's.</summary>
public sealed record MdfClaimResource(string PlanId, string PartnerOrganisationId, string Title, decimal ClaimedAmount, string Currency,
    int? LeadsGenerated, IReadOnlyList<string> ProofLinks, DateTimeOffset ClaimedAt, string Status, decimal? ReimbursedAmount, DateTimeOffset? ReimbursedAt)
{
    public static MdfClaimResource From(MdfPlan p, string currency) => new(p.Id, p.OrganisationId, p.Title, p.ClaimedAmount ?? 0, currency,
        p.LeadsGenerated, (p.ProofLinks ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        p.ClaimedAt!.Value, p.Status.ToString(), p.ReimbursedAmount, p.ReimbursedAt);
}

/// <summary>An item of the enablement library, as the key's organisation's tier may see it.</summary>
public sealed record ContentResource(string Id, string Title, string Summary, string Type, string Product, string Stage, string Language,
    string MinTier, string Url, IReadOnlyList<string> Tags, string? Track, DateTimeOffset AddedAt)
{
    public static ContentResource From(ContentItem i) => new(i.Id, i.Title, i.Summary, i.Type, i.Product, i.Stage, i.Language, i.MinTier,
        i.Url, i.Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), i.Track, i.AddedAt);
}

/// <summary>A person's certification on a course, valid from <see cref="CertifiedOn"/> until (not including) <see cref="ExpiresOn"/>.</summary>
public sealed record CertificationResource(string Id, string PersonId, string PartnerOrganisationId, string CourseId, string Track,
    DateOnly CertifiedOn, DateOnly ExpiresOn, string Source)
{
    public static CertificationResource From(Certification c) =>
        new(c.Id, c.PersonId, c.OrganisationId, c.CourseId, c.Track, c.CertifiedOn, c.ExpiresOn, c.Source);
}

/// <summary>One offer of a lead: to which partner, until when, and what became of it.</summary>
public sealed record LeadOfferResource(int Round, string PartnerOrganisationId, DateTimeOffset OfferedAt, DateTimeOffset DueAt, string Outcome, DateTimeOffset? AnsweredAt);

/// <summary>A lead as the vendor's keys see it: the customer, its state, the registration it became, and its offers in order.</summary>
public sealed record LeadResource(string Id, string CompanyName, string? Domain, string? ContactName, string? ContactEmail, string? Country,
    string? Product, decimal? Amount, string Currency, string? PartnerType, string? Source, string? RepId, string State,
    string? DealRegistrationId, IReadOnlyList<LeadOfferResource> Offers)
{
    public static LeadResource From(Lead l) => new(l.Id, l.CompanyName, l.Domain, l.ContactName, l.ContactEmail, l.Country, l.Product,
        l.Amount, l.Currency, l.PartnerType?.ToString(), l.Source, l.RepId, l.State.ToString(), l.DealRegistrationId,
        l.Offers.OrderBy(o => o.Round).Select(o => new LeadOfferResource(o.Round, o.PartnerOrganisationId, o.OfferedAt, o.DueAt, o.Outcome.ToString(), o.AnsweredAt)).ToList());
}

/// <summary>An account of a partner's shared list, as written.</summary>
public sealed record PartnerAccountResource(string PartnerOrganisationId, string Id, string Name, string? Domain, string Kind, DateTimeOffset UpdatedAt)
{
    public static PartnerAccountResource From(PartnerAccount a) => new(a.PartnerOrganisationId, a.Id, a.Name, a.Domain, a.Kind.ToString(), a.UpdatedAt);
}

/// <summary>
/// One of a partner's shared accounts that the vendor also knows. A key of the partner's organisation sees its own
/// account and that the vendor (<see cref="VendorAccount"/>) or another partner (<see cref="Registered"/>) knows it,
/// never which; the vendor's keys also get the direct accounts' and registrations' ids, as reps see them in chat.
/// </summary>
public sealed record AccountOverlapResource(string Id, string Name, string Kind, bool VendorAccount, bool Registered,
    IReadOnlyList<string>? DirectAccountIds, IReadOnlyList<string>? RegistrationIds)
{
    public static AccountOverlapResource From(AccountOverlap o, Actor viewer) => new(o.Account.Id, o.Account.Name, o.Account.Kind.ToString(),
        o.VendorAccount, o.Registered, viewer.IsPartner ? null : o.DirectAccountIds, viewer.IsPartner ? null : o.RegistrationIds);
}
