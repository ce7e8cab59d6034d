using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PartnerBot.People;

namespace PartnerBot.Slack.Tests;

/// <summary>Issue 17, point 1, through Slack: the partner's App Home carries its onboarding checklist; "/partner" in Polish answers it.</summary>
public sealed class SlackOnboardingTests
{
    private static JsonObject HomeOpened(string team, string user, string eventId)
    {
        var home = SlackTestHost.MessageIm(team, user, "", eventId);
        home["event"] = new JsonObject { ["type"] = "app_home_opened", ["user"] = user, ["tab"] = "home" };
        home["is_ext_shared_channel"] = false;
        return home;
    }

    private static string ViewText(SlackCall call) => Regex.Unescape(call.Args["view"]!.ToJsonString());

    [Fact]
    public async Task PartnersAppHome_ShowsTheChecklist_ThenTheMenu_StaffsShowsNone()
    {
        await using var t = await SlackTestHost.StartAsync();
        // The App Home lives in the workspace the app is installed in: Jane is a guest there, with an identity of her own.
        await t.Host.WithDbAsync(db =>
        {
            db.ChannelIdentities.Add(new ChannelIdentity { PersonId = "acme-jane", Channel = "slack", Tenant = SlackTestHost.VendorTeam, UserId = "U0GUESTJANE" });
            return db.SaveChangesAsync();
        });
        await t.PostEventAsync(HomeOpened(SlackTestHost.VendorTeam, "U0GUESTJANE", "EvOnb1"));
        await t.IdleAsync();
        var jane = ViewText(t.Slack.Calls.Single(c => c.Method == "views.publish"));
        var checklist = jane.IndexOf("Acme Integrations Ltd: onboarding, 4 of 5 steps done", StringComparison.Ordinal);
        Assert.True(checklist >= 0, jane);
        Assert.Contains("First material opened", jane);
        Assert.Contains("Next step: First material opened.", jane);
        // The menu follows it, as the Home tab always showed.
        Assert.True(jane.IndexOf("register a deal", StringComparison.Ordinal) > checklist, jane);

        t.Slack.Clear();
        await t.PostEventAsync(HomeOpened(SlackTestHost.VendorTeam, "U0MGRHELENA", "EvOnb2"));
        await t.IdleAsync();
        var helena = ViewText(t.Slack.Calls.Single(c => c.Method == "views.publish"));
        Assert.DoesNotContain("steps done", helena);
        Assert.Contains("review queue", helena);
    }

    [Fact]
    public async Task PartnerSubcommand_InPolish_AnswersTheirOwnChecklist_Privately()
    {
        await using var t = await SlackTestHost.StartAsync();
        var r = await t.PostCommandAsync(SlackTestHost.Command("T0WISLASYS", "U0WISLAPIOTR", "wdrożenie acme", "D0U0WISLAPIOTR", "directmessage"));
        Assert.Equal(200, (int)r.StatusCode);
        await t.IdleAsync();
        var answer = string.Join("\n", t.Slack.Posts.Select(c => Regex.Unescape(c.Args.ToJsonString())));
        Assert.Contains("Wisła Systemy Sp. z o.o.: wdrożenie, ukończone kroki: 4 z 5", answer);
        Assert.Contains("Certyfikat sprzedażowy", answer);
        Assert.DoesNotContain("Acme", answer);
    }
}
