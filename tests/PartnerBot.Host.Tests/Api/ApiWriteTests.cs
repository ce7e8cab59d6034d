using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Deals;
using PartnerBot.Host.Tests.Deals;
using PartnerBot.Testing;
using static PartnerBot.Host.Tests.Api.ApiTestKit;

namespace PartnerBot.Host.Tests.Api;

/// <summary>
/// A write through the API is the chat's write: the same validation (with the field named), the same conflict check
/// and decision, the same message to the rep, and an audit entry that names the key instead of a chat user.
/// </summary>
public sealed class ApiWriteTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static object Registration(string registeredBy, string company, string? website = null, decimal? amount = 40000m) => new
    {
        registeredBy, company, website, contactName = "Jane Roe", closeDate = "2027-01-15", amount, currency = "USD",
    };

    [Fact]
    public async Task AConflictingRegistration_ThroughTheApi_IsFlaggedAsInChat_AndAuditedWithTheKey()
    {
        // In chat, Borealis registers the customer Acme already holds (Hooli Ltd): it goes to review, to Borealis' rep.
        var chat = await DealTestKit.RegisterAsync(_host.Chat("borealis-lena"), DealTestKit.Form("Hooli Ltd", website: "hooli.example"));
        Assert.Contains("review", DealTestKit.Read(chat), StringComparison.OrdinalIgnoreCase);

        // Through the API, Kedai's CRM registers the same customer for Aisyah (named by her e-mail, in another case).
        var key = await CreateKeyAsync(_host, "Kedai HubSpot", "deals:write", "kedai");
        var api = await PostAsync(Client(_host, key), "/api/v1/partners/kedai/deals",
            Registration("Aisyah@KedaiAwan.example", "Hooli Ltd", website: "https://www.hooli.example/"));
        Assert.True(api.Status == HttpStatusCode.Created, api.Body.ToString());
        Assert.Equal("InReview", api.Body.GetProperty("outcome").GetString());
        var apiDeal = api.Body.GetProperty("deal");
        Assert.Equal("InReview", apiDeal.GetProperty("status").GetString());
        Assert.Equal("kedai-aisyah", apiDeal.GetProperty("registeredByPersonId").GetString());
        Assert.Contains("conflict", apiDeal.GetProperty("reviewReason").GetString());
        // The partner's key is not told whose registration it overlaps, as the partner is not in chat.
        Assert.Equal(JsonValueKind.Null, apiDeal.GetProperty("conflictingRegistrationIds").ValueKind);

        var (chatRow, apiRow) = await _host.WithDbAsync(async db => (
            await db.DealRegistrations.SingleAsync(d => d.PartnerOrganisationId == "borealis" && d.CompanyName == "Hooli Ltd"),
            await db.DealRegistrations.SingleAsync(d => d.Id == apiDeal.GetProperty("id").GetString())));
        Assert.Equal(chatRow.Status, apiRow.Status);
        Assert.Equal(chatRow.ReviewReason, apiRow.ReviewReason);
        Assert.Contains("DR-DEMO0ACME1", DealRegistration.SplitIds(apiRow.ConflictingRegistrationIds));
        Assert.Contains("DR-DEMO0ACME1", DealRegistration.SplitIds(chatRow.ConflictingRegistrationIds));
        Assert.Equal("hooli.example", apiRow.Domain);

        // Each rep gets the review card, keyed the same way.
        var reviews = await _host.WithDbAsync(db => db.Outbox.Where(m => m.DedupeKey!.StartsWith("deal-review:")).Select(m => m.DedupeKey!).ToListAsync());
        Assert.Contains($"deal-review:{chatRow.Id}:rep-maya", reviews);
        Assert.Contains($"deal-review:{apiRow.Id}:rep-arjun", reviews);

        // The audit log: the chat's entry names Lena in the web chat, the API's names the key in the API.
        var audit = await _host.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == nameof(DealRegistration) && a.Action == "Added").ToListAsync());
        var chatEntry = Assert.Single(audit, a => a.EntityId == chatRow.Id);
        var apiEntry = Assert.Single(audit, a => a.EntityId == apiRow.Id);
        Assert.Equal(("borealis-lena", "web"), (chatEntry.ActorId, chatEntry.Channel));
        Assert.Equal(($"apikey:{key.Split('_')[1]}", "api"), (apiEntry.ActorId, apiEntry.Channel));
        Assert.Contains("kedai-aisyah", apiEntry.Changes);

        // The same customer again from the same organisation: the existing registration, as chat says "already registered".
        var again = await PostAsync(Client(_host, key), "/api/v1/partners/kedai/deals", Registration("kedai-aisyah", "Hooli Ltd."));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("AlreadyRegistered", again.Body.GetProperty("outcome").GetString());
        Assert.Equal(apiRow.Id, again.Body.GetProperty("deal").GetProperty("id").GetString());
    }

    [Fact]
    public async Task CleanRegistrations_InEveryScript_AreApproved_AndReadBackWithTheirVersion()
    {
        var wisla = Client(_host, await CreateKeyAsync(_host, "Wisła Salesforce", "deals:write", "wisla"));
        var lotus = Client(_host, await CreateKeyAsync(_host, "Lotus 销售系统", "deals:write", "lotus"));
        var before = (await GetAsync(wisla, "/api/v1/deals")).Body.GetProperty("items").EnumerateArray().Max(d => d.GetProperty("version").GetInt64());

        var polish = await PostAsync(wisla, "/api/v1/partners/wisla/deals", Registration("wisla-piotr", "Zakłady Azotowe Puławy S.A.", amount: 12000m));
        var chinese = await PostAsync(lotus, "/api/v1/partners/lotus/deals", Registration("lotus-wei", "深圳云帆科技有限公司", amount: 9000m));
        foreach (var created in new[] { polish, chinese })
        {
            Assert.True(created.Status == HttpStatusCode.Created, created.Body.ToString());
            Assert.Equal("Approved", created.Body.GetProperty("outcome").GetString());
            Assert.NotEqual(JsonValueKind.Null, created.Body.GetProperty("deal").GetProperty("protectedUntil").ValueKind);
        }
        var id = polish.Body.GetProperty("deal").GetProperty("id").GetString();
        var read = await GetAsync(wisla, $"/api/v1/deals/{id}");
        Assert.Equal("Zakłady Azotowe Puławy S.A.", read.Body.GetProperty("companyName").GetString());
        // A sync asks only for what changed since the version it last saw.
        var changed = (await GetAsync(wisla, $"/api/v1/deals?sinceVersion={before}")).Body.GetProperty("items").EnumerateArray()
            .Select(d => d.GetProperty("id").GetString()).ToList();
        Assert.Equal([id], changed);
        // The other organisation's new deal is not Wisła's to read.
        AssertProblem(HttpStatusCode.NotFound, await GetAsync(wisla, $"/api/v1/deals/{chinese.Body.GetProperty("deal").GetProperty("id").GetString()}"));
    }

    [Fact]
    public async Task BadInput_Gets4xx_WithTheFieldNamed_AndChangesNothing()
    {
        var client = Client(_host, await CreateKeyAsync(_host, "Acme CRM", "deals:write", "acme"));
        var deals = await _host.WithDbAsync(db => db.DealRegistrations.CountAsync());
        const string path = "/api/v1/partners/acme/deals";

        Assert.Contains("company", ErrorFields(await PostAsync(client, path, Registration("acme-jane", ""))));
        Assert.Contains("company", ErrorFields(await PostAsync(client, path, Registration("acme-jane", "<script>alert(1)</script> Corp"))));
        Assert.Contains("company", ErrorFields(await PostAsync(client, path, Registration("acme-jane", "<!here> Initech"))));
        Assert.Contains("closeDate", ErrorFields(await PostAsync(client, path, new { registeredBy = "acme-jane", company = "Initech", contactName = "Bill", closeDate = "2020-01-01" })));
        Assert.Contains("closeDate", ErrorFields(await PostAsync(client, path, new { registeredBy = "acme-jane", company = "Initech", contactName = "Bill", closeDate = "someday" })));
        Assert.Contains("amount", ErrorFields(await PostAsync(client, path, Registration("acme-jane", "Initech", amount: -5m))));
        Assert.Contains("amount", ErrorFields(await PostAsync(client, path, """{"registeredBy":"acme-jane","company":"Initech","amount":"forty thousand"}""")));
        Assert.Contains("currency", ErrorFields(await PostAsync(client, path, new { registeredBy = "acme-jane", company = "Initech", contactName = "Bill", closeDate = "2027-01-15", currency = "XYZ" })));
        Assert.Contains("colour", ErrorFields(await PostAsync(client, path, """{"registeredBy":"acme-jane","company":"Initech","colour":"red"}""")));
        // Who registers it must be a partner user of this organisation: not another's, not staff, not nobody.
        foreach (var who in new[] { "borealis-lena", "lena.vogel@borealis-resale.example", "rep-maya", "", "nobody@example.org" })
            Assert.Equal(["registeredBy"], ErrorFields(await PostAsync(client, path, Registration(who, "Initech"))));
        AssertProblem(HttpStatusCode.BadRequest, await PostAsync(client, path, "{not json"));
        AssertProblem(HttpStatusCode.BadRequest, await PostAsync(client, path, "null"));
        AssertProblem(HttpStatusCode.BadRequest, await PostAsync(client, path, "[1,2]"));
        AssertProblem(HttpStatusCode.RequestEntityTooLarge, await PostAsync(client, path, new { registeredBy = "acme-jane", company = "Initech", notes = new string('x', 70_000) }));
        // For another organisation: refused before anything else is looked at.
        AssertProblem(HttpStatusCode.Forbidden, await PostAsync(client, "/api/v1/partners/borealis/deals", Registration("borealis-lena", "Initech")));
        AssertProblem(HttpStatusCode.Forbidden, await PostAsync(client, "/api/v1/partners/nowhere/deals", Registration("acme-jane", "Initech")));
        // Queries.
        foreach (var query in new[] { "limit=0", "limit=501", "limit=ten", "limit=-1", "status=Won", "sinceVersion=-3", "sinceVersion=1e9", "after=" + new string('z', 201) })
            Assert.Single(ErrorFields(await GetAsync(client, "/api/v1/deals?" + query)));

        Assert.Equal(deals, await _host.WithDbAsync(db => db.DealRegistrations.CountAsync()));
    }

    [Fact]
    public async Task AnExtension_ThroughTheApi_GoesToTheRep_Once()
    {
        var client = Client(_host, await CreateKeyAsync(_host, "Acme CRM", "deals:write", "acme"));
        var first = await PostAsync(client, "/api/v1/deals/DR-DEMO0ACME1/extension", new { requestedBy = "acme-jane", reason = "Procurement moved the signature to February." });
        Assert.True(first.Status == HttpStatusCode.OK, first.Body.ToString());
        Assert.Equal("Pending", first.Body.GetProperty("extensionStatus").GetString());
        Assert.True(await _host.WithDbAsync(db => db.Outbox.AnyAsync(m => m.DedupeKey!.StartsWith("deal-extension:DR-DEMO0ACME1:") && m.RecipientPersonId == "rep-maya")));

        AssertProblem(HttpStatusCode.Conflict, await PostAsync(client, "/api/v1/deals/DR-DEMO0ACME1/extension", new { requestedBy = "acme-jane", reason = "Again." }));
        Assert.Equal(["reason"], ErrorFields(await PostAsync(client, "/api/v1/deals/DR-DEMO0ACME1/extension", new { requestedBy = "acme-jane", reason = "  " })));
        AssertProblem(HttpStatusCode.NotFound, await PostAsync(client, "/api/v1/deals/DR-DEMO0BORE1/extension", new { requestedBy = "acme-jane", reason = "Not ours." }));
    }

    [Fact]
    public async Task AnMdfPlan_ThroughTheApi_IsCheckedAgainstTheBalance_AndGoesToTheRep()
    {
        var client = Client(_host, await CreateKeyAsync(_host, "Acme marketing automation", "mdf:write", "acme"));
        const string path = "/api/v1/partners/acme/mdf/plans";
        object Plan(string start, string end, decimal amount, string type = "webinar") => new
        {
            submittedBy = "jane.porter@acme-integrations.example", activityType = type, title = "Analytics webinar for retailers",
            startDate = start, endDate = end, requestedAmount = amount, expectedLeads = 40, expectedPipeline = 100000m, description = "Co-hosted webinar.",
        };

        // The form's rules, field by field: lead time, dates the wrong way round, more than the balance, an unknown type.
        Assert.Contains("startDate", ErrorFields(await PostAsync(client, path, Plan("2026-11-25", "2026-11-25", 2000m))));
        Assert.Contains("endDate", ErrorFields(await PostAsync(client, path, Plan("2026-12-10", "2026-12-01", 2000m))));
        Assert.Contains("requestedAmount", ErrorFields(await PostAsync(client, path, Plan("2026-12-10", "2026-12-10", 99_000_000m))));
        Assert.Contains("activityType", ErrorFields(await PostAsync(client, path, Plan("2026-12-10", "2026-12-10", 2000m, type: "yacht"))));
        Assert.Equal(["submittedBy"], ErrorFields(await PostAsync(client, path, new { submittedBy = "borealis-lena", activityType = "webinar" })));
        AssertProblem(HttpStatusCode.Forbidden, await PostAsync(client, "/api/v1/partners/borealis/mdf/plans", Plan("2026-12-10", "2026-12-10", 2000m)));
        Assert.Equal(0, await _host.WithDbAsync(db => db.MdfPlans.CountAsync(p => p.Title == "Analytics webinar for retailers")));

        var created = await PostAsync(client, path, Plan("2026-12-10", "2026-12-10", 2000m));
        Assert.True(created.Status == HttpStatusCode.Created, created.Body.ToString());
        Assert.Equal("Submitted", created.Body.GetProperty("status").GetString());
        Assert.Equal("acme-jane", created.Body.GetProperty("submittedByPersonId").GetString());
        var id = created.Body.GetProperty("id").GetString()!;
        Assert.True(await _host.WithDbAsync(db => db.Outbox.AnyAsync(m => m.DedupeKey == $"mdf-plan-submitted:{id}:rep-maya" && m.RecipientPersonId == "rep-maya")));
        var audit = await _host.WithDbAsync(db => db.AuditLog.SingleAsync(a => a.EntityType == "MdfPlan" && a.EntityId == id && a.Action == "Added"));
        Assert.Equal("api", audit.Channel);
        Assert.StartsWith("apikey:", audit.ActorId);
        // The key wrote MDF; it may read it back, and nothing else.
        Assert.Contains(id, (await GetAsync(client, "/api/v1/mdf/plans")).Body.GetRawText());
        AssertProblem(HttpStatusCode.Forbidden, await GetAsync(client, "/api/v1/deals"));
    }
}
