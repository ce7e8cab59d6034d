using PartnerBot.Host.Tests.Deals;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

/// <summary>
/// The demo's partner organisations, their people, rep and deals, and the vendor's staff, written out from
/// samples/demo-program as a reader sees them (not computed by the product), for the tests of who sees what.
/// </summary>
internal static class DemoOrganisations
{
    public sealed record Deal(string Id, string Company, bool Approved);
    public sealed record Organisation(string Id, string Name, string Rep, string[] People, Deal[] Deals);

    public static readonly Organisation[] All =
    [
        new("acme", "Acme Integrations Ltd", "rep-maya", ["acme-jane", "acme-tom"], [new("DR-DEMO0ACME1", "Hooli Ltd", true)]),
        new("borealis", "Borealis Resale GmbH", "rep-maya", ["borealis-lena"], [new("DR-DEMO0BORE1", "Vandelay Industries GmbH", true)]),
        new("kedai", "Kedai Awan Sdn Bhd", "rep-arjun", ["kedai-aisyah"], [new("DR-DEMO0KEDA1", "Contoso Malaysia Sdn. Bhd.", false)]),
        new("lotus", "Lotus Cloud Partners 有限公司", "rep-arjun", ["lotus-wei"], [new("DR-DEMO0LOTU1", "星辰软件有限公司", true)]),
        new("wisla", "Wisła Systemy Sp. z o.o.", "rep-maya", ["wisla-piotr"], [new("DR-DEMO0WISL1", "Kraków Logistyka S.A.", false)]),
        new("pioneer", "Pioneer Referrals LLC", "rep-arjun", ["pioneer-dana"], [new("DR-DEMO0PION1", "Stark Freight LLC", true)]),
    ];

    public static readonly string[] Staff = ["rep-maya", "rep-arjun", "mgr-helena", "admin-sam"];

    /// <summary>The manager closes every approved demo deal won, in the web chat, so every such organisation has commission.</summary>
    public static async Task CloseApprovedDealsWonAsync(TestHost host)
    {
        var manager = host.Chat("mgr-helena");
        foreach (var deal in All.SelectMany(o => o.Deals).Where(d => d.Approved))
        {
            var form = await manager.SayAsync($"close {deal.Id}");
            var done = await DealTestKit.SubmitAsync(manager, form[^1], new Dictionary<string, string>
            {
                ["outcome"] = "won", ["contractValue"] = "30000", ["mrr"] = "", ["source"] = "PartnerSourced",
            });
            Assert.Contains("closed won", DealTestKit.Read(done[^1]));
        }
    }
}
