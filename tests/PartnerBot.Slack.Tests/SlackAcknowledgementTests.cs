using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// An acknowledgement records the request's signature and stores its delivery in one write. Seen from outside, with
/// real signed HTTP requests sent several at once: a copy of a request is refused before anything else happens to it
/// (whatever it would otherwise have been answered), copies and Slack's retries racing each other store one delivery,
/// and every 200 arrives after its delivery is in the database.
/// </summary>
public sealed class SlackAcknowledgementTests
{
    private const string Json = "application/json";
    private const string FormType = "application/x-www-form-urlencoded";

    private sealed record Signed(string Path, string Body, string ContentType, long Timestamp, string Signature);

    private static Signed Sign(string path, string body, string contentType, long timestamp) =>
        new(path, body, contentType, timestamp,
            SlackRequestVerifier.Sign(SlackTestHost.Secret, timestamp.ToString(CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes(body)));

    private static Task<HttpResponseMessage> SendAsync(SlackTestHost t, Signed r, int? retryNum = null) =>
        t.SendSignedAsync(r.Path, r.Body, r.ContentType, r.Timestamp, r.Signature, retryNum);

    private static Task<int> InboxRowsAsync(SlackTestHost t, string marker) =>
        t.Host.WithDbAsync(db => db.Inbox.CountAsync(i => i.Payload.Contains(marker)));

    private static async Task AssertReplayedAsync(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal("This request was already received.", (await SlackTestHost.BodyAsync(r))!["detail"]!.ToString());
    }

    private static string CommandBody(string trigger, string text = "help") =>
        SlackTestHost.Form(new Dictionary<string, string>(SlackTestHost.Command("T0ACMEINT", "U0ACMEJANE", text, "C0ACME")) { ["trigger_id"] = trigger });

    private static string PressBody(string trigger) => SlackTestHost.Form(new Dictionary<string, string>
    {
        ["payload"] = $$"""{"type":"block_actions","trigger_id":"{{trigger}}","team":{"id":"T0ACMEINT"},"user":{"id":"U0ACMEJANE","team_id":"T0ACMEINT"},"channel":{"id":"D0DMJANE"},"actions":[{"action_id":"command","value":"help","type":"button"}]}""",
    });

    [Theory]
    [InlineData("event")]
    [InlineData("command")]
    [InlineData("interaction")]
    public async Task ACopiedRequest_SentEightTimesAtOnce_IsAcknowledgedOnce_TheCopiesRefused_AndOneDeliveryStored(string kind)
    {
        await using var t = await SlackTestHost.StartAsync();
        var marker = $"{kind}-{Guid.NewGuid():N}"[..20];
        var request = kind switch
        {
            "event" => Sign("/slack/events", SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "help", marker).ToJsonString(), Json, t.Now),
            "command" => Sign("/slack/commands", CommandBody(marker), FormType, t.Now),
            _ => Sign("/slack/interactivity", PressBody(marker), FormType, t.Now),
        };

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => SendAsync(t, request))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK)) await AssertReplayedAsync(refused);
        Assert.Equal(1, await InboxRowsAsync(t, marker));
        await t.IdleAsync();
        Assert.Single(t.Slack.Calls, c => c.Method is "chat.postMessage" or "chat.postEphemeral");
    }

    /// <summary>Requests answered without storing a delivery: the first gets its answer, a copy is refused all the same.</summary>
    [Theory]
    [InlineData("/slack/events", """{"type":"event_callback","event_id":"Ev-ignored","event":{"type":"reaction_added","user":"U0ACMEJANE"}}""", Json, 200)]
    [InlineData("/slack/events", """{"type":"url_verification","challenge":"chal-123"}""", Json, 200)]
    [InlineData("/slack/events", "{not json", Json, 400)]
    [InlineData("/slack/events", """{"type":"event_callback","event_id":"Ev-noevent"}""", Json, 400)]
    [InlineData("/slack/commands", "text=deal", FormType, 400)]
    [InlineData("/slack/interactivity", "nothing=here", FormType, 400)]
    [InlineData("/slack/interactivity", "payload=%7Bbroken", FormType, 400)]
    [InlineData("/slack/interactivity", "payload=%7B%22type%22%3A%22block_suggestion%22%7D", FormType, 200)]
    public async Task ARequestThatStoresNothing_IsAnsweredTheFirstTime_AndItsCopyIsRefusedAsAReplay(string path, string body, string contentType, int first)
    {
        await using var t = await SlackTestHost.StartAsync();
        var request = Sign(path, body, contentType, t.Now);

        var answer = await SendAsync(t, request);
        var copies = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SendAsync(t, request))));

        Assert.Equal((HttpStatusCode)first, answer.StatusCode);
        foreach (var copy in copies) await AssertReplayedAsync(copy);
        Assert.Equal(0, await t.Host.WithDbAsync(db => db.Inbox.CountAsync()));
        Assert.Equal(1, await t.Host.WithDbAsync(db => db.SeenSignatures.CountAsync()));
    }

    /// <summary>
    /// One event delivered many times at once, to two hosts sharing the database: Slack's retries, each signed anew with
    /// X-Slack-Retry-Num, and copies of the first delivery. Every signing is acknowledged once (a retry with 200, as
    /// Slack needs), every copy is refused, and the event is stored and answered once.
    /// </summary>
    [Fact]
    public async Task RetriesAndCopiesOfOneEvent_AtOnce_OnTwoHosts_StoreOneDelivery_AndEachSigningIsAcknowledgedOnce()
    {
        await using var a = await SlackTestHost.StartAsync();
        await using var b = await SlackTestHost.StartAsync(databasePath: a.Host.DatabasePath);
        var eventId = $"Ev-race-{Guid.NewGuid():N}"[..20];
        var body = SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "help", eventId).ToJsonString();
        // Six signings a second apart (the first delivery and five retries), and the first one copied three more times.
        var signings = Enumerable.Range(0, 6).Select(k => Sign("/slack/events", body, Json, a.Now - k)).ToList();
        var sends = signings.Select((s, k) => (Signing: k, Host: k % 2 == 0 ? a : b, Retry: k == 0 ? (int?)null : k))
            .Concat(Enumerable.Range(0, 3).Select(c => (Signing: 0, Host: c % 2 == 0 ? b : a, Retry: (int?)null)))
            .ToList();

        var responses = await Task.WhenAll(sends.Select(s => Task.Run(async () => (s.Signing, Response: await SendAsync(s.Host, signings[s.Signing], s.Retry)))));

        foreach (var signing in responses.GroupBy(r => r.Signing))
        {
            Assert.Single(signing, r => r.Response.StatusCode == HttpStatusCode.OK);
            foreach (var copy in signing.Where(r => r.Response.StatusCode != HttpStatusCode.OK)) await AssertReplayedAsync(copy.Response);
        }
        Assert.Equal(1, await InboxRowsAsync(a, eventId));
        Assert.Equal(6, await a.Host.WithDbAsync(db => db.SeenSignatures.CountAsync()));
        await a.IdleAsync();
        await b.IdleAsync();
        Assert.Equal(1, a.Slack.Calls.Count(c => c.Method == "chat.postMessage") + b.Slack.Calls.Count(c => c.Method == "chat.postMessage"));
    }

    /// <summary>
    /// Twenty-four commands at once to a host that only acknowledges (its turns run elsewhere): the moment each 200
    /// arrives, its delivery is read from the database on a connection of its own, as another host would read it; a
    /// host with workers on the same database then runs each one.
    /// </summary>
    [Fact]
    public async Task EveryAcknowledgedCommand_IsAlreadyStored_WhenItsAcknowledgementArrives()
    {
        await using var t = await SlackTestHost.StartAsync(new Dictionary<string, string?> { ["Inbox:Workers"] = "0" });
        var triggers = Enumerable.Range(0, 24).Select(i => $"trig-ack-{i:00}-{Guid.NewGuid():N}"[..24]).ToList();

        var seen = await Task.WhenAll(triggers.Select(trigger => Task.Run(async () =>
        {
            var response = await SendAsync(t, Sign("/slack/commands", CommandBody(trigger), FormType, t.Now));
            return (response.StatusCode, Stored: await InboxRowsAsync(t, trigger));
        })));

        Assert.All(seen, s => Assert.Equal((HttpStatusCode.OK, 1), s));
        Assert.Equal(24, await t.Host.WithDbAsync(db => db.Inbox.CountAsync()));
        Assert.Equal(24, await t.Host.WithDbAsync(db => db.SeenSignatures.CountAsync()));

        await using var turns = await SlackTestHost.StartAsync(databasePath: t.Host.DatabasePath);
        await turns.IdleAsync();
        Assert.Equal(24, await turns.Host.WithDbAsync(db => db.Inbox.CountAsync(i => i.State == PartnerBot.Conversations.InboxState.Done)));
    }
}
