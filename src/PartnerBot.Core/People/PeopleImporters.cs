using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.Importing;
using PartnerBot.PartnerProgram;
using PartnerBot.Storage;

namespace PartnerBot.People;

/// <summary>
/// Partner organisations, matched by <c>id</c>. The owning rep must already be a rep or a manager (import people
/// first). <c>annualRevenue</c> is last year's partner-sourced revenue in Program:Currency, from before PartnerBot.
/// </summary>
public sealed class PartnerImporter(IOptions<ProgramOptions> program) : Importer<PartnerOrganisation, PartnerImporter.Input>
{
    /// <summary>A new organisation's tier counts from when it joined, or from this many days ago when it joined earlier.</summary>
    public const int DefaultTierAgeDays = 200;

    /// <summary>When a row gives neither joinedOn nor joinedDaysAgo.</summary>
    public const int DefaultJoinedDaysAgo = 365;

    public sealed record Input(string Id, string Name, PartnerType Type, string Tier, string? OwnerRep, string? Country, string? Domain,
        DateOnly JoinedOn, DateOnly? TierSince, decimal AnnualRevenue, int SalesCertifiedReps, int TechnicalCertifications,
        int CustomerReferences, bool DedicatedPractice, bool ExecutiveSponsor, int ClosedDeals);

    public const string KindName = "partners";

    public override string Kind => KindName;

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        new("id", Required: true), new("name", Required: true), new("type", Required: true), new("tier", Required: true),
        new("ownerRep"), new("country"), new("domain"), new("joinedOn"), new("joinedDaysAgo"), new("tierSince"),
        new("annualRevenue"), new("salesCertifiedReps"), new("technicalCertifications"), new("customerReferences"),
        new("dedicatedPractice"), new("executiveSponsor"), new("closedDeals"),
    ];

    protected override string KeyColumn => "id";

    protected override Input? Read(RowCheck row)
    {
        var o = program.Value;
        var id = row.Text("id", 64);
        var name = row.Text("name", 200);
        var type = row.Enum<PartnerType>("type", required: true);
        if (type is { } t && o.PartnerTypes.Count > 0 && !o.PartnerTypes.ContainsKey(t))
            row.Refuse("type", $"'{t}' is not a partner type of the program ({string.Join(", ", o.PartnerTypes.Keys)})");
        var tierText = row.Text("tier", 40);
        var tier = tierText.Length == 0 ? null : o.FindTier(tierText);
        if (tierText.Length > 0 && tier is null)
            row.Refuse("tier", $"'{tierText}' is not a tier of the program ({string.Join(", ", o.Tiers.Select(t => t.Name))})");
        var country = row.Optional("country", 2)?.ToUpperInvariant();
        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
            row.Refuse("country", $"'{country}' is not a two-letter country code (ISO 3166, such as GB, MY, PL)");
        var domain = row.Optional("domain", 200)?.ToLowerInvariant();
        if (domain is not null && (Uri.CheckHostName(domain) != UriHostNameType.Dns || !domain.Contains('.')))
            row.Refuse("domain", $"'{domain}' is not an internet domain (such as acme.example)");
        var joined = row.Date("joinedOn", "joinedDaysAgo", row.Today.AddDays(-DefaultJoinedDaysAgo));
        var tierSince = row.Date("tierSince");
        var revenue = row.Amount("annualRevenue", o.Currency) ?? 0;
        var input = new Input(id, name, type ?? default, tier?.Name ?? "", row.Optional("ownerRep", 64), country, domain, joined ?? default,
            tierSince, revenue, row.Count("salesCertifiedReps") ?? 0, row.Count("technicalCertifications") ?? 0,
            row.Count("customerReferences") ?? 0, row.Flag("dedicatedPractice"), row.Flag("executiveSponsor"), row.Count("closedDeals") ?? 0);
        return row.Refused ? null : input;
    }

    protected override string KeyOf(Input input) => input.Id;

    protected override async Task CheckAsync(PartnerBotDb db, IReadOnlyList<(RowCheck Row, Input Input)> rows, CancellationToken ct)
    {
        var reps = rows.Select(r => r.Input.OwnerRep).OfType<string>().Distinct().ToList();
        var roles = await db.People.AsNoTracking().Where(p => reps.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Role, ct);
        foreach (var (row, input) in rows)
        {
            if (input.OwnerRep is not { } rep) continue;
            if (!roles.TryGetValue(rep, out var role)) row.Refuse("ownerRep", $"'{rep}' is not a person of the program (import people first)");
            else if (!OrganisationAccess.MayOwn(role)) row.Refuse("ownerRep", $"'{rep}' is a {role}, not a rep or a manager");
        }
    }

    protected override Task<Dictionary<string, PartnerOrganisation>> FindAsync(PartnerBotDb db, IReadOnlyCollection<string> keys, CancellationToken ct) =>
        db.PartnerOrganisations.Where(o => keys.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);

    protected override PartnerOrganisation Create(Input input, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var organisation = new PartnerOrganisation { Id = input.Id, Name = input.Name, Tier = input.Tier };
        Update(organisation, input, today);
        organisation.TierSince = input.TierSince ?? Max(input.JoinedOn, today.AddDays(-DefaultTierAgeDays));
        return organisation;
    }

    protected override void Update(PartnerOrganisation o, Input input, DateOnly today)
    {
        if (o.Tier != input.Tier || input.TierSince is not null)
        {
            // A tier set by the import counts from the date given, else from today; any grace period ends with it.
            if (o.Tier != input.Tier) o.TierGraceUntil = null;
            o.TierSince = input.TierSince ?? today;
        }
        o.Name = input.Name;
        o.Type = input.Type;
        o.Tier = input.Tier;
        o.OwnerRepId = input.OwnerRep;
        o.Country = input.Country;
        o.Domain = input.Domain;
        o.JoinedOn = input.JoinedOn;
        o.AnnualRevenue = input.AnnualRevenue;
        o.SalesCertifiedReps = input.SalesCertifiedReps;
        o.TechnicalCertifications = input.TechnicalCertifications;
        o.CustomerReferences = input.CustomerReferences;
        o.DedicatedPractice = input.DedicatedPractice;
        o.ExecutiveSponsor = input.ExecutiveSponsor;
        o.ClosedDealsBefore = input.ClosedDeals;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}

/// <summary>
/// People and their roles, matched by <c>id</c>. A partner user names an organisation already imported; vendor staff
/// name none. <c>language</c> and <c>timeZone</c> start a new person's settings; a person's own choice is never
/// overwritten by a later import. <c>partnerAdmin</c> (true or false) makes a partner user their organisation's partner
/// admin, who may invite colleagues from chat.
/// </summary>
public sealed class PersonImporter : Importer<Person, PersonImporter.Input>
{
    public sealed record Input(string Id, string Name, string? Email, Role Role, string? Organisation, string Language, string TimeZone,
        bool PartnerAdmin);

    public const string KindName = "people";

    public override string Kind => KindName;

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        new("id", Required: true), new("name", Required: true), new("role", Required: true), new("email"), new("organisation"),
        new("language"), new("timeZone"), new("partnerAdmin"),
    ];

    protected override string KeyColumn => "id";

    protected override Input? Read(RowCheck row)
    {
        var id = row.Text("id", 64);
        var name = row.Text("name", 200);
        var email = row.Optional("email", 320);
        if (email is not null && !EmailAddresses.IsValid(email)) row.Refuse("email", $"'{email}' is not an e-mail address");
        var role = row.Enum<Role>("role", required: true);
        var organisation = row.Optional("organisation", 64);
        if (role is { } r && OrganisationAccess.BelongsToAnOrganisation(r) != organisation is not null)
            row.Refuse("organisation", organisation is null ? "a partner user belongs to a partner organisation" : $"a {r} belongs to no partner organisation");
        var language = row.Optional("language", 10) ?? Languages.English;
        if (!Languages.All.Contains(language)) row.Refuse("language", $"'{language}' is not one of {string.Join(", ", Languages.All)}");
        var zone = row.Optional("timeZone", 64) ?? "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)) row.Refuse("timeZone", $"'{zone}' is not a time zone (an IANA id, such as Europe/Warsaw)");
        var admin = row.Flag("partnerAdmin");
        if (admin && role is { } r2 && r2 != Role.PartnerUser) row.Refuse("partnerAdmin", $"only a partner user can be a partner admin, not a {r2}");
        return row.Refused ? null : new Input(id, name, email, role ?? default, organisation, language, zone, admin);
    }

    protected override string KeyOf(Input input) => input.Id;

    protected override async Task CheckAsync(PartnerBotDb db, IReadOnlyList<(RowCheck Row, Input Input)> rows, CancellationToken ct)
    {
        var named = rows.Select(r => r.Input.Organisation).OfType<string>().Distinct().ToList();
        var known = (await db.PartnerOrganisations.AsNoTracking().Where(o => named.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct)).ToHashSet();
        foreach (var (row, input) in rows)
            if (input.Organisation is { } o && !known.Contains(o))
                row.Refuse("organisation", $"'{o}' is not a partner organisation (import partners first)");
    }

    protected override Task<Dictionary<string, Person>> FindAsync(PartnerBotDb db, IReadOnlyCollection<string> keys, CancellationToken ct) =>
        db.People.Where(p => keys.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

    protected override Person Create(Input input, DateTimeOffset now) => new()
    {
        Id = input.Id,
        DisplayName = input.Name,
        Email = input.Email,
        Role = input.Role,
        PartnerOrganisationId = input.Organisation,
        IsPartnerAdmin = input.PartnerAdmin,
        Preferences = new Preferences { Language = input.Language, TimeZone = input.TimeZone },
    };

    protected override void Update(Person stored, Input input, DateOnly today)
    {
        stored.DisplayName = input.Name;
        stored.Email = input.Email;
        stored.Role = input.Role;
        stored.PartnerOrganisationId = input.Organisation;
        stored.IsPartnerAdmin = input.PartnerAdmin;
    }
}

/// <summary>
/// Chat identities: which Slack, Teams or web chat user is which person, matched by channel, tenant and user id (an
/// identity imported again for another person moves to that person).
/// </summary>
public sealed class IdentityImporter : Importer<ChannelIdentity, IdentityImporter.Input>
{
    public static readonly IReadOnlyList<string> ChannelNames = [Channels.Slack, Channels.Teams, Channels.Web];

    public sealed record Input(string Person, string Channel, string Tenant, string UserId);

    public override string Kind => "identities";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
        [new("person", Required: true), new("channel", Required: true), new("tenant", Required: true), new("userId", Required: true)];

    protected override string KeyColumn => "userId";

    protected override Input? Read(RowCheck row)
    {
        var person = row.Text("person", 64);
        var channel = row.Text("channel", 20).ToLowerInvariant();
        if (channel.Length > 0 && !ChannelNames.Contains(channel))
            row.Refuse("channel", $"'{channel}' is not one of {string.Join(", ", ChannelNames)}");
        var tenant = row.Text("tenant", 100);
        var user = row.Text("userId", 100);
        return row.Refused ? null : new Input(person, channel, tenant, user);
    }

    protected override string KeyOf(Input input) => Key(input.Channel, input.Tenant, input.UserId);

    private static string Key(string channel, string tenant, string user) => channel + "\n" + tenant + "\n" + user;

    protected override async Task CheckAsync(PartnerBotDb db, IReadOnlyList<(RowCheck Row, Input Input)> rows, CancellationToken ct)
    {
        var named = rows.Select(r => r.Input.Person).Distinct().ToList();
        var known = (await db.People.AsNoTracking().Where(p => named.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct)).ToHashSet();
        foreach (var (row, input) in rows)
            if (!known.Contains(input.Person)) row.Refuse("person", $"'{input.Person}' is not a person of the program (import people first)");
    }

    protected override async Task<Dictionary<string, ChannelIdentity>> FindAsync(PartnerBotDb db, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var users = keys.Select(k => k[(k.LastIndexOf('\n') + 1)..]).Distinct().ToList();
        var stored = await db.ChannelIdentities.Where(i => users.Contains(i.UserId)).ToListAsync(ct);
        return stored.ToDictionary(i => Key(i.Channel, i.Tenant, i.UserId));
    }

    protected override ChannelIdentity Create(Input input, DateTimeOffset now) =>
        new() { PersonId = input.Person, Channel = input.Channel, Tenant = input.Tenant, UserId = input.UserId };

    protected override void Update(ChannelIdentity stored, Input input, DateOnly today) => stored.PersonId = input.Person;
}
