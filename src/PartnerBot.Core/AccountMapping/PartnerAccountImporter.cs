using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Deals;
using PartnerBot.Importing;
using PartnerBot.PartnerProgram;
using PartnerBot.Storage;

namespace PartnerBot.AccountMapping;

/// <summary>
/// A partner's customers and prospects, matched by <c>organisation</c> and <c>id</c> (the partner's own CRM id). The
/// name is kept with <see cref="CompanyNames.Normalize"/>'s key and the domain with <see cref="CompanyNames.Domain"/>,
/// the conflict check's own, so an overlap is what a registration's conflict would be. A value a spreadsheet would run as
/// a formula is refused, and a list stops at Program:AccountMapping:MaxAccountsPerPartner.
/// </summary>
public sealed class PartnerAccountImporter(IOptions<ProgramOptions> program) : Importer<PartnerAccount, PartnerAccountImporter.Input>
{
    public const string KindName = "partner-accounts";
    public const string OrganisationColumn = "organisation";

    public sealed record Input(string Organisation, string Id, string Name, string? Domain, PartnerAccountKind Kind);

    public override string Kind => KindName;

    public override IReadOnlyList<ImportColumn> Columns { get; } =
        [new(OrganisationColumn, Required: true), new("id", Required: true), new("name", Required: true), new("domain"), new("kind")];

    protected override string KeyColumn => "id";

    protected override Input? Read(RowCheck row)
    {
        var organisation = row.Text(OrganisationColumn, 64);
        var id = row.Text("id", 64);
        var name = row.Text("name", 200);
        var domainText = row.Optional("domain", 200);
        foreach (var (column, value) in new[] { ("id", id), ("name", name), ("domain", domainText ?? "") })
        {
            if (IsFormula(value)) row.Refuse(column, "starts like a spreadsheet formula (=, +, -, @); write the value without it");
            else if (DealRules.ContainsMarkup(value)) row.Refuse(column, "contains markup or a mention");
        }
        if (name.Length > 0 && name.Count(char.IsLetterOrDigit) < 2) row.Refuse("name", "is not a company's name");
        var domain = CompanyNames.Domain(domainText);
        if (domainText is not null && domain is null && !row.Refused) row.Refuse("domain", $"'{domainText}' is not a company's own domain");
        var kind = row.Enum<PartnerAccountKind>("kind", required: false, otherwise: PartnerAccountKind.Customer);
        return row.Refused || kind is null ? null : new Input(organisation, id, name, domain, kind.Value);
    }

    /// <summary>A value a spreadsheet would evaluate when the list is opened again (CSV injection).</summary>
    public static bool IsFormula(string value) => value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    protected override string KeyOf(Input input) => Key(input.Organisation, input.Id);

    private static string Key(string organisation, string id) => organisation + "\n" + id;

    protected override async Task CheckAsync(PartnerBotDb db, IReadOnlyList<(RowCheck Row, Input Input)> rows, CancellationToken ct)
    {
        var organisations = rows.Select(r => r.Input.Organisation).Distinct().ToList();
        var known = await db.PartnerOrganisations.AsNoTracking().Where(o => organisations.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct);
        var max = program.Value.AccountMapping.MaxAccountsPerPartner;
        foreach (var group in rows.GroupBy(r => r.Input.Organisation))
        {
            if (!known.Contains(group.Key))
            {
                foreach (var (row, _) in group) row.Refuse(OrganisationColumn, $"'{group.Key}' is not a partner organisation");
                continue;
            }
            var ids = group.Select(r => r.Input.Id).ToList();
            var stored = await db.PartnerAccounts.AsNoTracking().Where(a => a.PartnerOrganisationId == group.Key).CountAsync(ct);
            var existing = (await db.PartnerAccounts.AsNoTracking().Where(a => a.PartnerOrganisationId == group.Key && ids.Contains(a.Id))
                .Select(a => a.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            foreach (var (row, input) in group)
            {
                if (existing.Contains(input.Id)) continue;
                if (stored >= max) row.Refuse("id", $"the organisation's list already holds the most accounts the program allows ({max})");
                else stored++;
            }
        }
    }

    protected override async Task<Dictionary<string, PartnerAccount>> FindAsync(PartnerBotDb db, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var found = new Dictionary<string, PartnerAccount>(StringComparer.Ordinal);
        foreach (var group in keys.Select(k => k.Split('\n', 2)).GroupBy(k => k[0]))
        {
            var ids = group.Select(k => k[1]).ToList();
            foreach (var a in await db.PartnerAccounts.Where(a => a.PartnerOrganisationId == group.Key && ids.Contains(a.Id)).ToListAsync(ct))
                found[Key(a.PartnerOrganisationId, a.Id)] = a;
        }
        return found;
    }

    protected override PartnerAccount Create(Input input, DateTimeOffset now)
    {
        var account = new PartnerAccount { PartnerOrganisationId = input.Organisation, Id = input.Id, Name = input.Name, NormalizedName = "", UpdatedAt = now };
        Update(account, input, DateOnly.FromDateTime(now.UtcDateTime));
        return account;
    }

    protected override void Update(PartnerAccount stored, Input input, DateOnly today)
    {
        var normalized = CompanyNames.Normalize(input.Name);
        if (stored.NormalizedName != normalized || stored.Domain != input.Domain) stored.AlertedAt = null;
        stored.Name = input.Name;
        stored.NormalizedName = normalized;
        stored.Domain = input.Domain;
        stored.Kind = input.Kind;
    }

    protected override void Changed(PartnerAccount stored, DateTimeOffset now) => stored.UpdatedAt = now;
}

/// <summary>
/// The rows of a partner's own list, for its own organisation only: each row gets the organisation's id, and a row that
/// names another organisation is refused as it is (a partner never writes another's list).
/// </summary>
public sealed class OwnOrganisationSource(IImportSource inner, string organisation) : IImportSource
{
    private bool _named;

    public double? Fraction => inner.Fraction;
    public bool Stopped => inner.Stopped;

    public async Task<IReadOnlyList<string>?> ReadHeaderAsync(CancellationToken ct)
    {
        var header = await inner.ReadHeaderAsync(ct);
        if (header is null) return null;
        _named = header.Any(h => string.Equals(h.Trim(), PartnerAccountImporter.OrganisationColumn, StringComparison.OrdinalIgnoreCase));
        return _named ? header : [.. header, PartnerAccountImporter.OrganisationColumn];
    }

    public async IAsyncEnumerable<ImportRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in inner.ReadRowsAsync(ct))
        {
            if (row.Problem is null && row[PartnerAccountImporter.OrganisationColumn] is { } named && named != organisation)
                yield return ImportRow.Unreadable(row.Number, $"names organisation '{named}': a partner shares its own organisation's accounts only");
            else yield return row.With(PartnerAccountImporter.OrganisationColumn, organisation);
        }
    }
}
