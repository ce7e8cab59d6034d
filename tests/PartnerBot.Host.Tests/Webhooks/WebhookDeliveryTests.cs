using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Testing;
using static PartnerBot.Host.Tests.Deals.DealTestKit;

namespace PartnerBot.Host.Tests.Webhooks;

/// <summary>
/// Issue 16 point 4, from the receiver's side: a deal registered in the web chat reaches a real HTTP receiver signed so
/// that the receiver's own check accepts it; a receiver that fails or does not answer is retried with the outbox's
/// backoff; the delivery log shows each attempt; a delivery can be replayed; the command line refuses bad input.
/// </summary>
public sealed class WebhookDeliveryTests : WebhookTestHost
{
    private Task<T> DbAsync<T>(Func<PartnerBot.Storage.PartnerBotDb, Task<T>> work) => _host.WithDbAsync(work);

    [Fact]
    public async Task DealRegisteredInTheWebChat_IsPostedSigned_AndTheReceiversOwnCheckAcceptsIt()
    {
        var (_, secret) = await WebhookCli.AddAsync(_host, _receiver.Url("crm"), "deal.registered", "deal.approved");

        var answer = await RegisterAsync(_host.Chat("acme-jane"), Form("Zenith Robotics Inc", website: "zenith-robotics.example"));
        Assert.Contains("Approved", Read(answer));
        Assert.Empty(_receiver.Posts); // the turn only queued it: no receiver is ever called inside a turn

        await _host.DeliverOutboxAsync();

        var posts = _receiver.At("crm");
        Assert.Equal(["deal.registered", "deal.approved"], posts.Select(p => p.Type));
        foreach (var post in posts)
        {
            Assert.True(WebhookReceiver.Verifies(post, secret, _host.Clock.GetUtcNow()), post.Text);
            Assert.Equal(_host.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), post.Header("X-PartnerBot-Timestamp"));
            Assert.Equal(post.Type, post.Header("X-PartnerBot-Event"));
            Assert.StartsWith("application/json", post.Header("Content-Type"), StringComparison.Ordinal);
            Assert.Equal("acme", post.Json.GetProperty("organisationId").GetString());
            var data = post.Json.GetProperty("data");
            Assert.Equal("Zenith Robotics Inc", data.GetProperty("companyName").GetString());
            Assert.Equal("Approved", data.GetProperty("status").GetString());
            Assert.Equal("zenith-robotics.example", data.GetProperty("domain").GetString());
        }
        Assert.NotEqual(posts[0].EventId, posts[1].EventId);

        // The check can fail: another secret, a changed body, an old timestamp.
        var first = posts[0];
        // Another secret: its first character changed (replacing one letter changed nothing when the random secret lacked it).
        var other = (secret[0] == 'x' ? 'y' : 'x') + secret[1..];
        Assert.False(WebhookReceiver.Verifies(first, other, _host.Clock.GetUtcNow()));
        Assert.False(WebhookReceiver.Verifies(first with { Body = [.. first.Body, (byte)' '] }, secret, _host.Clock.GetUtcNow()));
        Assert.False(WebhookReceiver.Verifies(first, secret, _host.Clock.GetUtcNow().AddMinutes(6)));
    }

    [Fact]
    public async Task ReceiverAnswering500_IsRetriedWithTheOutboxBackoff_ThenDelivered_AndTheLogShowsEachAttempt()
    {
        var (id, secret) = await WebhookCli.AddAsync(_host, _receiver.Url("hook"), "deal.registered");
        _receiver.Script.Enqueue(500);
        _receiver.Script.Enqueue(503);

        await RegisterAsync(_host.Chat("borealis-lena"), Form("Fjord Analytics AS"));
        await _host.DeliverOutboxAsync();
        Assert.Single(_receiver.Posts);

        // Outbox:FirstRetryDelay is 5 s, doubled per attempt: nothing before it is due.
        _host.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, await _host.DeliverOutboxAsync());
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        await _host.DeliverOutboxAsync();
        Assert.Equal(2, _receiver.Posts.Count);
        _host.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, await _host.DeliverOutboxAsync());
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        await _host.DeliverOutboxAsync();

        var posts = _receiver.At("hook");
        Assert.Equal(3, posts.Count);
        Assert.Single(posts.Select(p => p.Text).Distinct()); // the same event each time, signed anew
        Assert.All(posts, p => Assert.True(WebhookReceiver.Verifies(p, secret, _host.Clock.GetUtcNow())));
        Assert.Equal(3, posts.Select(p => p.Header("X-PartnerBot-Timestamp")).Distinct().Count());

        var (code, log) = await WebhookCli.RunAsync(_host, "deliveries", id);
        Assert.Equal(0, code);
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches($@"^#\d+  {id}  deal\.registered  delivered  queued 2026-11-23 09:00:00Z$", lines[0]);
        Assert.StartsWith("2026-11-23 09:00:00Z  attempt 1  HTTP 500", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2026-11-23 09:00:05Z  attempt 2  HTTP 503", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("2026-11-23 09:00:15Z  attempt 3  HTTP 200", lines[3], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public async Task ReceiverThatDoesNotAnswerInTime_IsRetried_AndTheTurnNeverWaitsForIt()
    {
        var (_, secret) = await WebhookCli.AddAsync(_host, _receiver.Url("slow"), "deal.registered");
        _receiver.Script.Enqueue(WebhookReceiver.NoAnswer);

        var answer = await RegisterAsync(_host.Chat("kedai-aisyah"), Form("Syarikat Awan Biru"));
        Assert.Contains("Syarikat Awan Biru", Read(answer));

        var delivering = _host.DeliverOutboxAsync();
        await _receiver.WaitForPostAsync();
        Assert.False(delivering.IsCompleted);
        _host.Clock.Advance(TimeSpan.FromSeconds(10)); // Webhooks:Timeout, on the program's clock
        await delivering;

        var row = await DbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Channel == "webhook"));
        Assert.Null(row.DeliveredAt);
        Assert.Null(row.FailedAt);
        Assert.Equal("webhook: No answer within 10 s.", row.LastError);
        Assert.Equal(_host.Clock.GetUtcNow() + TimeSpan.FromSeconds(5), row.NextAttemptAt);

        _host.Clock.Advance(TimeSpan.FromSeconds(5));
        await _host.DeliverOutboxAsync();
        row = await DbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Channel == "webhook"));
        Assert.NotNull(row.DeliveredAt);
        Assert.Equal(2, _receiver.Posts.Count);
        Assert.True(WebhookReceiver.Verifies(_receiver.Posts.Last(), secret, _host.Clock.GetUtcNow()));
        var attempts = await DbAsync(db => db.WebhookAttempts.AsNoTracking().OrderBy(a => a.Id).Select(a => a.StatusCode).ToListAsync());
        Assert.Equal([null, 200], attempts);
    }

    [Fact]
    public async Task NoAnswer_IsGivenUpWhenTheOutboxClaimEnds_EvenBeforeTheTimeout()
    {
        // A lease shorter than Webhooks:Timeout (10 s): the send must not outlast this host's claim on the message.
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["Outbox:Lease"] = "00:00:03" });
        await WebhookCli.AddAsync(host, _receiver.Url("lease"), "deal.registered");
        _receiver.Script.Enqueue(WebhookReceiver.NoAnswer);
        await RegisterAsync(host.Chat("acme-tom"), Form("Lighthouse Retail"));

        var delivering = host.DeliverOutboxAsync();
        await _receiver.WaitForPostAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(3));
        await delivering;

        var row = await host.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Channel == "webhook"));
        // The outbox cuts every send off at three quarters of its lease (2.25 s here), the webhook's own timeout included.
        Assert.Equal("webhook: no answer within 00:00:02.2500000 (three quarters of Outbox:Lease); sent again later", row.LastError);
        Assert.Null(row.DeliveredAt);
    }

    [Fact]
    public async Task ReceiverThatRefuses_FailsAtOnce_ThenReplay_SendsTheSameEventAgain()
    {
        var (id, secret) = await WebhookCli.AddAsync(_host, _receiver.Url("strict"), "deal.registered");
        _receiver.Script.Enqueue(401); // say the receiver had the wrong secret configured

        await RegisterAsync(_host.Chat("wisla-piotr"), Form("Stocznia Północ Sp. z o.o."));
        await _host.DeliverOutboxAsync();
        _host.Clock.Advance(TimeSpan.FromHours(2));
        await _host.DeliverOutboxAsync();
        Assert.Single(_receiver.Posts); // a refusal is not retried
        var failed = await DbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Channel == "webhook" && m.RecipientPersonId == id));
        Assert.NotNull(failed.FailedAt);
        Assert.Equal("webhook: HTTP 401: the receiver refused the delivery.", failed.LastError);

        // Administrators see it among the failed deliveries, named by the address it goes to.
        var failedList = ReadAll(await _host.Chat("admin-sam").SayAsync("failed deliveries"));
        Assert.Contains($"{id} {_receiver.Url("strict")}", failedList);
        Assert.Contains("HTTP 401: the receiver refused the delivery.", failedList);

        var (code, output) = await WebhookCli.RunAsync(_host, "replay", $"#{failed.Id}");
        Assert.Equal(0, code);
        Assert.Equal($"Delivery #{failed.Id} will be sent again at the next outbox pass.", output.Trim());
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        await _host.DeliverOutboxAsync();

        var posts = _receiver.At("strict");
        Assert.Equal(2, posts.Count);
        Assert.Equal(posts[0].Text, posts[1].Text); // the same event, the same id: a receiver that keeps ids sees a repeat
        Assert.NotEqual(posts[0].Header("X-PartnerBot-Timestamp"), posts[1].Header("X-PartnerBot-Timestamp"));
        Assert.True(WebhookReceiver.Verifies(posts[1], secret, _host.Clock.GetUtcNow()));
        Assert.Equal("Stocznia Północ Sp. z o.o.", posts[1].Json.GetProperty("data").GetProperty("companyName").GetString());
        var delivered = await DbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Id == failed.Id));
        Assert.NotNull(delivered.DeliveredAt);

        // A delivered one can be replayed too; an unknown id or a removed subscription is refused.
        Assert.Equal(0, (await WebhookCli.RunAsync(_host, "replay", failed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).Code);
        await _host.DeliverOutboxAsync();
        Assert.Equal(3, _receiver.At("strict").Count);
        Assert.Equal((1, "No webhook delivery #999999."), Trimmed(await WebhookCli.RunAsync(_host, "replay", "999999")));
        Assert.Equal((2, "'DR-1' is not a delivery id: `webhooks deliveries` shows them (#42)."), Trimmed(await WebhookCli.RunAsync(_host, "replay", "DR-1")));
        Assert.Equal(0, (await WebhookCli.RunAsync(_host, "remove", id)).Code);
        Assert.Equal((1, $"Delivery #{failed.Id} belongs to a removed subscription."), Trimmed(await WebhookCli.RunAsync(_host, "replay", $"#{failed.Id}")));
    }

    [Fact]
    public async Task RemovedSubscription_GetsNothingMore_AndWhatWasWaitingFails()
    {
        var (id, _) = await WebhookCli.AddAsync(_host, _receiver.Url("gone"), "deal.registered");
        await RegisterAsync(_host.Chat("acme-jane"), Form("Orchid Labs"));
        Assert.Equal((0, $"Removed {id}: nothing more is sent to it; its delivery log stays."), Trimmed(await WebhookCli.RunAsync(_host, "remove", id)));
        await RegisterAsync(_host.Chat("acme-jane"), Form("Peony Labs"));
        await _host.DeliverOutboxAsync();

        Assert.Empty(_receiver.Posts);
        var rows = await DbAsync(db => db.Outbox.AsNoTracking().Where(m => m.Channel == "webhook" && m.RecipientPersonId == id).ToListAsync());
        var row = Assert.Single(rows); // Peony Labs was registered after the removal: nothing queued
        Assert.Equal($"webhook: Subscription {id} was removed.", row.LastError);
        Assert.Equal("No webhook subscriptions.", (await WebhookCli.RunAsync(_host, "list")).Output.Trim());
        Assert.Equal((1, $"No webhook subscription '{id}'."), Trimmed(await WebhookCli.RunAsync(_host, "remove", id)));
    }

    [Theory]
    [InlineData("ftp://crm.example/hook", "'ftp://crm.example/hook' is not an http:// or https:// address.")]
    [InlineData("file:///etc/passwd", "'file:///etc/passwd' is not an http:// or https:// address.")]
    [InlineData("javascript:alert(1)", "'javascript:alert(1)' is not an http:// or https:// address.")]
    [InlineData("/relative/hook", "'/relative/hook' is not an http:// or https:// address.")]
    [InlineData("https://admin:hunter2@crm.example/hook", "The address carries a user name or password: leave them out; receivers check the signature instead.")]
    public async Task Add_RefusesAddressesThatAreNotHttp(string url, string refusal)
    {
        Assert.Equal((2, refusal), Trimmed(await WebhookCli.RunAsync(_host, "add", url, "deal.registered")));
        Assert.Equal(0, await DbAsync(db => db.WebhookSubscriptions.CountAsync()));
    }

    [Fact]
    public async Task Add_RefusesUnknownEventsAndOrganisations_ListShowsWhatWasAdded_NeverTheSecret()
    {
        var (code, output) = await WebhookCli.RunAsync(_host, "add", "https://crm.example/hook", "deal.registered", "deal.won", "umowa.zatwierdzona");
        Assert.Equal(2, code);
        Assert.StartsWith("Unknown events: deal.won, umowa.zatwierdzona. The events are: deal.registered, deal.approved,", output, StringComparison.Ordinal);
        Assert.Equal((2, "No partner organisation 'globex'."),
            Trimmed(await WebhookCli.RunAsync(_host, "add", "https://crm.example/hook", "deal.registered", "--organisation", "globex")));
        Assert.Equal(2, (await WebhookCli.RunAsync(_host, "add", "https://crm.example/hook")).Code);
        Assert.Equal(2, (await WebhookCli.RunAsync(_host, "frobnicate")).Code);
        Assert.Equal(0, await DbAsync(db => db.WebhookSubscriptions.CountAsync()));

        var (id, secret) = await WebhookCli.AddAsync(_host, "https://crm.example/hook", "tier.changed", "person.linked", "--organisation", "lotus");
        var list = (await WebhookCli.RunAsync(_host, "list")).Output.Trim();
        Assert.Equal($"{id}  https://crm.example/hook  tier.changed person.linked  organisation lotus  since 2026-11-23 09:00:00Z", list);
        Assert.DoesNotContain(secret, list);
        // The audit log records the subscription, without its secret.
        var audit = await DbAsync(db => db.AuditLog.AsNoTracking().Where(a => a.EntityType == "WebhookSubscription").ToListAsync());
        Assert.Contains("https://crm.example/hook", Assert.Single(audit).Changes);
        Assert.DoesNotContain(secret, audit[0].Changes);
    }

    private static (int, string) Trimmed((int Code, string Output) result) => (result.Code, result.Output.Trim());
}
