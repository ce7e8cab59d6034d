using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Importing;
using PartnerBot.Localization;
using PartnerBot.PartnerProgram;
using PartnerBot.Storage;

namespace PartnerBot.Commissions;

/// <summary>
/// Activities that earn points (a webinar platform's attendance export, a list of demos given): a partner user, a kind
/// of Program:Incentives:Points:Activities, the day, and what it was. The same four are the same activity: importing
/// it again changes nothing, and the commission job pays each activity once.
/// </summary>
public sealed class ActivityImporter(IOptions<ProgramOptions> program) : Importer<PartnerActivity, ActivityImporter.Input>
{
    public sealed record Input(string Person, string Kind, DateOnly On, string Reference);

    private readonly Dictionary<string, string> _organisations = new(StringComparer.Ordinal);

    public override string Kind => "activities";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
        [new("person", Required: true), new("kind", Required: true), new("on", Required: true, Or: "daysAgo"), new("daysAgo"), new("reference")];

    protected override string KeyColumn => "reference";

    protected override Input? Read(RowCheck row)
    {
        var person = row.Text("person", 64);
        var kindText = row.Text("kind", 40);
        var on = row.Date("on", "daysAgo", required: true);
        var reference = row.Optional("reference", 100) ?? "";
        var points = program.Value.Incentives.Points;
        var kind = points.Kind(kindText);
        if (kindText.Length > 0 && kind is null)
            row.Refuse("kind", points.Any ? $"'{kindText}' is not an activity of Program:Incentives:Points:Activities ({string.Join(", ", points.Activities.Keys.Order(StringComparer.Ordinal))})"
                : "the program awards no points (Program:Incentives:Points:Activities is empty)");
        if (on is { } day && day > row.Today) row.Refuse("on", $"{LocaleFormat.IsoDate(day)} is after today");
        if (reference.Any(c => char.IsControl(c) || c is '<' or '>')) row.Refuse("reference", "has markup or control characters");
        return row.Refused ? null : new Input(person, kind!, on!.Value, reference);
    }

    protected override string KeyOf(Input input) => Key(input.Person, input.Kind, input.On, input.Reference);

    private static string Key(string person, string kind, DateOnly on, string reference) => $"{person}\n{kind}\n{LocaleFormat.IsoDate(on)}\n{reference}";

    protected override async Task CheckAsync(PartnerBotDb db, IReadOnlyList<(RowCheck Row, Input Input)> rows, CancellationToken ct)
    {
        var people = rows.Select(r => r.Input.Person).Distinct().ToList();
        var members = await db.People.AsNoTracking().Where(p => people.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.PartnerOrganisationId, ct);
        _organisations.Clear();
        foreach (var (row, input) in rows)
        {
            if (!members.TryGetValue(input.Person, out var organisation)) row.Refuse("person", $"'{input.Person}' is not a person of the program (import people first)");
            else if (organisation is null) row.Refuse("person", $"'{input.Person}' is not a partner user");
            else _organisations[input.Person] = organisation;
        }
    }

    protected override async Task<Dictionary<string, PartnerActivity>> FindAsync(PartnerBotDb db, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var people = keys.Select(k => k[..k.IndexOf('\n')]).Distinct().ToList();
        var stored = await db.PartnerActivities.Where(a => people.Contains(a.PersonId)).ToListAsync(ct);
        return stored.ToDictionary(a => Key(a.PersonId, a.Kind, a.On, a.Reference));
    }

    protected override PartnerActivity Create(Input input, DateTimeOffset now) =>
        ActivityRecorder.New(input.Person, _organisations[input.Person], input.Kind, input.On, input.Reference, "import", null);

    // Every column is part of the activity's identity: a row that matches one stored says nothing new.
    protected override void Update(PartnerActivity stored, Input input, DateOnly today) { }
}
