using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerBot.PartnerVoice;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>
/// Issue 17, point 5, through Teams: Tom (Acme) answers the partner survey from its card (Action.Submit, the card
/// stays), types his reason, and asks for his QBR pack; Lena's forged press for another round changes nothing.
/// </summary>
public sealed class TeamsPartnerVoiceTests : IAsyncLifetime
{
    private FakeBotFramework _fake = null!;
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        // Teams opens only absolute links: the host's public address makes the CSV's link one.
        _host = TeamsHost.Create(_fake, settings: new Dictionary<string, string?> { ["Links:PublicBaseUrl"] = "https://partnerbot.example.com" });
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _fake.DisposeAsync();
    }

    private string LastSaid() => Regex.Unescape(_fake.Sent()[^1].Activity.ToJsonString());

    [Fact]
    public async Task PartnerAnswersFromTheCard_TypesAReason_AndGetsTheirQbr()
    {
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "survey", id: "nps-1"));
        var card = _fake.Sent()[^1].Activity["attachments"]![0]!["content"]!;
        Assert.Contains("How likely are you to recommend the", Regex.Unescape(card.ToJsonString()));
        var buttons = card["body"]!.AsArray().Where(e => (string?)e!["type"] == "ActionSet").SelectMany(s => s!["actions"]!.AsArray()).ToList();
        Assert.Equal(Enumerable.Range(0, 11).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), buttons.Select(b => (string)b!["title"]!));
        Assert.All(buttons, b => Assert.Equal("Action.Submit", (string?)b!["type"]));
        var nine = (JsonObject)buttons.Single(b => (string)b!["title"]! == "9")!["data"]!.DeepClone();

        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "", id: "nps-2", value: nine));
        Assert.Contains("Thanks! Your score: 9.", LastSaid());
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "Fast answers from our rep", id: "nps-3"));
        Assert.Contains("Thanks, your score and comment are saved.", LastSaid());
        var answer = await _host.WithDbAsync(db => db.SurveyAnswers.AsNoTracking().SingleAsync());
        Assert.Equal(("acme-tom", "acme", 9, "Fast answers from our rep"), (answer.PersonId, answer.OrganisationId, answer.Score, answer.Comment));

        var forged = (JsonObject)nine.DeepClone();
        forged["round"] = "3";
        var before = _fake.Sent().Count;
        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "", aad: Demo.LenaAad, name: "Lena", conversationId: "a:lena-personal", id: "nps-4", value: forged));
        // Lena's organisation is in another round: the press is refused, and her own question comes with it.
        var toLena = string.Join("\n", _fake.Sent().Skip(before).Select(s => Regex.Unescape(s.Activity.ToJsonString())));
        Assert.Contains("That survey has closed.", toLena);
        Assert.Contains("How likely are you to recommend the", toLena);
        Assert.Equal(1, await _host.WithDbAsync(db => db.SurveyAnswers.CountAsync()));

        await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "quarterly review", id: "qbr-1"));
        var qbr = LastSaid();
        Assert.Contains("Acme Integrations Ltd: quarterly business review, Q4 2026", qbr);
        Assert.Contains("Download as CSV", qbr);
        Assert.Contains("https://partnerbot.example.com/downloads/", qbr);
        Assert.DoesNotContain("Borealis", qbr);
    }
}
