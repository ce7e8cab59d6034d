using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Knowledge;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>
/// The rating buttons under an assistant's answer in Teams: Action.Submit (the answer card stays as it is; an
/// Action.Execute would have replaced it with the thanks), kept for the asker, refused for anyone else.
/// </summary>
public sealed class TeamsAnswerFeedbackTests : IAsyncLifetime
{
    private FakeBotFramework _fake = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _host = TeamsHost.Create(_fake);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _fake.DisposeAsync();
    }

    private string LastSaid() => Regex.Unescape(_fake.Sent()[^1].Activity.ToJsonString());

    [Fact]
    public async Task AskerRates_ByActionSubmit_ReplayStaysOne_SomeoneElseIsRefused()
    {
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "how long is a deal registration protected?"));
        var card = _fake.Sent()[^1].Activity["attachments"]![0]!["content"]!;
        var buttons = card["body"]!.AsArray().Where(e => (string?)e!["type"] == "ActionSet").SelectMany(s => s!["actions"]!.AsArray())
            .Where(a => (string?)a!["data"]!["pb.action"] == AssistantActions.Rate).ToList();
        Assert.Equal(["👍 Helpful", "👎 Not helpful", "This didn't answer my question"], buttons.Select(b => (string)b!["title"]!));
        Assert.All(buttons, b => Assert.Equal("Action.Submit", (string?)b!["type"]));
        var missed = buttons.Single(b => (string?)b!["data"]!["rating"] == AssistantActions.Ratings.DidNotAnswer)!["data"]!;

        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "", value: missed.DeepClone()));
        Assert.Contains("your question still needs an answer", LastSaid());
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "", value: missed.DeepClone()));
        Assert.Contains("You've already rated this answer that way.", LastSaid());

        var lena = (JsonObject)missed.DeepClone();
        lena["rating"] = AssistantActions.Ratings.Helpful;
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "", aad: Demo.LenaAad, name: "Lena", conversationId: "a:lena-personal", value: lena));
        Assert.Contains("Only the person who asked can rate this answer.", LastSaid());

        var stored = await _host.WithDbAsync(db => db.KnowledgeAnswers.AsNoTracking().SingleAsync());
        Assert.Equal(AnswerRating.DidNotAnswer, stored.Rating);
    }
}
