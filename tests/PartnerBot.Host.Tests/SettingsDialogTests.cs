using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

public sealed class SettingsDialogTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static Dictionary<string, string> Submit(string formHtml, Dictionary<string, string> values)
    {
        var data = WebChatClient.ActionData(formHtml, "dialog.submit");
        foreach (var (k, v) in values) data[k] = v;
        return data;
    }

    // Only the sweep a test runs itself: the hosted one, on the same fake clock, could remove a dialog before the turn reads it.
    private static readonly Dictionary<string, string?> NoTimedSweep = new()
    {
        [Jobs.JobOptions.Key(Conversations.Housekeeping.JobName, nameof(Jobs.JobOptions.Enabled))] = "false",
    };

    private static readonly Dictionary<string, string> JaneValid = new()
    {
        ["language"] = "en", ["timeZone"] = "Asia/Tokyo", ["reminders"] = "DailySummary", ["notifyChannel"] = "",
    };

    [Fact]
    public async Task Settings_ValidSubmission_SavesPreferences_AndConfirms()
    {
        var chat = _host.Chat("acme-jane");
        var form = (await chat.SayAsync("settings"))[^1].Html!;
        Assert.Contains("Your settings", form);
        Assert.Contains("value=\"Europe/London\"", form);
        Assert.DoesNotContain("digestCadence", form); // digests are for vendor staff

        var reply = await chat.ActAsync("dialog.submit", Submit(form, JaneValid), "Save");

        Assert.Contains("Saved. Here are your settings:", reply[^1].Html);
        Assert.Contains("Asia/Tokyo", reply[^1].Html);
        var prefs = await _host.WithDbAsync(db => db.People.AsNoTracking().Where(p => p.Id == "acme-jane").Select(p => p.Preferences).SingleAsync());
        Assert.Equal("Asia/Tokyo", prefs.TimeZone);
        Assert.Equal(People.ReminderMode.DailySummary, prefs.Reminders);
        Assert.Equal(0, await _host.WithDbAsync(db => db.DialogStates.CountAsync()));
    }

    [Fact]
    public async Task Settings_InvalidTimeZone_ShowsFieldErrorWithExamples_AndStoresNothing()
    {
        var chat = _host.Chat("acme-jane");
        var form = (await chat.SayAsync("settings"))[^1].Html!;

        var reply = await chat.ActAsync("dialog.submit", Submit(form, new(JaneValid) { ["timeZone"] = "Mars/Olympus" }));

        var html = reply[^1].Html!;
        Assert.Contains("Please correct the fields marked below.", html);
        Assert.Contains("&quot;Mars/Olympus&quot; is not a time zone I know. Use an IANA name such as Europe/Warsaw, Asia/Kuala_Lumpur", html);
        Assert.Contains("value=\"Mars/Olympus\"", html); // what they typed is kept for correcting
        var tz = await _host.WithDbAsync(db => db.People.Where(p => p.Id == "acme-jane").Select(p => p.Preferences.TimeZone).SingleAsync());
        Assert.Equal("Europe/London", tz);
        Assert.Equal(1, await _host.WithDbAsync(db => db.DialogStates.CountAsync())); // still open for the correction
    }

    [Fact]
    public async Task Settings_StaffSeeDigestFields_AndBadHourIsRefused()
    {
        var chat = _host.Chat("mgr-helena");
        var form = (await chat.SayAsync("settings"))[^1].Html!;
        Assert.Contains("name=\"digestCadence\"", form);

        var values = new Dictionary<string, string>
        {
            ["language"] = "en", ["timeZone"] = "Europe/Warsaw", ["reminders"] = "AsTheyHappen",
            ["digestCadence"] = "Weekly", ["digestDay"] = "Friday", ["digestHour"] = "25",
        };
        var reply = await chat.ActAsync("dialog.submit", Submit(form, values));
        Assert.Contains("Enter a whole hour from 0 to 23.", reply[^1].Html);
        Assert.Contains("<option value=\"Friday\" selected>", reply[^1].Html); // the other answers are kept

        values["digestHour"] = "7";
        reply = await chat.ActAsync("dialog.submit", Submit(reply[^1].Html!, values));
        Assert.Contains("Weekly, Friday at 7:00", reply[^1].Html);
    }

    [Fact]
    public async Task Settings_ChangingLanguage_ConfirmsInTheNewLanguage()
    {
        var chat = _host.Chat("acme-jane");
        var form = (await chat.SayAsync("settings"))[^1].Html!;
        var reply = await chat.ActAsync("dialog.submit", Submit(form, new(JaneValid) { ["language"] = "pl" }));
        Assert.Contains("Zapisano. Oto Twoje ustawienia:", reply[^1].Html);

        var help = await chat.SayAsync("pomoc");
        Assert.Contains("Cześć Jane Porter! Oto, co mogę zrobić dla Ciebie i Twojej firmy:", help[^1].Html);
    }

    [Fact]
    public async Task Settings_ChannelWhereThePersonIsUnknown_IsRefused()
    {
        var chat = _host.Chat("admin-sam"); // Sam has web and Teams identities, no Slack
        var form = (await chat.SayAsync("settings"))[^1].Html!;
        Assert.DoesNotContain("value=\"slack\"", form);
        var reply = await chat.ActAsync("dialog.submit", Submit(form, new()
        {
            ["language"] = "en", ["timeZone"] = "UTC", ["reminders"] = "Off", ["notifyChannel"] = "slack",
            ["digestCadence"] = "Off", ["digestDay"] = "Monday", ["digestHour"] = "8",
        }));
        Assert.Contains("You can only pick a channel where I know you.", reply[^1].Html);
    }

    [Fact]
    public async Task SameFormSubmittedTwice_SavesOnce_AndSaysSo()
    {
        var chat = _host.Chat("acme-jane");
        var form = (await chat.SayAsync("settings"))[^1].Html!;
        var values = Submit(form, JaneValid);

        await chat.ActAsync("dialog.submit", values);
        var second = await chat.ActAsync("dialog.submit", values);

        Assert.Contains("That form is no longer open", second[^1].Html);
        var audits = await _host.WithDbAsync(db => db.AuditLog.CountAsync(a => a.EntityId == "acme-jane" && a.Changes.Contains("Asia/Tokyo")));
        Assert.Equal(1, audits);
    }

    [Fact]
    public async Task ExpiredDialog_FormSubmission_IsRefused_AndChangesNothing()
    {
        var chat = _host.Chat("acme-jane");
        var form = (await chat.SayAsync("settings"))[^1].Html!;

        _host.Clock.Advance(TimeSpan.FromHours(25));
        var reply = await chat.ActAsync("dialog.submit", Submit(form, JaneValid));

        Assert.Contains("That form is no longer open", reply[^1].Html);
        var tz = await _host.WithDbAsync(db => db.People.Where(p => p.Id == "acme-jane").Select(p => p.Preferences.TimeZone).SingleAsync());
        Assert.Equal("Europe/London", tz);
        Assert.Equal(0, await _host.WithDbAsync(db => db.DialogStates.CountAsync()));
    }

    /// <summary>
    /// Housekeeping removes expired dialogs while turns run. Here the sweep runs after the turn has read the expired
    /// dialog and before it saves, the moment that once made the turn's own removal fail and answer "already submitted"
    /// (or refuse to open a new form): the person still hears the dialog has expired, or gets the new form.
    /// </summary>
    [Theory]
    [InlineData("submit", "That form is no longer open")]
    [InlineData("settings", "Your settings")]
    [InlineData("cancel", "There&#x27;s nothing open to cancel.")]
    public async Task ExpiredDialog_SweptByHousekeeping_WhileTheTurnRuns_IsStillJustExpired(string next, string expected)
    {
        var sweep = new SweepBeforeTurnSaves("acme-jane");
        using var host = new TestHost(settings: NoTimedSweep, services: s => s.AddScoped<ISaveChangesInterceptor>(sp =>
            new SweepBeforeTurnSaves.Interceptor(sweep, sp.GetRequiredService<Conversations.Housekeeping>())));
        var chat = host.Chat("acme-jane");
        var form = (await chat.SayAsync("settings"))[^1].Html!;
        host.Clock.Advance(TimeSpan.FromHours(25));

        sweep.Armed = true;
        var reply = next == "submit" ? await chat.ActAsync("dialog.submit", Submit(form, JaneValid)) : await chat.SayAsync(next);

        Assert.True(sweep.Swept, "the sweep ran inside the turn");
        Assert.Contains(expected, reply[^1].Html);
        Assert.DoesNotContain("already submitted", reply[^1].Html);
        var tz = await host.WithDbAsync(db => db.People.Where(p => p.Id == "acme-jane").Select(p => p.Preferences.TimeZone).SingleAsync());
        Assert.Equal("Europe/London", tz);
        Assert.Equal(next == "settings" ? 1 : 0, await host.WithDbAsync(db => db.DialogStates.CountAsync()));
    }

    /// <summary>Runs housekeeping once, just before the first save of a turn by <paramref name="personId"/> once armed.</summary>
    private sealed class SweepBeforeTurnSaves(string personId)
    {
        private int _armed;
        private readonly string _personId = personId;
        public bool Armed { set => Volatile.Write(ref _armed, value ? 1 : 0); }
        public bool Swept { get; private set; }

        public sealed class Interceptor(SweepBeforeTurnSaves sweep, Conversations.Housekeeping housekeeping) : SaveChangesInterceptor
        {
            public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
                InterceptionResult<int> result, CancellationToken cancellationToken = default)
            {
                var turn = eventData.Context!.ChangeTracker.Entries<People.Person>().Any(e => e.Entity.Id == sweep._personId);
                if (turn && Interlocked.Exchange(ref sweep._armed, 0) == 1)
                {
                    await housekeeping.RunOnceAsync(cancellationToken);
                    sweep.Swept = true;
                }
                return result;
            }
        }
    }

    /// <summary>
    /// At the very instant a dialog expires, the turn and housekeeping agree it is over: once they disagreed by a tick,
    /// so a form could be refused as expired while the sweep still kept its row.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DialogAtTheInstantItExpires_IsOverForTheTurnAndForHousekeeping(bool sweepFirst)
    {
        using var host = new TestHost(settings: NoTimedSweep);
        var chat = host.Chat("acme-jane");
        var form = (await chat.SayAsync("settings"))[^1].Html!;
        host.Clock.Advance(TimeSpan.FromHours(24));

        if (sweepFirst)
        {
            await host.Services.GetRequiredService<Conversations.Housekeeping>().RunOnceAsync(CancellationToken.None);
            Assert.Equal(0, await host.WithDbAsync(db => db.DialogStates.CountAsync()));
        }
        var reply = await chat.ActAsync("dialog.submit", Submit(form, JaneValid));

        Assert.Contains("That form is no longer open", reply[^1].Html);
        Assert.Equal(0, await host.WithDbAsync(db => db.DialogStates.CountAsync()));
    }

    [Fact]
    public async Task DialogWithin24Hours_IsStillOpen()
    {
        var chat = _host.Chat("acme-jane");
        var form = (await chat.SayAsync("settings"))[^1].Html!;
        _host.Clock.Advance(TimeSpan.FromHours(23));
        var reply = await chat.ActAsync("dialog.submit", Submit(form, JaneValid));
        Assert.Contains("Saved.", reply[^1].Html);
    }

    [Fact]
    public async Task Cancel_LeavesTheDialog_AndTheOldFormNoLongerWorks()
    {
        var chat = _host.Chat("acme-jane");
        var form = (await chat.SayAsync("settings"))[^1].Html!;
        Assert.Contains("Cancelled. Nothing was saved.", (await chat.SayAsync("cancel"))[^1].Html);
        Assert.Contains("There&#x27;s nothing open to cancel.", (await chat.SayAsync("cancel"))[^1].Html);
        Assert.Contains("That form is no longer open", (await chat.ActAsync("dialog.submit", Submit(form, JaneValid)))[^1].Html);
    }

    [Fact]
    public async Task FormFromAnEarlierDialog_IsRefused_WhenANewOneWasStarted()
    {
        var chat = _host.Chat("acme-jane");
        var first = (await chat.SayAsync("settings"))[^1].Html!;
        var second = (await chat.SayAsync("settings"))[^1].Html!;
        Assert.Equal(1, await _host.WithDbAsync(db => db.DialogStates.CountAsync()));

        Assert.Contains("That form is no longer open", (await chat.ActAsync("dialog.submit", Submit(first, JaneValid)))[^1].Html);
        Assert.Contains("Saved.", (await chat.ActAsync("dialog.submit", Submit(second, JaneValid)))[^1].Html);
    }

    [Fact]
    public async Task TextWhileFormIsOpen_ShowsTheFormAgain()
    {
        var chat = _host.Chat("acme-jane");
        await chat.SayAsync("settings");
        var reply = await chat.SayAsync("Asia/Tokyo please");
        Assert.Contains("Your settings form is still open", reply[1].Html);
        Assert.Contains("class=\"pb-form\"", reply[2].Html);
    }
}
