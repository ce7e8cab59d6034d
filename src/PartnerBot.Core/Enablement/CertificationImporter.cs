using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Importing;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.Storage;

namespace PartnerBot.Enablement;

/// <summary>
/// Certifications earned before PartnerBot: a partner user, a course of the catalog that is a certification, the day
/// it was earned, matched by all three. It expires after Program:Enablement:CertificationValidityMonths unless
/// <c>expiresOn</c> says otherwise.
/// </summary>
public sealed class CertificationImporter(IOptions<ProgramOptions> program) : Importer<Certification, CertificationImporter.Input>
{
    public sealed record Input(string Person, string Course, DateOnly CertifiedOn, DateOnly? ExpiresOn);

    private readonly Dictionary<string, string> _organisations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContentItem> _courses = new(StringComparer.Ordinal);

    public override string Kind => "certifications";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        new("person", Required: true), new("course", Required: true), new("certifiedOn", Required: true, Or: "certifiedDaysAgo"),
        new("certifiedDaysAgo"), new("expiresOn"),
    ];

    protected override string KeyColumn => "certifiedOn";

    protected override Input? Read(RowCheck row)
    {
        var person = row.Text("person", 64);
        var course = row.Text("course", 100);
        var on = row.Date("certifiedOn", "certifiedDaysAgo", required: true);
        var expires = row.Date("expiresOn");
        if (on is { } o && o > row.Today) row.Refuse("certifiedOn", $"{LocaleFormat.IsoDate(o)} is after today");
        if (on is { } start && expires is { } end && end <= start) row.Refuse("expiresOn", "is not after certifiedOn");
        return row.Refused ? null : new Input(person, course, on!.Value, expires);
    }

    protected override string KeyOf(Input input) => Key(input.Person, input.Course, input.CertifiedOn);

    private static string Key(string person, string course, DateOnly on) => person + "\n" + course + "\n" + LocaleFormat.IsoDate(on);

    protected override async Task CheckAsync(PartnerBotDb db, IReadOnlyList<(RowCheck Row, Input Input)> rows, CancellationToken ct)
    {
        var people = rows.Select(r => r.Input.Person).Distinct().ToList();
        var courses = rows.Select(r => r.Input.Course).Distinct().ToList();
        var members = await db.People.AsNoTracking().Where(p => people.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.PartnerOrganisationId, ct);
        _organisations.Clear();
        _courses.Clear();
        foreach (var c in await db.ContentItems.AsNoTracking().Where(i => courses.Contains(i.Id)).ToListAsync(ct)) _courses[c.Id] = c;
        foreach (var (row, input) in rows)
        {
            if (!members.TryGetValue(input.Person, out var organisation))
                row.Refuse("person", $"'{input.Person}' is not a person of the program (import people first)");
            else if (organisation is null) row.Refuse("person", $"'{input.Person}' is not a partner user");
            else _organisations[input.Person] = organisation;
            if (!_courses.TryGetValue(input.Course, out var course) || course.Track is null)
                row.Refuse("course", $"'{input.Course}' is not a certification in the content catalog");
        }
    }

    protected override async Task<Dictionary<string, Certification>> FindAsync(PartnerBotDb db, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var people = keys.Select(k => k[..k.IndexOf('\n')]).Distinct().ToList();
        var stored = await db.Certifications.Where(c => people.Contains(c.PersonId)).ToListAsync(ct);
        return stored.ToDictionary(c => Key(c.PersonId, c.CourseId, c.CertifiedOn));
    }

    protected override Certification Create(Input input, DateTimeOffset now) =>
        Certifications.Create(input.Person, _organisations[input.Person], _courses[input.Course], input.CertifiedOn, Expiry(input), "import", null);

    protected override void Update(Certification stored, Input input, DateOnly today) => stored.ExpiresOn = Expiry(input);

    private DateOnly Expiry(Input input) => input.ExpiresOn ?? input.CertifiedOn.AddMonths(program.Value.Enablement.CertificationValidityMonths);
}
