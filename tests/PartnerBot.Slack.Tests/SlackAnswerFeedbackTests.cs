using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Knowledge;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// The rating buttons under an assistant's answer in Slack: pressed by the asker through block_actions the rating is
/// kept; pressed again (Slack retrying, a double click) it stays one; a colleague of the same organisation who sees
/// the answer in a channel cannot rate it.
/// </summary>
public sealed class SlackAnswerFeedbackTests
{
    private static string Said(SlackCall call) => System.Text.RegularExpressions.Regex.Unescape(call.Args.ToJsonString());

    private static JsonNode RatingButton(SlackCall post, string rating) => post.Blocks!
        .Where(b => (string?)b!["type"] == "actions").SelectMany(b => b!["elements"]!.AsArray())
        .Single(e => BlockKitRenderer.DecodeAction((string?)e!["value"]) is { Name: AssistantActions.Rate } a && a.Data["rating"] == rating)!;

    [Fact]
    public async Task AskerRatesInADm_ReplayStaysOne_AColleagueCannotRate()
    {
        await using var t = await SlackTestHost.StartAsync();
        await t.PostEventAsync(SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "how long is a deal registration protected?", "EvRate1"));
        await t.IdleAsync();
        var answer = t.Slack.Posts[^1];
        var labels = answer.Blocks!.Where(b => (string?)b!["type"] == "actions").SelectMany(b => b!["elements"]!.AsArray())
            .Select(e => (string)e!["text"]!["text"]!).ToList();
        Assert.Equal(["👍 Helpful", "👎 Not helpful", "This didn't answer my question"], labels);

        var notHelpful = RatingButton(answer, AssistantActions.Ratings.NotHelpful);
        t.Slack.Clear();
        await t.PostInteractionAsync(SlackTestHost.Presses("T0ACMEINT", "U0ACMEJANE", "D0DMJANE", notHelpful));
        await t.IdleAsync();
        Assert.Contains("the program team will see that this answer did not help", Said(t.Slack.Posts[^1]));

        t.Slack.Clear();
        await t.PostInteractionAsync(SlackTestHost.Presses("T0ACMEINT", "U0ACMEJANE", "D0DMJANE", notHelpful));
        await t.IdleAsync();
        Assert.Contains("You've already rated this answer that way.", Said(t.Slack.Posts[^1]));

        // Tom, of the same organisation, pressing the same button (as if he saw the answer in a shared channel).
        t.Slack.Clear();
        await t.PostInteractionAsync(SlackTestHost.Presses("T0ACMEINT", "U0ACMETOM", "D0DMTOM", RatingButton(answer, AssistantActions.Ratings.Helpful)));
        await t.IdleAsync();
        Assert.Contains("Only the person who asked can rate this answer.", Said(t.Slack.Posts[^1]));

        var stored = await t.Host.WithDbAsync(db => db.KnowledgeAnswers.AsNoTracking().SingleAsync());
        Assert.Equal(("acme-jane", AnswerRating.NotHelpful), (stored.AskedByPersonId, stored.Rating));
    }
}
