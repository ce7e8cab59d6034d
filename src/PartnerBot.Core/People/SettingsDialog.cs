using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;

namespace PartnerBot.People;

/// <summary>"settings": a form for the person's own preferences. Later capabilities read these.</summary>
public sealed class SettingsCommand : ICommand
{
    public CommandInfo Info { get; } = new("settings", CommandInfo.Everyone)
    {
        HelpKey = "help.settings",
        Order = 900,
    };

    public Task HandleAsync(TurnContext ctx, string arguments, CancellationToken ct) =>
        ctx.BeginDialogAsync(SettingsDialog.DialogName, arguments, ct);
}

public sealed class SettingsDialog : Dialog<SettingsDialog.State>
{
    public const string DialogName = "settings";
    public static readonly IReadOnlyList<string> TimeZoneExamples =
        ["Europe/Warsaw", "Asia/Kuala_Lumpur", "Asia/Shanghai", "Europe/London", "America/New_York", "UTC"];

    public sealed class State
    {
        public int Attempts { get; set; }
    }

    public override string Name => DialogName;

    protected override async Task<DialogStatus> OnStartAsync(TurnContext ctx, State state, string arguments, CancellationToken ct)
    {
        var person = await ctx.Db.People.Include(p => p.Identities).FirstAsync(p => p.Id == ctx.Actor.PersonId, ct);
        ctx.Send(Form(ctx, person, FromPerson(person), errors: null));
        return DialogStatus.Waiting;
    }

    protected override async Task<DialogStatus> OnContinueAsync(TurnContext ctx, State state, CancellationToken ct)
    {
        var person = await ctx.Db.People.Include(p => p.Identities).FirstAsync(p => p.Id == ctx.Actor.PersonId, ct);
        if (ctx.Turn.Action is not { Name: ActionNames.DialogSubmit } action)
        {
            // Typed text while the form is open: show the form again rather than guess.
            ctx.Send(ctx.T("settings.use-form"), Visibility.Asker);
            ctx.Send(Form(ctx, person, FromPerson(person), errors: null));
            return DialogStatus.Waiting;
        }

        state.Attempts++;
        var values = action.Values;
        var submitted = FromPerson(person);
        foreach (var (k, v) in values) submitted[k] = v.Trim();
        var errors = Validate(ctx, person, submitted, out var parsed);
        if (errors.Count > 0)
        {
            ctx.Send(Form(ctx, person, submitted, errors));
            return DialogStatus.Waiting;
        }

        var p = person.Preferences;
        p.Language = parsed.Language;
        p.TimeZone = parsed.TimeZone;
        p.Reminders = parsed.Reminders;
        p.NotifyChannel = parsed.NotifyChannel;
        if (ctx.Actor.IsVendorStaff)
        {
            p.DigestCadence = parsed.DigestCadence;
            p.DigestDay = parsed.DigestDay;
            p.DigestHour = parsed.DigestHour;
        }
        // Confirm in the language just chosen.
        var facts = new List<Fact>
        {
            new(ctx.T("settings.language"), LanguageName(p.Language)),
            new(ctx.T("settings.time-zone"), p.TimeZone),
            new(ctx.T("settings.reminders"), ctx.T($"settings.reminders.{p.Reminders}")),
        };
        if (ctx.Actor.IsVendorStaff)
            facts.Add(new(ctx.T("settings.digest"), DigestSummary(ctx, p)));
        facts.Add(new(ctx.T("settings.notify-channel"), ChannelName(ctx, p.NotifyChannel)));
        ctx.Send(new Reply([new TextBlock(ctx.T("settings.saved"), TextStyle.Success), new FactsBlock(facts)])
        {
            Visibility = Visibility.Asker,
        });
        return DialogStatus.Done;
    }

    private sealed record Parsed(string Language, string TimeZone, ReminderMode Reminders, string? NotifyChannel,
        Cadence DigestCadence, DayOfWeek DigestDay, int DigestHour);

    private static Dictionary<string, string> FromPerson(Person person)
    {
        var p = person.Preferences;
        return new()
        {
            ["language"] = p.Language,
            ["timeZone"] = p.TimeZone,
            ["reminders"] = p.Reminders.ToString(),
            ["notifyChannel"] = p.NotifyChannel ?? "",
            ["digestCadence"] = p.DigestCadence.ToString(),
            ["digestDay"] = p.DigestDay.ToString(),
            ["digestHour"] = p.DigestHour.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private static Dictionary<string, string> Validate(TurnContext ctx, Person person, Dictionary<string, string> v, out Parsed parsed)
    {
        var errors = new Dictionary<string, string>();
        var language = v.GetValueOrDefault("language", "");
        if (!Languages.All.Contains(language)) errors["language"] = ctx.T("settings.error.language");

        var tz = v.GetValueOrDefault("timeZone", "");
        if (tz.Length == 0 || tz.Length > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(tz, out _))
            errors["timeZone"] = ctx.T("settings.error.time-zone", tz, string.Join(", ", TimeZoneExamples));

        if (!Enum.TryParse<ReminderMode>(v.GetValueOrDefault("reminders"), out var reminders) || !Enum.IsDefined(reminders))
            errors["reminders"] = ctx.T("settings.error.choice");

        var channel = v.GetValueOrDefault("notifyChannel", "");
        if (channel.Length > 0 && !person.Identities.Any(i => i.Channel == channel))
            errors["notifyChannel"] = ctx.T("settings.error.channel");

        var cadence = person.Preferences.DigestCadence;
        var day = person.Preferences.DigestDay;
        var hour = person.Preferences.DigestHour;
        if (ctx.Actor.IsVendorStaff)
        {
            if (!Enum.TryParse(v.GetValueOrDefault("digestCadence"), out cadence) || !Enum.IsDefined(cadence))
                errors["digestCadence"] = ctx.T("settings.error.choice");
            if (!Enum.TryParse(v.GetValueOrDefault("digestDay"), out day) || !Enum.IsDefined(day))
                errors["digestDay"] = ctx.T("settings.error.choice");
            if (!int.TryParse(v.GetValueOrDefault("digestHour"), System.Globalization.NumberStyles.Integer,
                    System.Globalization.CultureInfo.InvariantCulture, out hour) || hour is < 0 or > 23)
                errors["digestHour"] = ctx.T("settings.error.hour");
        }
        parsed = new Parsed(language, tz, reminders, channel.Length == 0 ? null : channel, cadence, day, hour);
        return errors;
    }

    private static Reply Form(TurnContext ctx, Person person, Dictionary<string, string> values, Dictionary<string, string>? errors)
    {
        string? Err(string id) => errors?.GetValueOrDefault(id);
        var fields = new List<FormField>
        {
            new("language", ctx.T("settings.language"), FieldKind.Choice)
            {
                Required = true, Value = values["language"], Error = Err("language"),
                Choices = Languages.All.Select(l => new Choice(l, LanguageName(l))).ToList(),
            },
            new("timeZone", ctx.T("settings.time-zone"), FieldKind.Text)
            {
                Required = true, Value = values["timeZone"], Error = Err("timeZone"), MaxLength = 64,
                Placeholder = "Europe/Warsaw",
                Hint = ctx.T("settings.time-zone.hint", string.Join(", ", TimeZoneExamples.Take(4))),
            },
            new("reminders", ctx.T("settings.reminders"), FieldKind.Choice)
            {
                Required = true, Value = values["reminders"], Error = Err("reminders"),
                Choices = Enum.GetValues<ReminderMode>().Select(m => new Choice(m.ToString(), ctx.T($"settings.reminders.{m}"))).ToList(),
            },
        };
        if (ctx.Actor.IsVendorStaff)
        {
            fields.Add(new("digestCadence", ctx.T("settings.digest-cadence"), FieldKind.Choice)
            {
                Required = true, Value = values["digestCadence"], Error = Err("digestCadence"),
                Choices = Enum.GetValues<Cadence>().Select(c => new Choice(c.ToString(), ctx.T($"settings.cadence.{c}"))).ToList(),
            });
            fields.Add(new("digestDay", ctx.T("settings.digest-day"), FieldKind.Choice)
            {
                Required = true, Value = values["digestDay"], Error = Err("digestDay"),
                Choices = WeekFromMonday().Select(d => new Choice(d.ToString(), DayName(ctx, d))).ToList(),
            });
            fields.Add(new("digestHour", ctx.T("settings.digest-hour"), FieldKind.Number)
            {
                Required = true, Value = values["digestHour"], Error = Err("digestHour"), Min = 0, Max = 23,
                Hint = ctx.T("settings.digest-hour.hint"),
            });
        }
        fields.Add(new("notifyChannel", ctx.T("settings.notify-channel"), FieldKind.Choice)
        {
            Value = values["notifyChannel"], Error = Err("notifyChannel"),
            Choices = new[] { new Choice("", ChannelName(ctx, null)) }
                .Concat(person.Identities.Select(i => i.Channel).Distinct().Select(c => new Choice(c, ChannelName(ctx, c))))
                .ToList(),
        });

        return new Reply([new FormBlock(ctx.T("settings.title"), fields, ctx.DialogSubmit())
        {
            Intro = ctx.T("settings.intro"),
            SubmitLabel = ctx.T("form.save"),
            Cancel = ctx.DialogCancel(),
            CancelLabel = ctx.T("form.cancel"),
            Error = errors is { Count: > 0 } ? ctx.T("form.fix-errors") : null,
        }])
        { Visibility = Visibility.Asker, Summary = ctx.T("settings.title") };
    }

    private static IEnumerable<DayOfWeek> WeekFromMonday() => Enumerable.Range(1, 7).Select(i => (DayOfWeek)(i % 7));

    private static string DayName(TurnContext ctx, DayOfWeek d) =>
        Localization.LocaleFormat.For(ctx.Language).DayName(d);

    private static string DigestSummary(TurnContext ctx, Preferences p) => p.DigestCadence switch
    {
        Cadence.Off => ctx.T("settings.cadence.Off"),
        Cadence.Weekly => ctx.T("settings.digest.weekly", DayName(ctx, p.DigestDay), p.DigestHour),
        _ => ctx.T("settings.digest.at", ctx.T($"settings.cadence.{p.DigestCadence}"), p.DigestHour),
    };

    public static string LanguageName(string language) => language switch
    {
        Languages.Malay => "Bahasa Melayu",
        Languages.Chinese => "简体中文",
        Languages.Polish => "Polski",
        _ => "English",
    };

    private static string ChannelName(TurnContext ctx, string? channel) =>
        channel is null ? ctx.T("settings.channel.last") : ctx.T($"channel.{channel}");
}
