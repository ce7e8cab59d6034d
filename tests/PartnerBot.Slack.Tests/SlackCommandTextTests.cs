namespace PartnerBot.Slack.Tests;

public sealed class SlackCommandTextTests
{
    [Theory]
    [InlineData("", "help")]
    [InlineData("help", "help")]
    [InlineData("deal", "register a deal")]
    [InlineData("DEAL", "register a deal")]
    [InlineData("deals", "my deals")]
    [InlineData("commission", "my commission")]
    [InlineData("content", "content")]
    [InlineData("mdf", "mdf")]
    [InlineData("tier", "my tier")]
    [InlineData("settings", "settings")]
    [InlineData("ask what is the referral rate?", "what is the referral rate?")]
    [InlineData("ask", "help")]
    [InlineData("frobnicate now", "help")]
    [InlineData("deals open", "my deals open")]
    public void Subcommand_MapsToTheProductsWords(string text, string expected) =>
        Assert.Equal(expected, SlackCommandText.ToProductText(text));
}
