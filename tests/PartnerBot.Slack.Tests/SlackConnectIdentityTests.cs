using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// Slack Connect: whose installation answers and who is asking, for every case in
/// fixtures/slack/bolt-python-slack-connect (Slack's own Bolt test table), then the same rules with the demo's
/// partner users through the host.
/// </summary>
public sealed class SlackConnectIdentityTests
{
    public static TheoryData<string, int> Patterns()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in new[] { "slack_connect_from_non_grid_test_patterns.json", "slack_connect_from_grid_test_patterns.json" })
        {
            var n = JsonNode.Parse(SlackTestHost.Fixture("bolt-python-slack-connect", file))!.AsArray().Count;
            for (var i = 0; i < n; i++) data.Add(file, i);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Pattern_ResolvesExpectedInstallationAndActor(string file, int index)
    {
        var cases = JsonNode.Parse(SlackTestHost.Fixture("bolt-python-slack-connect", file))!.AsArray();
        var c = cases[index]!;
        using var payload = JsonDocument.Parse(c["payload"]!.ToJsonString());
        Assert.Equal(Ids(c["expected_installed"]!), SlackIdentity.Installation(payload.RootElement));
        Assert.Equal(Ids(c["expected_actor"]!), SlackIdentity.Actor(payload.RootElement));
    }

    public static TheoryData<string, int, string?, string?, string?> PlaceholderCases() => new()
    {
        // The partner's workspace is the top-level team; the installation is ours (authorizations[0]).
        { "slack_connect_events_api_requests.json", 0, "ENTERPRISE_ID_ACTOR", "TEAM_ID_ACTOR", "USER_ID_ACTOR" },
        { "slack_connect_events_api_requests.json", 1, "ENTERPRISE_ID_ACTOR", "TEAM_ID_ACTOR", "USER_ID_ACTOR" },
        { "slack_connect_events_api_requests.json", 2, "ENTERPRISE_ID_ACTOR", "TEAM_ID_ACTOR", "USER_ID_ACTOR" },
        // A mention from a Grid org: the org is known, the workspace is not (users.info answers that).
        { "slack_connect_events_api_no_actor_team_requests.json", 0, "ENTERPRISE_ID_ACTOR", null, "USER_ID_ACTOR" },
        // Nothing in the payload says which org the user is from: nobody is trusted.
        { "slack_connect_events_api_no_actor_enterprise_team_requests.json", 0, null, null, null },
        { "slack_connect_events_api_no_actor_enterprise_team_requests.json", 1, null, null, null },
        { "slack_connect_events_api_no_actor_enterprise_team_requests.json", 2, null, null, null },
        { "slack_connect_events_api_no_actor_enterprise_team_requests.json", 3, null, null, null },
    };

    [Theory]
    [MemberData(nameof(PlaceholderCases))]
    public void PlaceholderPayload_InstallationIsAuthorizationsAndActorIsTheOtherSide(string file, int index, string? enterprise, string? team, string? user)
    {
        var payload = JsonNode.Parse(SlackTestHost.Fixture("bolt-python-slack-connect", file))!.AsArray()[index]!;
        using var doc = JsonDocument.Parse(payload.ToJsonString());
        var installed = SlackIdentity.Installation(doc.RootElement);
        var auth = JsonNode.Parse(SlackTestHost.Fixture("bolt-python-slack-connect", "slack_connect_authorizations.json"))!.AsArray()[0]!;
        Assert.Equal(auth["team_id"]!.ToString(), installed.TeamId);
        Assert.Equal("USER_ID_ACTOR", installed.UserId);
        Assert.Equal(new SlackIds(enterprise, team, user), SlackIdentity.Actor(doc.RootElement));
    }

    [Fact]
    public void ViewSubmission_FromTheOtherSide_UsesAppInstalledTeam()
    {
        using var doc = JsonDocument.Parse(SlackTestHost.Fixture("bolt-python", "test_view_submission__connect_channel_payload_L142.json"));
        Assert.Equal("T-installed-workspace", SlackIdentity.Installation(doc.RootElement).TeamId);
    }

    /// <summary>Every Slack Connect payload, signed, through the host: 200, and nobody unknown ever sees anything but onboarding.</summary>
    [Fact]
    public async Task AllConnectPayloads_ThroughTheHost_AckAndOnlyOnboarding()
    {
        await using var t = await SlackTestHost.StartAsync();
        var i = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(SlackTestHost.FixturesRoot, "bolt-python-slack-connect")).Order(StringComparer.Ordinal))
        {
            var node = JsonNode.Parse(File.ReadAllText(file))!.AsArray();
            foreach (var item in node)
            {
                var payload = item!["payload"] ?? item;
                if (payload["type"]?.ToString() != "event_callback") continue;
                var copy = payload.DeepClone().AsObject();
                copy["event_id"] = $"EvConnect{i++}";
                var r = await t.PostEventAsync(copy);
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            }
        }
        await t.IdleAsync();
        Assert.True(i >= 29, $"replayed {i}");
        Assert.NotEmpty(t.Slack.Posts); // the mentions get an answer…
        foreach (var post in t.Slack.Posts)
        {
            Assert.Equal("chat.postEphemeral", post.Method); // …privately, in the channel
            Assert.Contains("who you are yet", post.BlocksJson);
        }
    }

    [Fact]
    public async Task PartnerMention_InSharedChannel_ResolvesJaneByHerHomeTeam_AndPrivateAnswerIsEphemeral()
    {
        await using var t = await SlackTestHost.StartAsync();
        // Top-level team_id is Acme's, the installation is Northwind's: Jane is found by T0ACMEINT/U0ACMEJANE.
        var r = await t.PostEventAsync(SlackTestHost.Mention("T0ACMEINT", "U0ACMEJANE", "settings", "EvMention1", "C0SHAREDACME", shared: true));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        await t.IdleAsync();
        var call = Assert.Single(t.Slack.Posts);
        Assert.Equal("chat.postEphemeral", call.Method);
        Assert.Equal("C0SHAREDACME", call.Channel);
        Assert.Equal("U0ACMEJANE", call.User);
        Assert.Contains("Your settings", call.BlocksJson); // her own settings form: she was recognised
        var seen = await t.Host.WithDbAsync(db => db.People.Where(p => p.Id == "acme-jane").Select(p => p.LastSeenChannel).FirstAsync());
        Assert.Equal("slack", seen);
    }

    [Fact]
    public async Task UserTeamNotTrusted_OutsideSharedChannels()
    {
        await using var t = await SlackTestHost.StartAsync();
        // Not externally shared: the claimed user_team is ignored, the user is looked up in the installation's team,
        // where there is no U0ACMEJANE: onboarding, no data.
        var r = await t.PostEventAsync(SlackTestHost.Mention("T0ACMEINT", "U0ACMEJANE", "settings", "EvMention2", "C0INTERNAL", shared: false));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        await t.IdleAsync();
        var call = Assert.Single(t.Slack.Posts);
        Assert.Contains("who you are yet", call.BlocksJson);
        Assert.DoesNotContain("Your settings", call.BlocksJson);
    }

    [Fact]
    public async Task GridUserWithoutWorkspace_IsLookedUpWithUsersInfo()
    {
        await using var t = await SlackTestHost.StartAsync();
        t.Slack.Users["U0ACMEJANE"] = ("T0ACMEINT", true);
        var mention = SlackTestHost.Mention("T0ACMEINT", "U0ACMEJANE", "settings", "EvGrid1", "C0SHAREDACME", shared: true);
        mention["event"]!["user_team"] = "E0ACMEORG"; // an org id: the workspace is unknown from the payload
        await t.PostEventAsync(mention);
        await t.IdleAsync();
        var lookup = Assert.Single(t.Slack.Calls, c => c.Method == "users.info");
        Assert.Equal("U0ACMEJANE", lookup.Args["user"]!.ToString());
        Assert.Contains("Your settings", Assert.Single(t.Slack.Posts).BlocksJson);
    }

    private static SlackIds Ids(JsonNode n) =>
        new(n["enterprise_id"]?.ToString(), n["team_id"]?.ToString(), n["user_id"]?.ToString());
}
