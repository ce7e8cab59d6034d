using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PartnerBot.Notifications;
using PartnerBot.Storage;

namespace PartnerBot.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>How long a receiver has to answer; no answer in time is retried like a 500. The outbox cuts any send off at three quarters of Outbox:Lease.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Webhooks:Timeout must be between 1 second and 5 minutes (e.g. \"00:00:10\").")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Posts webhook deliveries from the outbox: the event's JSON, signed (<see cref="WebhookSignature"/>), to the
/// subscription's address, and writes each attempt to the delivery log. A 2xx delivers; no answer in time, 408, 425,
/// 429 and 5xx are retried by the outbox with its backoff (honouring Retry-After); a redirect or another 4xx is the
/// receiver's refusal, failed at once (fix the receiver, then `webhooks replay`). The secret goes into the signature
/// only: never into a log, an error or the delivery log.
/// </summary>
public sealed class WebhookSender(PartnerBotDb db, IHttpClientFactory http, TimeProvider clock, IOptions<WebhookOptions> options) : ISystemSender
{
    public const string ChannelName = "webhook";
    public const string HttpClientName = "webhooks";

    private const int MaxError = 500;

    public string Channel => ChannelName;

    public async Task<DeliveryResult> SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == message.RecipientPersonId, ct);
        var attempt = new WebhookAttempt
        {
            OutboxMessageId = message.Id,
            SubscriptionId = message.RecipientPersonId,
            EventType = WebhookEvents.TypeOf(message.ReplyJson),
            Attempt = message.Attempts,
            At = clock.GetUtcNow(),
        };
        db.WebhookAttempts.Add(attempt);
        if (subscription is null || subscription.RemovedAt is not null)
            return Refused(attempt, $"Subscription {message.RecipientPersonId} was removed.");

        var timestamp = attempt.At.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(message.ReplyJson, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(subscription.Secret, timestamp, message.ReplyJson));
        request.Headers.Add(WebhookSignature.EventHeader, attempt.EventType);
        request.Headers.Add(WebhookSignature.DeliveryHeader, message.Id.ToString(CultureInfo.InvariantCulture));

        // The timeout is the receiver's own limit, on the program's clock, so a test can make a receiver "not answer in
        // time" without waiting. How long any send may hold its claim on the message is the outbox's rule (its send
        // bound cancels ct), not this sender's.
        var timeout = options.Value.Timeout;
        using var timer = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        var started = clock.GetTimestamp();
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            attempt.StatusCode = (int)response.StatusCode;
            attempt.DurationMs = Elapsed(started);
            return Outcome(attempt, response);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            attempt.DurationMs = Elapsed(started);
            return Retry(attempt, $"No answer within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }
        catch (HttpRequestException ex)
        {
            attempt.DurationMs = Elapsed(started);
            return Retry(attempt, $"Could not reach the receiver: {ex.Message}");
        }
    }

    private static DeliveryResult Outcome(WebhookAttempt attempt, HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        var status = $"HTTP {code}";
        if (response.IsSuccessStatusCode) return DeliveryResult.Delivered;
        if (code >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || code == 425)
            return Retry(attempt, status, RetryAfter(response));
        if (code is >= 300 and < 400)
            return Refused(attempt, $"{status}: redirects are not followed; point the subscription at the final address.");
        return Refused(attempt, $"{status}: the receiver refused the delivery.");
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when response.Headers.Date is { } now => date - now,
        _ => null,
    };

    private static DeliveryResult Retry(WebhookAttempt attempt, string error, TimeSpan? after = null)
    {
        attempt.Error = Clip(error);
        return DeliveryResult.Retry($"{ChannelName}: {error}", after);
    }

    private static DeliveryResult Refused(WebhookAttempt attempt, string error)
    {
        attempt.Error = Clip(error);
        return DeliveryResult.Fail($"{ChannelName}: {error}");
    }

    private static string Clip(string error) => error.Length <= MaxError ? error : error[..MaxError];

    private int Elapsed(long started) => (int)Math.Min(int.MaxValue, clock.GetElapsedTime(started).TotalMilliseconds);
}
