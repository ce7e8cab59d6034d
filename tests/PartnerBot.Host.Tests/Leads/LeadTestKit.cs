using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Importing;
using PartnerBot.Leads;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Leads;

/// <summary>
/// Leads for the demo program (samples/demo-program/program.json: Program:Leads weights territory 40, capability 25,
/// partner type 10, tier 10, history 15; EMEA = GB, DE, PL, NO; APAC = MY, CN, SG; tiers Bronze 0, Silver 1/3, Gold
/// 2/3, Platinum 1). No demo partner has answered an offer or closed a registration, so each one's history is
/// (1/2 + 1/2) / 2 = 0.5, worth 7.5. Registrations approved: Acme and Lotus of "Northwind Cloud Enterprise",
/// Borealis and Pioneer of "Northwind Cloud Team" (Kedai's and Wisła's are in review, so no capability).
/// </summary>
public static class LeadTestKit
{
    public const string Enterprise = "Northwind Cloud Enterprise";
    public const string Team = "Northwind Cloud Team";

    /// <summary>Imports leads as the "leads" import does (each a dictionary of its columns); returns the report.</summary>
    public static Task<ImportReport> ImportAsync(TestHost host, params Dictionary<string, string?>[] rows) =>
        host.ImportRowsAsync(LeadImporter.KindName, rows);

    /// <summary>One lead's columns.</summary>
    public static Dictionary<string, string?> Lead(string id, string company, string country, string? product = null, string? type = null,
        string? rep = "rep-maya", string? domain = null, string? amount = "30000") => new()
    {
        ["id"] = id, ["company"] = company, ["country"] = country, ["product"] = product, ["partnerType"] = type, ["rep"] = rep,
        ["domain"] = domain, ["amount"] = amount, ["contactName"] = "Hank Scorpio", ["contactEmail"] = "hank@" + (domain ?? id.ToLowerInvariant() + ".example"),
        ["source"] = "webinar",
    };

    /// <summary>One pass of the lead job, then the outbox delivered.</summary>
    public static async Task<int> MoveLeadsAsync(TestHost host)
    {
        var moved = await host.Services.GetRequiredService<LeadJob>().RunOnceAsync(CancellationToken.None);
        await host.DeliverOutboxAsync();
        return moved;
    }

    public static Task<Lead> LeadAsync(TestHost host, string id) =>
        host.WithDbAsync(db => db.Leads.AsNoTracking().Include(l => l.Offers).SingleAsync(l => l.Id == id));
}
