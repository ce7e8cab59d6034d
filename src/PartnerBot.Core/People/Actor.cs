namespace PartnerBot.People;

/// <summary>
/// Who is asking, resolved from the channel identity. Every query that shows data is scoped by it:
/// a partner user sees their own organisation, a rep the organisations they own, a manager all.
/// </summary>
public sealed record Actor(string PersonId, string Name, Role Role, string? PartnerOrganisationId, Preferences Preferences)
{
    public bool IsPartner => Role == Role.PartnerUser;
    public bool IsVendorStaff => Role is Role.Rep or Role.Manager or Role.Admin;
    public string Language => Preferences.Language;
    /// <summary>A partner user who may invite colleagues and manage the organisation's invitations.</summary>
    public bool IsPartnerAdmin { get; init; }

    public TimeZoneInfo TimeZone =>
        TimeZoneInfo.TryFindSystemTimeZoneById(Preferences.TimeZone, out var tz) ? tz : TimeZoneInfo.Utc;

    public static Actor From(Person p) => new(p.Id, p.DisplayName, p.Role, p.PartnerOrganisationId, p.Preferences) { IsPartnerAdmin = p.IsPartnerAdmin };
}
