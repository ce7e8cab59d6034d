using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerBot.Conversations;
using PartnerBot.Observability;
using PartnerBot.Testing;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// A Slack delivery's log lines, from the turn to the answer's retry, carry one CorrelationId: its inbox row. An
/// operator follows one delivery through a busy log, and two people's deliveries never share an id.
/// </summary>
public sealed class SlackCorrelationTests
{
    [Fact]
    public async Task ADeliverysTurn_AndTheRetryOfItsAnswer_ShareOneCorrelationId()
    {
        var logs = new ScopedLogs();
        await using var t = await SlackTestHost.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:PartnerBot"] = "Debug" },
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        // Slack fails the first answer: the inbox worker says it will retry.
        t.Slack.Script("chat.postMessage", 500, """{"ok":false,"error":"internal_error"}""");

        await t.PostEventAsync(SlackTestHost.MessageIm("T0ACMEINT", "U0ACMEJANE", "my deals", "EvCorrJane"));
        await t.IdleAsync();
        t.Host.Clock.Advance(TimeSpan.FromMinutes(1));
        t.Host.Services.GetRequiredService<Inbox>().Signal();
        await t.IdleAsync();

        var row = await t.Host.WithDbAsync(db => db.Inbox.AsNoTracking().SingleAsync(i => i.DeliveryId == "EvCorrJane"));
        Assert.Equal(InboxState.Done, row.State);
        var id = $"inbox:{row.Id}";
        var turn = logs.Lines.Where(l => l.Scopes.GetValueOrDefault("Actor") as string == "acme-jane").ToList();
        Assert.Contains(turn, l => l.Message == "Command deal.mine");
        Assert.All(turn, l => Assert.Equal(id, l.Scopes[Telemetry.CorrelationIdScope]));
        var retry = Assert.Single(logs.Lines, l => l.Category == typeof(InboxWorker).FullName && l.Message.Contains("will be retried", StringComparison.Ordinal));
        Assert.Equal(id, retry.Scopes[Telemetry.CorrelationIdScope]);
    }
}
