using System.Text.Json;

namespace PartnerBot.Slack;

/// <summary>A Slack org and user as ids: enterprise (Grid org), team (workspace), user. Any may be unknown.</summary>
public sealed record SlackIds(string? EnterpriseId, string? TeamId, string? UserId);

/// <summary>
/// Who a payload is from and whose installation answers it. Slack Connect makes these differ: in a channel shared
/// with a partner, the top-level team_id can be the partner's workspace. The installation (whose token to use) is
/// authorizations[0] for events and view.app_installed_team_id for views; the human's home org is event.user_team
/// (else event.team), and only trusted when the channel is externally shared. Mirrors Slack's own Bolt.
/// </summary>
public static class SlackIdentity
{
    public static SlackIds Installation(JsonElement payload) =>
        new(InstalledEnterprise(payload), InstalledTeam(payload), User(payload));

    public static SlackIds Actor(JsonElement payload)
    {
        if (!IsExternalEvent(payload)) return Installation(payload);
        var enterprise = ActorEnterprise(payload);
        var team = ActorTeam(payload);
        // When neither org is known the user id means nothing on its own: don't guess.
        if (enterprise is null && team is null) return new(null, null, null);
        var e = payload.GetProperty("event");
        return new(enterprise, team, Str(e, "user") ?? Str(e, "user_id"));
    }

    private static bool IsExternalEvent(JsonElement p) =>
        p.TryGetProperty("is_ext_shared_channel", out var x) && x.ValueKind == JsonValueKind.True && Str(p, "type") == "event_callback" &&
        p.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.Object;

    private static string? InstalledEnterprise(JsonElement p)
    {
        if (p.TryGetProperty("enterprise", out var org))
        {
            if (org.ValueKind == JsonValueKind.String) return org.GetString();
            if (org.ValueKind == JsonValueKind.Object && Str(org, "id") is { } id) return id;
        }
        if (FirstAuthorization(p) is { } auth) return Str(auth, "enterprise_id");
        if (p.TryGetProperty("enterprise_id", out _)) return Str(p, "enterprise_id");
        if (p.TryGetProperty("team", out var team) && team.ValueKind == JsonValueKind.Object && team.TryGetProperty("enterprise_id", out _))
            return Str(team, "enterprise_id");
        if (p.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.Object) return InstalledEnterprise(e);
        return null;
    }

    private static string? InstalledTeam(JsonElement p)
    {
        if (p.TryGetProperty("view", out var view) && view.ValueKind == JsonValueKind.Object && Str(view, "app_installed_team_id") is { } installed)
            return installed;
        if (p.TryGetProperty("team", out var team))
        {
            if (team.ValueKind == JsonValueKind.String) return team.GetString();
            if (team.ValueKind == JsonValueKind.Object && Str(team, "id") is { } id) return id;
        }
        if (FirstAuthorization(p) is { } auth) return Str(auth, "team_id");
        if (Str(p, "team_id") is { } teamId) return teamId;
        if (p.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.Object) return InstalledTeam(e);
        if (p.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.Object) return Str(u, "team_id");
        return null;
    }

    private static string? User(JsonElement p)
    {
        if (p.TryGetProperty("user", out var u))
        {
            if (u.ValueKind == JsonValueKind.Object && Str(u, "id") is { } id) return id;
            if (u.ValueKind == JsonValueKind.String) return u.GetString();
        }
        if (Str(p, "user_id") is { } userId) return userId;
        if (p.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.Object) return User(e);
        if (p.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object) return User(m);
        return null;
    }

    private static string? EventTeam(JsonElement p) =>
        p.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.Object ? Str(e, "user_team") ?? Str(e, "team") : null;

    private static string? ActorEnterprise(JsonElement p)
    {
        var eventTeam = EventTeam(p);
        if (eventTeam is not null && eventTeam.StartsWith('E')) return eventTeam;
        // The event's team is the payload's own team: the payload's enterprise is the actor's.
        if (eventTeam is not null && eventTeam == Str(p, "team_id")) return Str(p, "enterprise_id");
        return null;
    }

    private static string? ActorTeam(JsonElement p)
    {
        var e = p.GetProperty("event");
        if (Str(e, "type") == "app_mention")
        {
            // user_team on a mention can be an org id (E…): then the workspace cannot be known from the payload.
            var userTeam = Str(e, "user_team");
            if (userTeam is null) return Str(e, "team");
            return userTeam.StartsWith('T') ? userTeam : null;
        }
        var eventTeam = EventTeam(p);
        if (eventTeam is null) return null;
        if (eventTeam.StartsWith('T')) return eventTeam;
        // An org id: the payload names the workspace when it is that org's.
        return eventTeam == Str(p, "enterprise_id") ? Str(p, "team_id") : null;
    }

    private static JsonElement? FirstAuthorization(JsonElement p) =>
        p.TryGetProperty("authorizations", out var a) && a.ValueKind == JsonValueKind.Array && a.GetArrayLength() > 0 ? a[0] : null;

    internal static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
