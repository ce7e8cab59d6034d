using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerBot.Conversations;
using PartnerBot.PartnerProgram;
using PartnerBot.People;
using PartnerBot.Storage;

namespace PartnerBot.Enablement;

/// <summary>
/// "certify &lt;person&gt; &lt;course&gt;" (vendor staff): records that a partner's person passed a certification today.
/// "certify" alone opens a form with the people the rep looks after and the certification courses.
/// </summary>
public sealed class CertifyCommand(CertificationRecorder recorder) : ICommand
{
    public CommandInfo Info { get; } = new("certify", CommandInfo.Staff)
    {
        HelpKey = "help.certify",
        Order = 420,
    };

    public async Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct)
    {
        var args = arguments.Trim();
        if (args.Length == 0)
        {
            await ctx.BeginDialogAsync(CertifyDialog.DialogName, "", ct);
            return;
        }
        var people = await CertificationRecorder.PeopleInScopeAsync(ctx, ct);
        var space = args.IndexOf(' ', StringComparison.Ordinal);
        var who = space < 0 ? args : args[..space];
        var courseText = space < 0 ? "" : args[(space + 1)..].Trim();
        var person = people.FirstOrDefault(p => string.Equals(p.Id, who, StringComparison.OrdinalIgnoreCase));
        if (person is null)
        {
            ctx.Send(ctx.T("certify.unknown-person", who), Visibility.Asker);
            return;
        }
        var courses = await CertificationRecorder.CoursesAsync(ctx.Db, ct);
        var matches = courses.Where(c => string.Equals(c.Id, courseText, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 0 && courseText.Length > 0)
            matches = courses.Where(c => c.Title.Contains(courseText, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count != 1)
        {
            ctx.Send(ctx.T("certify.unknown-course", courseText, string.Join(", ", courses.Select(c => c.Id))), Visibility.Asker);
            return;
        }
        var today = DateOnly.FromDateTime(ctx.Now.UtcDateTime);
        ctx.Send((await recorder.RecordAsync(ctx, person, matches[0], today, ct)).Message, Visibility.Asker);
    }
}

public sealed class CertifyDialog(CertificationRecorder recorder) : Dialog<CertifyDialog.State>
{
    public const string DialogName = "certify";

    public sealed class State
    {
        public int Attempts { get; set; }
    }

    public override string Name => DialogName;

    protected override async Task<DialogStatus> OnStartAsync(TurnContext ctx, State state, string arguments, CancellationToken ct)
    {
        var today = Localization.LocaleFormat.IsoDate(DateOnly.FromDateTime(ctx.Now.UtcDateTime));
        ctx.Send(await FormAsync(ctx, new() { ["date"] = today }, null, ct));
        return DialogStatus.Waiting;
    }

    protected override async Task<DialogStatus> OnContinueAsync(TurnContext ctx, State state, CancellationToken ct)
    {
        if (ctx.Turn.Action is not { Name: ActionNames.DialogSubmit } action)
        {
            ctx.Send(ctx.T("certify.use-form"), Visibility.Asker);
            return DialogStatus.Waiting;
        }
        state.Attempts++;
        var v = action.Values.ToDictionary(kv => kv.Key, kv => kv.Value.Trim());
        var check = await recorder.CheckAsync(ctx, v.GetValueOrDefault("person"), v.GetValueOrDefault("course"), v.GetValueOrDefault("date"), ct);
        if (check.Errors.Count > 0)
        {
            ctx.Send(await FormAsync(ctx, v, check.Errors.ToDictionary(e => e.Key, e => ctx.T(e.Value)), ct));
            return DialogStatus.Waiting;
        }
        ctx.Send((await recorder.RecordAsync(ctx, check.Person!, check.Course!, check.On, ct)).Message, Visibility.Asker);
        return DialogStatus.Done;
    }

    private static async Task<Reply> FormAsync(TurnContext ctx, Dictionary<string, string> values, Dictionary<string, string>? errors, CancellationToken ct)
    {
        var people = await CertificationRecorder.PeopleInScopeAsync(ctx, ct);
        var courses = await CertificationRecorder.CoursesAsync(ctx.Db, ct);
        var fields = new List<FormField>
        {
            new("person", ctx.T("certify.person"), FieldKind.Choice)
            {
                Required = true, Value = values.GetValueOrDefault("person"), Error = errors?.GetValueOrDefault("person"),
                Choices = people.Select(p => new Choice(p.Id, $"{p.DisplayName} ({p.PartnerOrganisation?.Name})")).ToList(),
            },
            new("course", ctx.T("certify.course"), FieldKind.Choice)
            {
                Required = true, Value = values.GetValueOrDefault("course"), Error = errors?.GetValueOrDefault("course"),
                Choices = courses.Select(c => new Choice(c.Id, c.Title)).ToList(),
            },
            new("date", ctx.T("certify.date"), FieldKind.Date)
            {
                Required = true, Value = values.GetValueOrDefault("date"), Error = errors?.GetValueOrDefault("date"),
            },
        };
        return new Reply([new FormBlock(ctx.T("certify.title"), fields, ctx.DialogSubmit())
        {
            SubmitLabel = ctx.T("form.save"),
            Cancel = ctx.DialogCancel(),
            CancelLabel = ctx.T("form.cancel"),
            Error = errors is { Count: > 0 } ? ctx.T("form.fix-errors") : null,
        }])
        { Visibility = Visibility.Asker, Summary = ctx.T("certify.title") };
    }
}

/// <summary>What a certification to record names, checked: the person, the course and the day, or each field's problem (a string key).</summary>
public sealed record CertificationCheck(Person? Person, ContentItem? Course, DateOnly On, IReadOnlyDictionary<string, string> Errors);

/// <summary>A certification recorded (<see cref="Added"/>) or already on record, and the sentence that says so to the actor.</summary>
public sealed record CertificationRecorded(Certification Certification, bool Added, string Message);

/// <summary>
/// Records that a partner's person passed a certification: whom the actor may certify (the people of the organisations
/// they look after), which courses are certifications, the day (not in the future), the expiry, and the tier review
/// that follows. The "certify" command, its form and the REST API all record through here, on the turn's DbContext.
/// </summary>
public sealed class CertificationRecorder(IOptions<ProgramOptions> program, IEnumerable<ICertificationFollower> followers)
{
    /// <summary>Partner users a rep may certify: those of the organisations they own (managers and admins: all).</summary>
    public static async Task<List<Person>> PeopleInScopeAsync(TurnContext ctx, CancellationToken ct)
    {
        var query = ctx.Db.People.AsNoTracking().Include(p => p.PartnerOrganisation)
            .Where(p => p.Role == Role.PartnerUser && p.PartnerOrganisationId != null)
            .VisibleTo(ctx.Actor, p => p.PartnerOrganisation);
        return (await query.ToListAsync(ct)).OrderBy(p => p.PartnerOrganisationId).ThenBy(p => p.DisplayName).ToList();
    }

    public static async Task<List<ContentItem>> CoursesAsync(PartnerBotDb db, CancellationToken ct) =>
        (await db.ContentItems.AsNoTracking().Where(i => i.Type == "certification" && i.Track != null).ToListAsync(ct))
            .OrderBy(i => i.Title, StringComparer.Ordinal).ToList();

    /// <summary>Checks the person (by id, one the actor may certify), the course (by id) and the day (yyyy-MM-dd, not after today).</summary>
    public async Task<CertificationCheck> CheckAsync(TurnContext ctx, string? personId, string? courseId, string? date, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var person = (await PeopleInScopeAsync(ctx, ct)).FirstOrDefault(p => p.Id == personId);
        if (person is null) errors["person"] = "certify.error.person";
        var course = (await CoursesAsync(ctx.Db, ct)).FirstOrDefault(c => c.Id == courseId);
        if (course is null) errors["course"] = "certify.error.course";
        var today = DateOnly.FromDateTime(ctx.Now.UtcDateTime);
        if (!Localization.LocaleFormat.TryParseIsoDate(date, out var on)) errors["date"] = "certify.error.date";
        else if (on > today) errors["date"] = "certify.error.future";
        return new CertificationCheck(person, course, on, errors);
    }

    public async Task<CertificationRecorded> RecordAsync(TurnContext ctx, Person person, ContentItem course, DateOnly on, CancellationToken ct)
    {
        if (await ctx.Db.Certifications.AsNoTracking().FirstOrDefaultAsync(c => c.PersonId == person.Id && c.CourseId == course.Id && c.CertifiedOn == on, ct) is { } held)
            return new CertificationRecorded(held, false, ctx.T("certify.already", person.DisplayName, course.Title));
        var expires = on.AddMonths(program.Value.Enablement.CertificationValidityMonths);
        var source = ctx.Turn.User.Channel == Channels.Api ? "api" : "rep";
        var added = Certifications.Create(person.Id, person.PartnerOrganisationId!, course, on, expires, source, ctx.Actor.PersonId);
        ctx.Db.Certifications.Add(added);
        // A certification is a change that matters to the tier: whoever follows certifications (the tier review) acts
        // in this turn, not at the next job run.
        var org = await ctx.Db.PartnerOrganisations.FirstAsync(o => o.Id == person.PartnerOrganisationId, ct);
        foreach (var follower in followers)
            await follower.CertifiedAsync(org, ctx.Now, ct);
        var format = Localization.LocaleFormat.For(ctx.Language);
        return new CertificationRecorded(added, true, ctx.T("certify.done", person.DisplayName, course.Title, format.Date(on), format.Date(expires)));
    }
}
