using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Conversations;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// The last message of an answer and "the delivery is done" are one write (issue 19): each delivery still ends done,
/// with every message it sent counted and its claim released, and a message that could not be sent is not counted, so
/// the retry sends it (once) instead of the delivery being closed without it.
/// </summary>
public sealed class SlackInboxDoneTests
{
    [Fact]
    public async Task Commands_from_partners_in_four_languages_at_once_each_end_done_with_their_answer_counted()
    {
        await using var t = await SlackTestHost.StartAsync();
        (string Team, string User, string Text)[] asks =
        [
            ("T0ACMEINT", "U0ACMEJANE", "help"),
            ("T0KEDAIAWAN", "U0KEDAISYAH", "urus niaga saya"),
            ("T0LOTUSCLD", "U0LOTUSWEI", "我的商机"),
            ("T0WISLASYS", "U0WISLAPIOTR", "moje transakcje"),
            ("T0ACMEINT", "U0ACMEJANE", "my deals"),
            ("T0STRANGER", "U0NOBODY", "show me every partner's deals"),
        ];
        var answers = await Task.WhenAll(asks.Select(a => t.PostCommandAsync(SlackTestHost.Command(a.Team, a.User, a.Text, "D0" + a.User, "directmessage"))));
        Assert.All(answers, r => Assert.Equal(200, (int)r.StatusCode));
        await t.IdleAsync();
        Assert.Empty(t.Host.Services.GetRequiredService<InboxWorker>().Failures);

        var rows = await t.Host.WithDbAsync(db => db.Inbox.AsNoTracking().OrderBy(i => i.Id).ToListAsync());
        Assert.Equal(asks.Length, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal(InboxState.Done, row.State);
            Assert.Null(row.LockedBy);
            Assert.Null(row.LockedUntil);
            Assert.Null(row.LastError);
            Assert.Equal(t.Host.Clock.GetUtcNow(), row.CompletedAt);
            // Counted as sent: exactly the messages stored as the turn's answer, each of which reached Slack.
            var stored = InboxAnswer.Deserialize(row.ResultJson!);
            Assert.Equal(stored.Replies.Count, row.RepliesSent);
            Assert.True(row.RepliesSent > 0);
        }
        // Each asker got their own answers and nobody else's: the stranger only the onboarding.
        var posts = t.Slack.Posts.Where(p => p.Method == "chat.postMessage").ToList();
        Assert.Equal(rows.Sum(r => r.RepliesSent), posts.Count);
        var stranger = Assert.Single(posts, p => p.Channel == "D0U0NOBODY");
        Assert.Contains("who you are yet", stranger.BlocksJson);
        Assert.DoesNotContain("DR-", Regex.Unescape(stranger.Args.ToJsonString()));
    }

    [Fact]
    public async Task A_host_with_no_workers_acknowledges_and_stores_only_and_a_host_with_workers_on_the_same_database_answers()
    {
        await using var acks = await SlackTestHost.StartAsync(new Dictionary<string, string?> { ["Inbox:Workers"] = "0" });
        var answer = await acks.PostCommandAsync(SlackTestHost.Command("T0ACMEINT", "U0ACMEJANE", "help", "D0U0ACMEJANE", "directmessage"));
        Assert.Equal(200, (int)answer.StatusCode);

        // Asked to be idle, this host never is: it runs no turn, however often it is woken (WhenIdleAsync wakes it).
        await Assert.ThrowsAsync<TimeoutException>(() => acks.Host.Services.GetRequiredService<InboxWorker>().WhenIdleAsync(TimeSpan.FromSeconds(1)));
        var stored = Assert.Single(await acks.Host.WithDbAsync(db => db.Inbox.AsNoTracking().ToListAsync()));
        Assert.Equal(InboxState.Received, stored.State);
        Assert.Null(stored.LockedBy);
        Assert.Empty(acks.Slack.Posts);

        // A host with workers, sharing the database, runs it and answers.
        await using var turns = await SlackTestHost.StartAsync(databasePath: acks.Host.DatabasePath);
        await turns.IdleAsync();
        var done = Assert.Single(await turns.Host.WithDbAsync(db => db.Inbox.AsNoTracking().ToListAsync()));
        Assert.Equal(InboxState.Done, done.State);
        Assert.Contains(turns.Slack.Posts, p => p.Channel == "D0U0ACMEJANE");
        Assert.Empty(acks.Slack.Posts);
    }

    [Fact]
    public async Task A_reply_Slack_refused_is_not_counted_and_the_retry_sends_it_once_then_the_delivery_is_done()
    {
        await using var t = await SlackTestHost.StartAsync();
        t.Slack.Script("chat.postMessage", 500, """{"ok":false,"error":"internal_error"}""");
        await t.PostCommandAsync(SlackTestHost.Command("T0KEDAIAWAN", "U0KEDAISYAH", "bantuan", "D0KEDAISYAH", "directmessage"));
        await t.IdleAsync();

        var waiting = await t.Host.WithDbAsync(db => db.Inbox.AsNoTracking().SingleAsync());
        Assert.Equal(InboxState.Answered, waiting.State); // the turn ran and its answer is stored; nothing counted as sent
        Assert.Equal(0, waiting.RepliesSent);
        Assert.Equal(1, waiting.Attempts);
        Assert.Null(waiting.CompletedAt);
        Assert.Contains("http_500", waiting.LastError);
        Assert.Single(t.Slack.Calls, c => c.Method == "chat.postMessage"); // the refused one

        t.Host.Clock.Advance(TimeSpan.FromMinutes(1));
        await t.IdleAsync();
        var done = await t.Host.WithDbAsync(db => db.Inbox.AsNoTracking().SingleAsync());
        Assert.Equal(InboxState.Done, done.State);
        Assert.Equal(1, done.RepliesSent);
        Assert.Null(done.LastError);
        Assert.Null(done.LockedBy);
        var sent = t.Slack.Calls.Where(c => c.Method == "chat.postMessage").ToList();
        Assert.Equal(2, sent.Count); // the refused one, then the retry: the answer reached Aisyah once
        Assert.Contains("Nur Aisyah", Regex.Unescape(sent[1].Args.ToJsonString()));
    }
}
