using System.Text.Json;

namespace PartnerBot.Teams.Tests;

public sealed class ActivityParsingTests
{
    private static Activity Parse(string json) => JsonSerializer.Deserialize<Activity>(json, ActivityJson.Options)!;

    [Fact]
    public void UnknownFields_AreIgnored()
    {
        var a = Parse("""{"type":"message","id":"1","text":"hi","brandNewField":{"deep":[1,2]},"from":{"id":"29:x","aadObjectId":"aad","extra":true}}""");
        Assert.Equal("message", a.Type);
        Assert.Equal("hi", a.Text);
        Assert.Equal("aad", a.From!.AadObjectId);
    }

    [Fact]
    public void Tenant_FromConversation_ElseChannelData()
    {
        Assert.Equal("t1", Parse("""{"conversation":{"id":"c","tenantId":"t1"},"channelData":{"tenant":{"id":"t2"}}}""").TenantId);
        Assert.Equal("t2", Parse("""{"conversation":{"id":"c"},"channelData":{"tenant":{"id":"t2"}}}""").TenantId);
        Assert.Null(Parse("""{"conversation":{"id":"c"},"channelData":"odd"}""").TenantId);
    }

    [Fact]
    public void BotMention_IsDetectedAndStripped_OtherMentionsKept()
    {
        var a = Parse("""
        {"type":"message","text":"<at>PartnerBot</at> my deals for <at>Maya</at>","recipient":{"id":"28:bot"},
         "entities":[{"type":"mention","text":"<at>PartnerBot</at>","mentioned":{"id":"28:bot","name":"PartnerBot"}},
                     {"type":"mention","text":"<at>Maya</at>","mentioned":{"id":"29:maya","name":"Maya"}},
                     {"type":"clientInfo","locale":"en-US"}]}
        """);
        Assert.True(a.MentionsRecipient());
        Assert.Equal("my deals for <at>Maya</at>", a.TextWithoutRecipientMention());
    }

    [Fact]
    public void OnlyOtherPeopleMentioned_DoesNotCountAsMentioningBot()
    {
        var a = Parse("""{"text":"<at>Maya</at> hi","recipient":{"id":"28:bot"},"entities":[{"type":"mention","text":"<at>Maya</at>","mentioned":{"id":"29:maya"}}]}""");
        Assert.False(a.MentionsRecipient());
    }

    [Fact]
    public void SubmitValue_BecomesActionWithStringValues()
    {
        var a = Parse("""{"value":{"pb.action":"dialog.submit","dialog":"d1","amount":1200,"agree":true,"empty":null}}""");
        var action = TeamsBot.SubmittedAction(a.Value)!;
        Assert.Equal("dialog.submit", action.Name);
        Assert.Equal("d1", action.Value("dialog"));
        Assert.Equal("1200", action.Value("amount"));
        Assert.Equal("true", action.Value("agree"));
        Assert.Equal("", action.Value("empty"));
        Assert.Null(action.Value("pb.action"));
    }

    [Fact]
    public void SubmitValue_WithoutActionName_IsNoAction() =>
        Assert.Null(TeamsBot.SubmittedAction(Parse("""{"value":{"x":"1"}}""").Value));

    [Fact]
    public void ExecuteValue_UsesDataNameElseVerb()
    {
        var withName = Parse("""{"value":{"action":{"type":"Action.Execute","verb":"deal.approve","data":{"pb.action":"deal.approve","id":"D-1"}}}}""");
        var verbOnly = Parse("""{"value":{"action":{"type":"Action.Execute","verb":"deal.reject"}}}""");
        Assert.Equal("deal.approve", TeamsBot.ExecutedAction(withName.Value)!.Name);
        Assert.Equal("D-1", TeamsBot.ExecutedAction(withName.Value)!.Value("id"));
        Assert.Equal("deal.reject", TeamsBot.ExecutedAction(verbOnly.Value)!.Name);
    }

    [Theory]
    [InlineData("personal", false, PartnerBot.Conversations.ConversationKind.Personal)]
    [InlineData("groupChat", true, PartnerBot.Conversations.ConversationKind.Group)]
    [InlineData("channel", true, PartnerBot.Conversations.ConversationKind.Channel)]
    [InlineData(null, true, PartnerBot.Conversations.ConversationKind.Group)]
    [InlineData(null, false, PartnerBot.Conversations.ConversationKind.Personal)]
    public void ConversationType_MapsToKind(string? type, bool isGroup, PartnerBot.Conversations.ConversationKind kind) =>
        Assert.Equal(kind, TeamsConversationKinds.Of(new ConversationAccount { Id = "c", ConversationType = type, IsGroup = isGroup }));
}
