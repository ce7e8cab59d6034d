using System.Reflection;
using Microsoft.Extensions.Logging;

namespace PartnerBot.Host.Tests.Architecture;

/// <summary>A log event id names one kind of event: alerts and dashboards filter on it, so no two messages share one.</summary>
public sealed class LogEventIdTests
{
    private static readonly Assembly[] Product =
    [
        typeof(PartnerBot.PartnerBotCore).Assembly,
        typeof(PartnerBot.Slack.SlackOptions).Assembly,
        typeof(PartnerBot.Teams.TeamsOptions).Assembly,
        typeof(Program).Assembly,
    ];

    private static List<(int Id, string Where, string Message)> AllLogMessages() =>
        Product.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Attribute!.EventId, $"{x.Method.DeclaringType!.FullName}.{x.Method.Name}", x.Attribute.Message))
            .ToList();

    [Fact]
    public void EveryLogMessage_HasItsOwnEventId()
    {
        var messages = AllLogMessages();
        Assert.True(messages.Count > 50, $"Found only {messages.Count} log messages: the scan misses assemblies.");
        var unnumbered = messages.Where(m => m.Id == 0).Select(m => m.Where).ToList();
        Assert.True(unnumbered.Count == 0, "Log messages without an event id:\n" + string.Join('\n', unnumbered));
        var shared = messages.GroupBy(m => m.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: " + string.Join(" | ", g.Select(m => $"{m.Where} (\"{m.Message}\")")))
            .ToList();
        Assert.True(shared.Count == 0, "Event ids used by more than one log message:\n" + string.Join('\n', shared));
    }
}
