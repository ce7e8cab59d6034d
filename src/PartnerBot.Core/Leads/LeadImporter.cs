using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Deals;
using PartnerBot.Importing;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Leads;

/// <summary>
/// Leads, matched by <c>id</c>: the customer (company, its domain, the contact), its country, the product it wants,
/// its estimated size, the partner type it asks for, where it came from, and the vendor's person who owns it. A new
/// lead waits for <see cref="LeadJob"/> (or, through the API, is offered at once). A lead already offered keeps what
/// the partner was shown: importing it again changes nothing.
/// </summary>
public sealed class LeadImporter(IOptions<ProgramOptions> program) : Importer<Lead, LeadImporter.Input>
{
    public const string KindName = "leads";

    public sealed record Input(string Id, string Company, string? Domain, string? ContactName, string? ContactEmail, string? Country,
        string? Product, decimal? Amount, string Currency, PartnerType? PartnerType, string? Source, string? Rep);

    public override string Kind => KindName;

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        new("id", Required: true), new("company", Required: true), new("domain"), new("contactName"), new("contactEmail"), new("country"),
        new("product"), new("amount"), new("currency"), new("partnerType"), new("source"), new("rep"),
    ];

    protected override string KeyColumn => "id";

    protected override Input? Read(RowCheck row)
    {
        var o = program.Value;
        var id = row.Text("id", 64);
        if (id.Any(char.IsWhiteSpace)) row.Refuse("id", "has spaces");
        var company = row.Text("company", 200);
        var domainText = row.Optional("domain", 200);
        var contactName = row.Optional("contactName", 200);
        var contactEmail = row.Optional("contactEmail", 320);
        var product = row.Optional("product", 200);
        var source = row.Optional("source", 100);
        foreach (var (column, value) in new[] { ("company", company), ("contactName", contactName), ("product", product), ("source", source) })
            if (value is not null && DealRules.ContainsMarkup(value)) row.Refuse(column, "contains markup or a mention");
        if (company.Trim().Length == 0 && !row.Refused) row.Refuse("company", "is required");
        var domain = CompanyNames.Domain(domainText);
        if (domainText is not null && domain is null) row.Refuse("domain", $"'{domainText}' is not a company's own domain");
        if (contactEmail is not null && !DealRules.IsEmail(contactEmail)) row.Refuse("contactEmail", $"'{contactEmail}' is not an e-mail address");
        var country = row.Optional("country", 2)?.ToUpperInvariant();
        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
            row.Refuse("country", $"'{country}' is not a two-letter country code (ISO 3166, such as GB, MY, PL)");
        var currency = (row.Optional("currency", 3) ?? o.Currency).ToUpperInvariant();
        var currencies = DealRules.Currencies(o);
        if (!currencies.Contains(currency)) row.Refuse("currency", $"'{currency}' is not one of {string.Join(", ", currencies)}");
        var amount = row.Amount("amount", currency);
        var type = row.Enum<PartnerType>("partnerType", required: false);
        var rep = row.Optional("rep", 64);
        if (row.Refused) return null;
        return new Input(id, company.Trim(), domain ?? CompanyNames.Domain(contactEmail), contactName, contactEmail, country, product,
            amount, currency, type, source, rep);
    }

    protected override string KeyOf(Input input) => input.Id;

    protected override async Task CheckAsync(PartnerBotDb db, IReadOnlyList<(RowCheck Row, Input Input)> rows, CancellationToken ct)
    {
        var reps = rows.Select(r => r.Input.Rep).OfType<string>().Distinct().ToList();
        if (reps.Count == 0) return;
        var staff = await db.People.AsNoTracking().Where(p => reps.Contains(p.Id) && (p.Role == Role.Rep || p.Role == Role.Manager))
            .Select(p => p.Id).ToListAsync(ct);
        foreach (var (row, input) in rows)
            if (input.Rep is { } rep && !staff.Contains(rep))
                row.Refuse("rep", $"'{rep}' is not a rep or manager of the program");
    }

    protected override Task<Dictionary<string, Lead>> FindAsync(PartnerBotDb db, IReadOnlyCollection<string> keys, CancellationToken ct) =>
        db.Leads.Where(l => keys.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);

    protected override Lead Create(Input input, DateTimeOffset now)
    {
        var lead = new Lead { Id = input.Id, CompanyName = input.Company, State = LeadState.New, CreatedAt = now, UpdatedAt = now };
        Write(lead, input);
        return lead;
    }

    protected override void Update(Lead stored, Input input, DateOnly today)
    {
        if (stored.State == LeadState.New) Write(stored, input);
    }

    protected override void Changed(Lead stored, DateTimeOffset now) => stored.UpdatedAt = now;

    private static void Write(Lead lead, Input input)
    {
        lead.CompanyName = input.Company;
        lead.Domain = input.Domain;
        lead.ContactName = input.ContactName;
        lead.ContactEmail = input.ContactEmail;
        lead.Country = input.Country;
        lead.Product = input.Product;
        lead.Amount = input.Amount;
        lead.Currency = input.Currency;
        lead.PartnerType = input.PartnerType;
        lead.Source = input.Source;
        lead.RepId = input.Rep;
    }
}
