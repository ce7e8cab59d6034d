using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Conversations;
using PartnerBot.Notifications;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

/// <summary>
/// What could not be delivered is never moved somewhere nobody reads: it is marked failed with the reason, and an
/// administrator lists it ("failed deliveries", in their words) and tries it again.
/// </summary>
public sealed class FailedDeliveriesTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Admin_SeesEachFailureWithItsReason_AndRetriesIt()
    {
        var id = await FailedMessageAsync("acme-jane", "slack: channel_not_found");
        var sam = _host.Chat("admin-sam");

        var list = await sam.SayAsync("failed deliveries");
        var html = list[^1].Html!;
        Assert.Contains("Jane Porter", html);
        Assert.Contains("channel_not_found", html);

        var retry = WebChatClient.ActionData(html, FailedDeliveryActions.Retry);
        var answer = await sam.ActAsync(FailedDeliveryActions.Retry, retry, "Retry");
        Assert.Contains($"Delivery #{id} will be tried again now.", answer[^1].Html);
        var row = await _host.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Id == id));
        Assert.Null(row.FailedAt);
        Assert.Equal(0, row.Attempts);

        // Pressed again (a double click): nothing is failed any more, and it says so.
        var again = await sam.ActAsync(FailedDeliveryActions.Retry, retry, "Retry");
        Assert.Contains($"Delivery #{id} is not (or no longer) failed.", again[^1].Html);
    }

    [Theory]
    [InlineData("undelivered")]
    [InlineData("nieudane dostawy")]
    [InlineData("penghantaran gagal")]
    [InlineData("发送失败")]
    public async Task NothingFailed_SaysSo_InAnyProgramLanguage(string words)
    {
        var answer = await _host.Chat("admin-sam").SayAsync(words);
        Assert.Contains("Nothing has failed to deliver.", answer[^1].Html);
    }

    [Fact]
    public async Task NotForPartners_NorForTheirPressOfTheRetryButton()
    {
        var id = await FailedMessageAsync("acme-tom", "teams: 403 Forbidden");
        var jane = _host.Chat("acme-jane");

        var list = await jane.SayAsync("failed deliveries");
        Assert.DoesNotContain("403 Forbidden", string.Join("", list.Select(m => m.Html)));

        var forged = new Dictionary<string, string> { ["kind"] = "outbox", ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await jane.ActAsync(FailedDeliveryActions.Retry, forged, "Retry");
        Assert.NotNull((await _host.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Id == id))).FailedAt);
    }

    private Task<long> FailedMessageAsync(string person, string reason) => _host.WithDbAsync(async db =>
    {
        var now = _host.Clock.GetUtcNow();
        var message = new OutboxMessage
        {
            RecipientPersonId = person,
            ReplyJson = JsonSerializer.Serialize(Reply.Text("Your deal DR-FAIL01 was approved."), Notifier.Json),
            CreatedAt = now,
            NextAttemptAt = now,
            Attempts = 8,
            FailedAt = now,
            LastError = reason,
        };
        db.Outbox.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    });
}
