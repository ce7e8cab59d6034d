using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Importing;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Deals;

/// <summary>Accounts the vendor's direct sales own, matched by <c>id</c>: partners registering one go to review.</summary>
public sealed class DirectAccountImporter : Importer<DirectSalesAccount, DirectAccountImporter.Input>
{
    public sealed record Input(string Id, string Name, string? Domain, string? Owner);

    public override string Kind => "direct-accounts";

    public override IReadOnlyList<ImportColumn> Columns { get; } = [new("id", Required: true), new("name", Required: true), new("domain"), new("owner")];

    protected override string KeyColumn => "id";

    protected override Input? Read(RowCheck row)
    {
        var id = row.Text("id", 64);
        var name = row.Text("name", 200);
        if (DealRules.ContainsMarkup(name)) row.Refuse("name", "contains markup or a mention");
        var domainText = row.Optional("domain", 200);
        var domain = CompanyNames.Domain(domainText);
        if (domainText is not null && domain is null) row.Refuse("domain", $"'{domainText}' is not a company's own domain");
        var owner = row.Optional("owner", 200);
        return row.Refused ? null : new Input(id, name, domain, owner);
    }

    protected override string KeyOf(Input input) => input.Id;

    protected override Task<Dictionary<string, DirectSalesAccount>> FindAsync(PartnerBotDb db, IReadOnlyCollection<string> keys, CancellationToken ct) =>
        db.DirectSalesAccounts.Where(a => keys.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);

    protected override DirectSalesAccount Create(Input input, DateTimeOffset now)
    {
        var account = new DirectSalesAccount { Id = input.Id, Name = input.Name, NormalizedName = "", UpdatedAt = now };
        Update(account, input, DateOnly.FromDateTime(now.UtcDateTime));
        return account;
    }

    protected override void Update(DirectSalesAccount stored, Input input, DateOnly today)
    {
        stored.Name = input.Name;
        stored.NormalizedName = CompanyNames.Normalize(input.Name);
        stored.Domain = input.Domain;
        stored.Owner = input.Owner;
    }

    protected override void Changed(DirectSalesAccount stored, DateTimeOffset now) => stored.UpdatedAt = now;
}

/// <summary>
/// Deal registrations, current and historical, matched by <c>id</c>: who registered which customer for which
/// organisation, its state, and for a won deal its contract value, monthly recurring revenue and who sourced it (the
/// revenue tiers, commission and digests read). Amounts are in the row's <c>currency</c> (one the program has a rate
/// for). An approved registration is protected for its tier's window from when it was registered, unless
/// <c>protectedUntil</c> says otherwise.
/// </summary>
public sealed class DealImporter(IOptions<ProgramOptions> program) : Importer<DealRegistration, DealImporter.Input>
{
    public sealed record Input(string Id, string Organisation, string RegisteredBy, string Company, string? Website, string? Domain,
        string? ContactName, string? ContactEmail, DateOnly CloseDate, decimal? Amount, string Currency, string? Product, string? Notes,
        DealStatus Status, string? ReviewReason, DateTimeOffset RegisteredAt, DateOnly? ProtectedUntil, DateTimeOffset? ClosedAt,
        decimal? ContractValue, decimal? MonthlyRecurringRevenue, DealSource? Source);

    private readonly Dictionary<string, string> _tiers = new(StringComparer.Ordinal);

    public override string Kind => "deals";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        new("id", Required: true), new("organisation", Required: true), new("registeredBy", Required: true), new("company", Required: true),
        new("status", Required: true), new("closeDate", Required: true, Or: "closeInDays"), new("closeInDays"),
        new("registeredOn"), new("registeredDaysAgo"), new("website"), new("contactName"), new("contactEmail"), new("amount"),
        new("currency"), new("product"), new("notes"), new("reviewReason"), new("protectedUntil"), new("closedOn"),
        new("contractValue"), new("monthlyRecurringRevenue"), new("source"),
    ];

    protected override string KeyColumn => "id";

    protected override Input? Read(RowCheck row)
    {
        var o = program.Value;
        var id = row.Text("id", 20);
        if (id.Any(char.IsWhiteSpace)) row.Refuse("id", "has spaces");
        var organisation = row.Text("organisation", 64);
        var registeredBy = row.Text("registeredBy", 64);
        var company = row.Text("company", 200);
        var website = row.Optional("website", 300);
        var contactName = row.Optional("contactName", 200);
        var contactEmail = row.Optional("contactEmail", 320);
        var product = row.Optional("product", 200);
        var notes = row.Optional("notes", 2000);
        foreach (var (column, value) in new[] { ("company", company), ("website", website), ("contactName", contactName), ("product", product), ("notes", notes) })
            if (value is not null && DealRules.ContainsMarkup(value)) row.Refuse(column, "contains markup or a mention");
        if (contactEmail is not null && !DealRules.IsEmail(contactEmail)) row.Refuse("contactEmail", $"'{contactEmail}' is not an e-mail address");
        var status = row.Enum<DealStatus>("status", required: true);
        var close = row.Date("closeDate", "closeInDays", required: true);

        var currency = (row.Optional("currency", 3) ?? o.Currency).ToUpperInvariant();
        var currencies = DealRules.Currencies(o);
        if (!currencies.Contains(currency)) row.Refuse("currency", $"'{currency}' is not one of {string.Join(", ", currencies)}");
        var amount = row.Amount("amount", currency);
        var contractValue = row.Amount("contractValue", currency);
        var mrr = row.Amount("monthlyRecurringRevenue", currency);

        // "registeredDaysAgo" keeps the time of day, as the demo's relative dates always have; "registeredOn" is midnight UTC.
        DateTimeOffset registered = row.Now;
        if (row.Date("registeredOn") is { } on) registered = new DateTimeOffset(on.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        else if (row.Count("registeredDaysAgo") is { } ago) registered = row.Now.AddDays(-ago);
        var protectedUntil = row.Date("protectedUntil");
        var closedOn = row.Date("closedOn");
        var source = row.Enum<DealSource>("source", required: false);
        var reviewReason = row.Optional("reviewReason", 40);

        if (status is DealStatus.ClosedWon or DealStatus.ClosedLost && closedOn is null && !row.Refused)
            row.Refuse("closedOn", $"a {status} deal needs the day it closed");
        if (status == DealStatus.ClosedWon && contractValue is null && !row.Refused)
            row.Refuse("contractValue", "a won deal needs its contract value");
        if (status is not (DealStatus.ClosedWon or DealStatus.ClosedLost) && (closedOn is not null || contractValue is not null))
            row.Refuse(closedOn is not null ? "closedOn" : "contractValue", $"only a closed deal has this; the status is {status}");
        if (row.Refused) return null;

        return new Input(id, organisation, registeredBy, company, website, CompanyNames.Domain(website) ?? CompanyNames.Domain(contactEmail),
            contactName, contactEmail, close!.Value, amount, currency, product, notes, status!.Value, reviewReason, registered, protectedUntil,
            closedOn is { } c ? new DateTimeOffset(c.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null, contractValue, mrr,
            status == DealStatus.ClosedWon ? source ?? DealSource.PartnerSourced : source);
    }

    protected override string KeyOf(Input input) => input.Id;

    protected override async Task CheckAsync(PartnerBotDb db, IReadOnlyList<(RowCheck Row, Input Input)> rows, CancellationToken ct)
    {
        var organisations = rows.Select(r => r.Input.Organisation).Distinct().ToList();
        _tiers.Clear();
        foreach (var o in await db.PartnerOrganisations.AsNoTracking().Where(o => organisations.Contains(o.Id)).Select(o => new { o.Id, o.Tier }).ToListAsync(ct))
            _tiers[o.Id] = o.Tier;
        var people = rows.Select(r => r.Input.RegisteredBy).Distinct().ToList();
        var members = await db.People.AsNoTracking().Where(p => people.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.PartnerOrganisationId, ct);
        foreach (var (row, input) in rows)
        {
            if (!_tiers.ContainsKey(input.Organisation))
                row.Refuse("organisation", $"'{input.Organisation}' is not a partner organisation (import partners first)");
            else if (!members.TryGetValue(input.RegisteredBy, out var own))
                row.Refuse("registeredBy", $"'{input.RegisteredBy}' is not a person of the program (import people first)");
            else if (own != input.Organisation)
                row.Refuse("registeredBy", $"'{input.RegisteredBy}' is not a partner user of '{input.Organisation}'");
        }
    }

    protected override Task<Dictionary<string, DealRegistration>> FindAsync(PartnerBotDb db, IReadOnlyCollection<string> keys, CancellationToken ct) =>
        db.DealRegistrations.Where(d => keys.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);

    protected override DealRegistration Create(Input input, DateTimeOffset now)
    {
        var deal = new DealRegistration
        {
            Id = input.Id, PartnerOrganisationId = input.Organisation, RegisteredByPersonId = input.RegisteredBy,
            CompanyName = input.Company, NormalizedName = "", UpdatedAt = now,
        };
        Update(deal, input, DateOnly.FromDateTime(now.UtcDateTime));
        return deal;
    }

    protected override void Update(DealRegistration d, Input input, DateOnly today)
    {
        d.PartnerOrganisationId = input.Organisation;
        d.RegisteredByPersonId = input.RegisteredBy;
        d.CompanyName = input.Company;
        d.NormalizedName = CompanyNames.Normalize(input.Company);
        d.Domain = input.Domain;
        d.Website = input.Website;
        d.ContactName = input.ContactName;
        d.ContactEmail = input.ContactEmail;
        d.CloseDate = input.CloseDate;
        d.Amount = input.Amount;
        d.Currency = input.Currency;
        d.Product = input.Product;
        d.Notes = input.Notes;
        d.Status = input.Status;
        d.ReviewReason = input.ReviewReason;
        d.RegisteredAt = input.RegisteredAt;
        d.ProtectedUntil = input.ProtectedUntil ?? (input.Status == DealStatus.Approved
            ? DateOnly.FromDateTime(input.RegisteredAt.UtcDateTime).AddDays(DealRules.WindowDays(_tiers[input.Organisation], program.Value))
            : null);
        d.ClosedAt = input.ClosedAt;
        d.ContractValue = input.ContractValue;
        d.MonthlyRecurringRevenue = input.MonthlyRecurringRevenue;
        d.Source = input.Source;
    }

    protected override void Changed(DealRegistration stored, DateTimeOffset now) => stored.UpdatedAt = now;
}
