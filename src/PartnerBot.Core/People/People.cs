namespace PartnerBot.People;

public enum PartnerType { Referral, Reseller, Msp, Implementation, Technology }

public enum Role { PartnerUser, Rep, Manager, Admin }

public static class Languages
{
    public const string English = "en";
    public const string Malay = "ms";
    public const string Chinese = "zh-Hans";
    public const string Polish = "pl";
    public static readonly IReadOnlyList<string> All = [English, Malay, Chinese, Polish];

    /// <summary>Maps a client locale ("pl-PL", "zh-CN", "ms_MY") to a program language, or null if we have none for it.</summary>
    public static string? FromLocale(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale)) return null;
        var l = locale.Replace('_', '-').ToLowerInvariant();
        if (l.StartsWith("zh", StringComparison.Ordinal)) return Chinese;
        if (l.StartsWith("ms", StringComparison.Ordinal)) return Malay;
        if (l.StartsWith("pl", StringComparison.Ordinal)) return Polish;
        if (l.StartsWith("en", StringComparison.Ordinal)) return English;
        return null;
    }
}

public enum Cadence { Off, Daily, Weekly, Monthly }

public enum ReminderMode { AsTheyHappen, DailySummary, Off }

/// <summary>A partner organisation: the unit that registers deals, earns commission and holds a tier.</summary>
public sealed class PartnerOrganisation : Audit.IAudited
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public PartnerType Type { get; set; }
    /// <summary>The tier's name as configured in Program:Tiers.</summary>
    public required string Tier { get; set; }
    public string? OwnerRepId { get; set; }
    public Person? OwnerRep { get; set; }
    public string? Country { get; set; }
    public string? Domain { get; set; }
    public DateOnly JoinedOn { get; set; }
    /// <summary>
    /// Imported facts from before PartnerBot. AnnualRevenue is the partner-sourced revenue of the year before import
    /// (read through Deals.PartnerSourcedRevenue); the certification counts are floors that recorded certifications raise.
    /// </summary>
    public decimal AnnualRevenue { get; set; }
    public int SalesCertifiedReps { get; set; }
    public int TechnicalCertifications { get; set; }
    public int CustomerReferences { get; set; }
    public bool DedicatedPractice { get; set; }
    public bool ExecutiveSponsor { get; set; }
    /// <summary>Closed deals recorded before PartnerBot (imported); deals won here add to it.</summary>
    public int ClosedDealsBefore { get; set; }
    /// <summary>When the current tier was granted or last recertified.</summary>
    public DateOnly? TierSince { get; set; }
    /// <summary>Set while the organisation is below its tier's criteria: it keeps the tier until then.</summary>
    public DateTimeOffset? TierGraceUntil { get; set; }
    public List<Person> People { get; set; } = [];
}

/// <summary>A person's own choices, set through the settings dialog.</summary>
public sealed class Preferences
{
    public string Language { get; set; } = Languages.English;
    /// <summary>An IANA time zone id, such as Europe/Warsaw.</summary>
    public string TimeZone { get; set; } = "UTC";
    public Cadence DigestCadence { get; set; } = Cadence.Weekly;
    public DayOfWeek DigestDay { get; set; } = DayOfWeek.Monday;
    public int DigestHour { get; set; } = 8;
    public ReminderMode Reminders { get; set; } = ReminderMode.AsTheyHappen;
    /// <summary>The channel proactive messages go to; null means wherever the person was last seen.</summary>
    public string? NotifyChannel { get; set; }
}

public sealed class Person : Audit.IAudited
{
    public required string Id { get; set; }
    public required string DisplayName { get; set; }
    public string? Email { get; set; }
    public Role Role { get; set; }
    public string? PartnerOrganisationId { get; set; }
    public PartnerOrganisation? PartnerOrganisation { get; set; }
    public Preferences Preferences { get; set; } = new();
    /// <summary>Linked for everyone the program knows; Pending or Declined for someone who asked to join (<see cref="SelfLinking"/>).</summary>
    public LinkState LinkState { get; set; }
    /// <summary>A partner user who may invite colleagues of their organisation from chat (<see cref="Invitations"/>); set by import or the API.</summary>
    public bool IsPartnerAdmin { get; set; }
    public List<ChannelIdentity> Identities { get; set; } = [];
    [Audit.NotAudited] public DateTimeOffset? LastSeenAt { get; set; }
    [Audit.NotAudited] public string? LastSeenChannel { get; set; }
}

/// <summary>Links a chat user (channel + tenant + user id) to a person.</summary>
public sealed class ChannelIdentity : Audit.IAudited
{
    public int Id { get; set; }
    public required string PersonId { get; set; }
    public required string Channel { get; set; }
    /// <summary>Slack home team id, Teams tenant id, or "demo" for the web chat.</summary>
    public required string Tenant { get; set; }
    /// <summary>Slack user id, Teams AAD object id, or the web chat's demo id.</summary>
    public required string UserId { get; set; }
}

/// <summary>What makes a partner organisation's profile complete: the program knows where it works and its domain.</summary>
public static class OrganisationProfile
{
    public static bool IsComplete(PartnerOrganisation organisation) =>
        !string.IsNullOrWhiteSpace(organisation.Country) && !string.IsNullOrWhiteSpace(organisation.Domain);
}
