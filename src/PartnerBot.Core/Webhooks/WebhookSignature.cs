using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PartnerBot.Webhooks;

/// <summary>
/// How a delivery is signed (docs/webhooks.md tells receivers how to check it): HMAC-SHA256, keyed with the UTF-8
/// bytes of the subscription's secret, over "v1:{timestamp}:{body}", where the timestamp is the Unix time in seconds
/// sent in <see cref="TimestampHeader"/> and the body is the exact bytes posted; sent as "v1=" and lowercase hex.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-PartnerBot-Timestamp";
    public const string SignatureHeader = "X-PartnerBot-Signature";
    public const string EventHeader = "X-PartnerBot-Event";
    public const string DeliveryHeader = "X-PartnerBot-Delivery";
    public const string Version = "v1";

    public static string Sign(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Version}:{timestamp}:{body}")));
        return $"{Version}={Convert.ToHexStringLower(mac)}";
    }
}
