using System.Text.RegularExpressions;
using PartnerBot.Host.Webhooks;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Webhooks;

/// <summary>Runs `webhooks …` against a test host's database, as an administrator would from the command line.</summary>
internal static partial class WebhookCli
{
    public static async Task<(int Code, string Output)> RunAsync(TestHost host, params string[] args)
    {
        var output = new StringWriter();
        var code = await WebhooksCommandLine.RunAsync(host.Services, ["webhooks", .. args], output);
        return (code, output.ToString());
    }

    /// <summary>`webhooks add`; returns the new subscription's id and the secret the command showed.</summary>
    public static async Task<(string Id, string Secret)> AddAsync(TestHost host, string url, params string[] eventsAndOptions)
    {
        var (code, output) = await RunAsync(host, ["add", url, .. eventsAndOptions]);
        Assert.True(code == 0, output);
        return (Added().Match(output).Groups[1].Value, Secret().Match(output).Value);
    }

    [GeneratedRegex(@"^Added (WH-[0-9A-F]{10}):", RegexOptions.Multiline)]
    private static partial Regex Added();

    [GeneratedRegex("whsec_[0-9a-f]{64}")]
    private static partial Regex Secret();
}
