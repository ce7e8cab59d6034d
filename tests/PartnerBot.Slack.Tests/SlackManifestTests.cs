using PartnerBot.Testing;

namespace PartnerBot.Slack.Tests;

/// <summary>The manifests ask for what the code handles: the events, the command, the shortcuts, the endpoints.</summary>
public sealed class SlackManifestTests
{
    private static string Read(string name) => File.ReadAllText(Path.Combine(Peers.RepositoryRoot, "manifests", "slack", name));

    [Theory]
    [InlineData("manifest.yaml")]
    [InlineData("manifest.socket-mode.yaml")]
    public void Manifest_ListsTheHandledEventsCommandAndShortcuts(string name)
    {
        var manifest = Read(name);
        foreach (var e in new[] { "app_home_opened", "app_mention", "assistant_thread_started", "member_joined_channel", "message.im" })
            Assert.Contains($"      - {e}\n", manifest);
        Assert.Contains("command: /partner", manifest);
        foreach (var callback in SlackCommandText.Shortcuts.Keys.Append("partner_ask"))
            Assert.Contains($"callback_id: {callback}\n", manifest);
        Assert.Contains("home_tab_enabled: true", manifest);
        Assert.Contains("  assistant_view:\n", manifest);
        Assert.Contains("      - assistant:write ", manifest);
    }

    [Fact]
    public void HttpManifest_PointsAtTheMappedEndpoints_SocketModeHasNoUrls()
    {
        var http = Read("manifest.yaml");
        Assert.Contains("request_url: https://partnerbot.example.com/slack/events", http);
        Assert.Contains("request_url: https://partnerbot.example.com/slack/interactivity", http);
        Assert.Contains("url: https://partnerbot.example.com/slack/commands", http);
        Assert.Contains("socket_mode_enabled: false", http);
        var socket = Read("manifest.socket-mode.yaml");
        Assert.DoesNotContain("url:", socket);
        Assert.Contains("socket_mode_enabled: true", socket);
    }
}
