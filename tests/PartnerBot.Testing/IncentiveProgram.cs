using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Commissions;

namespace PartnerBot.Testing;

/// <summary>
/// The demo program with incentives switched on from the tests' today (23 Nov 2026), so only what a test does earns
/// them: a 500 USD SPIF on Analytics wins of 10,000 USD or more in Q4, 50 USD per approved registration, 100 USD per
/// certification, and quarterly rebates of 1% from 50,000 USD and 2% from 100,000 USD of partner-sourced revenue.
/// </summary>
public static class IncentiveProgram
{
    public static Dictionary<string, string?> Settings() => new()
    {
        ["Program:Incentives:From"] = "2026-11-23",
        ["Program:Incentives:RegistrationAmount"] = "50",
        ["Program:Incentives:CertificationAmount"] = "100",
        ["Program:Incentives:Spifs:0:Name"] = "Q4 Analytics push",
        ["Program:Incentives:Spifs:0:Product"] = "Analytics",
        ["Program:Incentives:Spifs:0:From"] = "2026-10-01",
        ["Program:Incentives:Spifs:0:To"] = "2026-12-31",
        ["Program:Incentives:Spifs:0:MinContractValue"] = "10000",
        ["Program:Incentives:Spifs:0:Amount"] = "500",
        ["Program:Incentives:Rebates:0:MinRevenue"] = "50000",
        ["Program:Incentives:Rebates:0:Percent"] = "1",
        ["Program:Incentives:Rebates:1:MinRevenue"] = "100000",
        ["Program:Incentives:Rebates:1:Percent"] = "2",
        ["Program:Incentives:Points:Activities:webinar"] = "10",
        ["Program:Incentives:Points:Activities:demo"] = "25",
        ["Program:Incentives:Points:ValuePerPoint"] = "2",
    };

    /// <summary>Runs the commission job once, as its schedule would.</summary>
    public static Task RunCommissionJobAsync(this TestHost host) =>
        host.Services.GetRequiredService<CommissionJob>().RunOnceAsync(CancellationToken.None);
}
