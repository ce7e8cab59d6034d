using System.Text.RegularExpressions;
using PartnerBot.Testing;

namespace PartnerBot.Slack.Tests;

/// <summary>
/// Issue 17, point 4, through Slack: a rep records a certification with "/partner certify", the commission job pays its
/// incentive, and the partner's "/partner commission" explains it, privately; another partner's statement has none of it.
/// </summary>
public sealed class SlackIncentiveTests
{
    private static string Answer(SlackTestHost t) => string.Join("\n", t.Slack.Posts.Select(c => Regex.Unescape(c.Args.ToJsonString())));

    [Fact]
    public async Task RepRecordsACertification_PartnersStatementExplainsItsIncentive_OthersSeeNothing()
    {
        await using var t = await SlackTestHost.StartAsync(IncentiveProgram.Settings());
        await t.PostCommandAsync(SlackTestHost.Command("T0NWCLOUD", "U0REPMAYA", "certify acme-jane technical-certification", "D0U0REPMAYA", "directmessage"));
        await t.IdleAsync();
        Assert.Contains("Recorded: Jane Porter passed", Answer(t));
        await t.Host.RunCommissionJobAsync();

        t.Slack.Clear();
        var r = await t.PostCommandAsync(SlackTestHost.Command("T0ACMEINT", "U0ACMEJANE", "commission", "D0U0ACMEJANE", "directmessage"));
        Assert.Equal(200, (int)r.StatusCode);
        await t.IdleAsync();
        var jane = Answer(t);
        Assert.Matches("Certification .{1,6}Certified Connect Implementation Engineer exam.{1,6}, Jane Porter", jane);
        Assert.Contains("earned on 23 Nov 2026 → 100.00 USD per certification, once a person", jane);

        t.Slack.Clear();
        await t.PostCommandAsync(SlackTestHost.Command("T0BOREALIS", "U0BORLENA", "commission", "D0U0BORLENA", "directmessage"));
        await t.IdleAsync();
        var lena = Answer(t);
        Assert.Contains("No deals were won in Q4 2026", lena);
        Assert.DoesNotContain("Jane Porter", lena);
        Assert.DoesNotContain("Certified Connect", lena);
    }

    [Fact]
    public async Task RepRecordsAWebinar_PartnerSeesItsPointsWithSlashPartner_OthersSeeNothing()
    {
        await using var t = await SlackTestHost.StartAsync(IncentiveProgram.Settings());
        await t.PostCommandAsync(SlackTestHost.Command("T0NWCLOUD", "U0REPMAYA", "points acme-jane webinar Q4 launch", "D0U0REPMAYA", "directmessage"));
        await t.IdleAsync();
        Assert.Contains("It earns 10 points (20.00 USD)", Answer(t));
        await t.Host.RunCommissionJobAsync();

        t.Slack.Clear();
        var r = await t.PostCommandAsync(SlackTestHost.Command("T0ACMEINT", "U0ACMEJANE", "points", "D0U0ACMEJANE", "directmessage"));
        Assert.Equal(200, (int)r.StatusCode);
        await t.IdleAsync();
        var jane = Answer(t);
        Assert.Contains("10 points in all, worth 20.00 USD.", jane);
        Assert.Contains("10 points (webinar × 1)", jane);

        t.Slack.Clear();
        await t.PostCommandAsync(SlackTestHost.Command("T0BOREALIS", "U0BORLENA", "points", "D0U0BORLENA", "directmessage"));
        await t.IdleAsync();
        var lena = Answer(t);
        Assert.Contains("No activities earned points in Q4 2026.", lena);
        Assert.DoesNotContain("Jane Porter", lena);
    }
}
