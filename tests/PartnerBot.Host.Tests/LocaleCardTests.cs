using System.Text.RegularExpressions;
using PartnerBot.Host.Tests.Deals;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests;

/// <summary>
/// Cards as the demo's Chinese, Polish and Malay partners read them: every amount with its code after it in their
/// locale's separators, every date written their way. Today is 23 Nov 2026; a tier granted 200 days ago dates from
/// 7 May 2026 and is recertified on 7 May 2027.
/// </summary>
public sealed partial class LocaleCardTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private async Task<string> AskAsync(string person, string text) => DealTestKit.Read((await _host.Chat(person).SayAsync(text))[^1]);

    [Fact]
    public async Task ChineseTierCard_WritesDatesAsChineseReadsThem()
    {
        var card = await AskAsync("lotus-wei", "我的等级");
        Assert.Contains("2026年5月7日", card);
        Assert.Contains("2027年5月7日", card);
        Assert.DoesNotMatch(DayBeforeChineseMonth(), card); // never "7 5月 2026"
    }

    [Fact]
    public async Task ChineseDealList_WritesMoneyWithItsCodeAfter_AndChineseDates()
    {
        var card = await AskAsync("lotus-wei", "my deals");
        Assert.Matches(@"\d[\d,]*\.\d\d CNY", card);
        Assert.DoesNotMatch(@"CNY \d", card);
        Assert.Matches(@"\d{4}年\d{1,2}月\d{1,2}日", card);
    }

    [Fact]
    public async Task PolishMdfCard_AndTierCard_WriteMoneyTheSameWay()
    {
        // Wisła (Silver, 3%) has imported revenue of 56,000 USD a year: 14,000 for the last quarter, an estimate.
        var mdf = await AskAsync("wisla-piotr", "mdf");
        Assert.Contains("14 000,00 USD", mdf);
        Assert.Contains("420,00 USD", mdf);
        Assert.Contains("1 października 2026", mdf);
        Assert.DoesNotMatch(@"USD \d", mdf);

        var tier = await AskAsync("wisla-piotr", "mój poziom");
        Assert.Contains("56 000,00 USD", tier);
        Assert.Contains("26 czerwca 2026", tier);
        Assert.DoesNotMatch(@"USD \d", tier);
    }

    [Fact]
    public async Task MalayMdfCard_WritesMoneyWithItsCodeAfter()
    {
        var mdf = await AskAsync("kedai-aisyah", "baki mdf");
        Assert.Contains("3,000.00 USD", mdf);
        Assert.Contains("1 Oktober 2026", mdf);
        Assert.DoesNotMatch(@"USD \d", mdf);
    }

    [GeneratedRegex(@"\b\d{1,2} \d{1,2}月")]
    private static partial Regex DayBeforeChineseMonth();
}
