using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Deals;
using PartnerBot.Storage;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Importing;

/// <summary>
/// The demo program loads through the importers exactly as its JSON files say (the rules the loaders had before they
/// went through the importers): read here from the files themselves, field by field.
/// </summary>
public sealed class DemoProgramLoadTests
{
    private static readonly string Demo = DatabaseStartup.ResolveFolder("samples/demo-program");
    private static readonly DateOnly Today = DateOnly.FromDateTime(TestHost.DefaultNow.UtcDateTime);

    private static JsonElement Read(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Demo, file))).RootElement;

    private static string? S(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int I(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetInt32() : 0;

    [Fact]
    public async Task TheDemo_LoadsAsItsFilesSay()
    {
        using var host = new TestHost();
        var people = Read("people.json");
        await host.WithDbAsync(async db =>
        {
            var organisations = await db.PartnerOrganisations.AsNoTracking().ToDictionaryAsync(o => o.Id);
            Assert.Equal(people.GetProperty("organisations").GetArrayLength(), organisations.Count);
            foreach (var o in people.GetProperty("organisations").EnumerateArray())
            {
                var stored = organisations[S(o, "id")!];
                var daysAgo = I(o, "joinedDaysAgo");
                Assert.Equal((S(o, "name"), S(o, "type"), S(o, "tier"), S(o, "ownerRep"), S(o, "country"), S(o, "domain")),
                    (stored.Name, stored.Type.ToString(), stored.Tier, stored.OwnerRepId, stored.Country, stored.Domain));
                Assert.Equal((Today.AddDays(-daysAgo), Today.AddDays(-Math.Min(daysAgo, 200)), o.GetProperty("annualRevenue").GetDecimal()),
                    (stored.JoinedOn, stored.TierSince!.Value, stored.AnnualRevenue));
                Assert.Equal((I(o, "salesCertifiedReps"), I(o, "technicalCertifications"), I(o, "customerReferences"), I(o, "closedDeals")),
                    (stored.SalesCertifiedReps, stored.TechnicalCertifications, stored.CustomerReferences, stored.ClosedDealsBefore));
                Assert.Equal((o.GetProperty("dedicatedPractice").GetBoolean(), o.GetProperty("executiveSponsor").GetBoolean()),
                    (stored.DedicatedPractice, stored.ExecutiveSponsor));
            }

            var persons = await db.People.AsNoTracking().Include(p => p.Identities).ToDictionaryAsync(p => p.Id);
            Assert.Equal(people.GetProperty("people").GetArrayLength(), persons.Count);
            foreach (var p in people.GetProperty("people").EnumerateArray())
            {
                var stored = persons[S(p, "id")!];
                Assert.Equal((S(p, "name"), S(p, "email"), S(p, "role"), S(p, "organisation"), S(p, "language") ?? "en", S(p, "timeZone") ?? "UTC"),
                    (stored.DisplayName, stored.Email, stored.Role.ToString(), stored.PartnerOrganisationId, stored.Preferences.Language, stored.Preferences.TimeZone));
                var identities = p.TryGetProperty("identities", out var list) ? list.EnumerateArray().Select(i => $"{S(i, "channel")}/{S(i, "tenant")}/{S(i, "userId")}").Order().ToList() : [];
                Assert.Equal(identities, stored.Identities.Select(i => $"{i.Channel}/{i.Tenant}/{i.UserId}").Order().ToList());
            }

            var accounts = await db.DirectSalesAccounts.AsNoTracking().ToDictionaryAsync(a => a.Id);
            Assert.Equal(Read("direct-accounts.json").GetArrayLength(), accounts.Count);
            foreach (var a in Read("direct-accounts.json").EnumerateArray())
                Assert.Equal((S(a, "name"), CompanyNames.Normalize(S(a, "name")!), S(a, "domain"), S(a, "owner"), TestHost.DefaultNow),
                    (accounts[S(a, "id")!].Name, accounts[S(a, "id")!].NormalizedName, accounts[S(a, "id")!].Domain, accounts[S(a, "id")!].Owner, accounts[S(a, "id")!].UpdatedAt));

            var deals = await db.DealRegistrations.AsNoTracking().ToDictionaryAsync(d => d.Id);
            Assert.Equal(Read("deals.json").GetArrayLength(), deals.Count);
            foreach (var d in Read("deals.json").EnumerateArray())
            {
                var stored = deals[S(d, "id")!];
                var registered = TestHost.DefaultNow.AddDays(-I(d, "registeredDaysAgo"));
                Assert.Equal((S(d, "organisation"), S(d, "registeredBy"), S(d, "company"), S(d, "website"), S(d, "contactName"), S(d, "contactEmail")),
                    (stored.PartnerOrganisationId, stored.RegisteredByPersonId, stored.CompanyName, stored.Website, stored.ContactName, stored.ContactEmail));
                Assert.Equal((Today.AddDays(I(d, "closeInDays")), d.GetProperty("amount").GetDecimal(), S(d, "currency"), S(d, "product"), S(d, "status"), S(d, "reviewReason")),
                    (stored.CloseDate, stored.Amount!.Value, stored.Currency, stored.Product, stored.Status.ToString(), stored.ReviewReason));
                Assert.Equal((registered, TestHost.DefaultNow, S(d, "status") == "Approved" ? DateOnly.FromDateTime(registered.UtcDateTime).AddDays(90) : (DateOnly?)null),
                    (stored.RegisteredAt, stored.UpdatedAt, stored.ProtectedUntil));
                Assert.Equal((CompanyNames.Normalize(S(d, "company")!), S(d, "website")), (stored.NormalizedName, stored.Domain));
            }

            var certifications = await db.Certifications.AsNoTracking().ToListAsync();
            var expected = Read("certifications.json").GetProperty("certifications").EnumerateArray()
                .Select(c => (S(c, "person"), S(c, "course"), Today.AddDays(-I(c, "certifiedDaysAgo")), Today.AddDays(-I(c, "certifiedDaysAgo")).AddMonths(24), "import"))
                .Order().ToList();
            Assert.Equal(expected, certifications.Select(c => ((string?)c.PersonId, (string?)c.CourseId, c.CertifiedOn, c.ExpiresOn, c.Source)).Order().ToList());
            return 0;
        });
    }
}
