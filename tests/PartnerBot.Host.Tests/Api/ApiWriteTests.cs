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

    /// <summary>An approved Acme plan whose activity ended two days before the test's today (2026-11-23): claimable.</summary>
    private Task AddApprovedPlanAsync(string id, string organisation = "acme", string submittedBy = "acme-jane") => _host.WithDbAsync(db =>
    {
        db.MdfPlans.Add(new PartnerBot.Mdf.MdfPlan
        {
            Id = id, FundId = $"{organisation}:2026-10-01", OrganisationId = organisation, SubmittedById = submittedBy, ActivityType = "event",
            Title = "Booth at Retail Week", StartDate = new(2026, 11, 20), EndDate = new(2026, 11, 21), RequestedAmount = 2000, ApprovedAmount = 2000,
            ExpectedLeads = 30, Status = PartnerBot.Mdf.MdfPlanStatus.Approved,
        });
        return db.SaveChangesAsync();
    });

    [Fact]
    public async Task AnMdfClaim_ThroughTheApi_IsTheClaimFormsClaim_AndGoesToTheRep_Once()
    {
        await AddApprovedPlanAsync("mdf-booth");
        await AddApprovedPlanAsync("mdf-lena", "borealis", "borealis-lena");
        var client = Client(_host, await CreateKeyAsync(_host, "Acme marketing automation", "mdf:write", "acme"));
        object Claim(decimal? cost, string[]? links, string claimedBy = "acme-jane", int? leads = 12) => new { claimedBy, actualCost = cost, leadsGenerated = leads, proofLinks = links };
        string[] proof = ["https://acme-integrations.example/retail-week/photos", "https://acme-integrations.example/retail-week/leads.csv"];

        // The claim form's rules, field by field, and nothing claimed by any of them.
        Assert.Equal(["actualCost"], ErrorFields(await PostAsync(client, "/api/v1/mdf/plans/mdf-booth/claim", Claim(2500m, proof))));
        Assert.Equal(["actualCost"], ErrorFields(await PostAsync(client, "/api/v1/mdf/plans/mdf-booth/claim", Claim(-1m, proof))));
        Assert.Equal(["proofLinks"], ErrorFields(await PostAsync(client, "/api/v1/mdf/plans/mdf-booth/claim", Claim(1800m, ["javascript:alert(1)"]))));
        Assert.Equal(["proofLinks"], ErrorFields(await PostAsync(client, "/api/v1/mdf/plans/mdf-booth/claim", Claim(1800m, null))));
        Assert.Equal(["leadsGenerated"], ErrorFields(await PostAsync(client, "/api/v1/mdf/plans/mdf-booth/claim", Claim(1800m, proof, leads: -3))));
        Assert.Equal(["claimedBy"], ErrorFields(await PostAsync(client, "/api/v1/mdf/plans/mdf-booth/claim", Claim(1800m, proof, "borealis-lena"))));
        AssertProblem(HttpStatusCode.BadRequest, await PostAsync(client, "/api/v1/mdf/plans/mdf-booth/claim", """{"claimedBy":"acme-jane","actualCost":"lots"}"""));
        // Another organisation's plan, or none: 404 alike.
        AssertProblem(HttpStatusCode.NotFound, await PostAsync(client, "/api/v1/mdf/plans/mdf-lena/claim", Claim(1800m, proof)));
        AssertProblem(HttpStatusCode.NotFound, await PostAsync(client, "/api/v1/mdf/plans/mdf-nothing/claim", Claim(1800m, proof)));
        Assert.Equal(PartnerBot.Mdf.MdfPlanStatus.Approved, await _host.WithDbAsync(db => db.MdfPlans.Where(p => p.Id == "mdf-booth").Select(p => p.Status).SingleAsync()));

        var claimed = await PostAsync(client, "/api/v1/mdf/plans/mdf-booth/claim", Claim(1800m, proof, "Jane.Porter@acme-integrations.example"));
        Assert.True(claimed.Status == HttpStatusCode.OK, claimed.Body.ToString());
        Assert.Equal("Claimed", claimed.Body.GetProperty("status").GetString());
        Assert.Equal(1800m, claimed.Body.GetProperty("claimedAmount").GetDecimal());
        Assert.Equal(proof, claimed.Body.GetProperty("proofLinks").EnumerateArray().Select(l => l.GetString()));
        Assert.True(await _host.WithDbAsync(db => db.Outbox.AnyAsync(m => m.DedupeKey == "mdf-claim:mdf-booth:rep-maya")));
        var audit = await _host.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == "MdfPlan" && a.EntityId == "mdf-booth" && a.Action == "Modified").ToListAsync());
        Assert.Equal(("api", true), (Assert.Single(audit).Channel, audit[0].ActorId!.StartsWith("apikey:", StringComparison.Ordinal)));

        // Claimed once: a second claim is the chat's refusal, as a conflict.
        var again = await PostAsync(client, "/api/v1/mdf/plans/mdf-booth/claim", Claim(100m, proof));
        AssertProblem(HttpStatusCode.Conflict, again);
        Assert.Contains("Booth at Retail Week", again.Body.GetProperty("detail").GetString());
        Assert.Contains("mdf-booth", (await GetAsync(client, "/api/v1/mdf/claims")).Body.GetRawText());
    }

    [Fact]
    public async Task ACertification_ThroughTheApi_IsRecordedAsARepRecordsIt_ByVendorKeysOnly()
    {
        var vendor = Client(_host, await CreateKeyAsync(_host, "LMS sync", "certifications:write"));
        var partner = Client(_host, await CreateKeyAsync(_host, "Wisła LMS", "certifications:write", "wisla"));
        object Cert(string? person, string? course, string? on) => new { person, course, certifiedOn = on };

        Assert.Equal(["person"], ErrorFields(await PostAsync(vendor, "/api/v1/certifications", Cert("nobody", "sales-certification", "2026-11-20"))));
        Assert.Equal(["person"], ErrorFields(await PostAsync(vendor, "/api/v1/certifications", Cert("rep-maya", "sales-certification", "2026-11-20"))));
        Assert.Equal(["course"], ErrorFields(await PostAsync(vendor, "/api/v1/certifications", Cert("wisla-piotr", "<img src=x>", "2026-11-20"))));
        Assert.Equal(["date"], ErrorFields(await PostAsync(vendor, "/api/v1/certifications", Cert("wisla-piotr", "sales-certification", "2027-01-01"))));
        Assert.Equal(["date"], ErrorFields(await PostAsync(vendor, "/api/v1/certifications", Cert("wisla-piotr", "sales-certification", "20 listopada"))));
        // A partner's key may not certify, not even its own people: in chat only vendor staff certify.
        AssertProblem(HttpStatusCode.Forbidden, await PostAsync(partner, "/api/v1/certifications", Cert("wisla-piotr", "sales-certification", "2026-11-20")));
        var before = await _host.WithDbAsync(db => db.Certifications.CountAsync());

        var created = await PostAsync(vendor, "/api/v1/certifications", Cert("wisla-piotr", "sales-certification", "2026-11-20"));
        Assert.True(created.Status == HttpStatusCode.Created, created.Body.ToString());
        Assert.Equal(("wisla", "2026-11-20", "sales"), (created.Body.GetProperty("partnerOrganisationId").GetString(),
            created.Body.GetProperty("certifiedOn").GetString(), created.Body.GetProperty("track").GetString()));
        Assert.Equal("api", created.Body.GetProperty("source").GetString());
        // The same certification again: the one on record, not a second.
        var again = await PostAsync(vendor, "/api/v1/certifications", Cert("wisla-piotr", "sales-certification", "2026-11-20"));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(created.Body.GetProperty("id").GetString(), again.Body.GetProperty("id").GetString());
        Assert.Equal(before + 1, await _host.WithDbAsync(db => db.Certifications.CountAsync()));
        var audit = await _host.WithDbAsync(db => db.AuditLog.SingleAsync(a => a.EntityType == "Certification" && a.Action == "Added" && a.Channel == "api"));
        Assert.StartsWith("apikey:", audit.ActorId);
        Assert.Contains(created.Body.GetProperty("id").GetString()!, (await GetAsync(partner, "/api/v1/certifications")).Body.GetRawText());
    }

    [Fact]
    public async Task APerson_ThroughTheApi_IsThePeopleImportsRow_AndAnOrganisationsKeyWritesOnlyItsOwn()
    {
        var kedai = Client(_host, await CreateKeyAsync(_host, "Kedai HR", "people:write", "kedai"));
        var vendor = Client(_host, await CreateKeyAsync(_host, "Directory sync", "people:write"));
        Task<(HttpStatusCode Status, JsonElement Body)> PutPersonAsync(HttpClient client, string id, object body) =>
            PutAsync(client, $"/api/v1/people/{Uri.EscapeDataString(id)}", body);

        // A Malay colleague of Kedai, added by Kedai's key: the organisation and role are the key's.
        var added = await PutPersonAsync(kedai, "kedai-farid", new { name = "Farid bin Ismail", email = "farid@kedaiawan.example", language = "ms", timeZone = "Asia/Kuala_Lumpur" });
        Assert.True(added.Status == HttpStatusCode.Created, added.Body.ToString());
        Assert.Equal(("kedai", "PartnerUser", "ms"), (added.Body.GetProperty("partnerOrganisationId").GetString(),
            added.Body.GetProperty("role").GetString(), added.Body.GetProperty("language").GetString()));
        // Again with a new name: updated, and the person's language stays theirs.
        var renamed = await PutPersonAsync(kedai, "kedai-farid", new { name = "Farid Ismail", email = "farid@kedaiawan.example", language = "en" });
        Assert.Equal(HttpStatusCode.OK, renamed.Status);
        Assert.Equal(("Farid Ismail", "ms"), (renamed.Body.GetProperty("displayName").GetString(), renamed.Body.GetProperty("language").GetString()));
        // Made the organisation's partner admin, who may then invite colleagues from chat.
        var admin = await PutPersonAsync(kedai, "kedai-farid", new { name = "Farid Ismail", email = "farid@kedaiawan.example", partnerAdmin = true });
        Assert.True(admin.Body.GetProperty("partnerAdmin").GetBoolean());
        Assert.True(await _host.WithDbAsync(db => db.People.Where(p => p.Id == "kedai-farid").Select(p => p.IsPartnerAdmin).SingleAsync()));
        var audit = await _host.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == "Person" && a.EntityId == "kedai-farid").ToListAsync());
        Assert.Equal(["Added", "Modified", "Modified"], audit.OrderBy(a => a.Id).Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("api", a.Channel));

        // The importer's checks, each naming its field.
        Assert.Equal(["email"], ErrorFields(await PutPersonAsync(kedai, "kedai-x", new { name = "X", email = "not an address" })));
        Assert.Equal(["language"], ErrorFields(await PutPersonAsync(kedai, "kedai-x", new { name = "X", language = "klingon" })));
        Assert.Equal(["timeZone"], ErrorFields(await PutPersonAsync(kedai, "kedai-x", new { name = "X", timeZone = "Mars/Olympus" })));
        Assert.Equal(["name"], ErrorFields(await PutPersonAsync(kedai, "kedai-x", new { email = "x@kedaiawan.example" })));
        // What an organisation's key may not do: make staff, write into another organisation, change someone else's person.
        Assert.Equal(["role"], ErrorFields(await PutPersonAsync(kedai, "kedai-x", new { name = "X", role = "Admin" })));
        Assert.Equal(["organisation"], ErrorFields(await PutPersonAsync(kedai, "kedai-x", new { name = "X", organisation = "acme" })));
        AssertProblem(HttpStatusCode.Forbidden, await PutPersonAsync(kedai, "acme-jane", new { name = "Jane Taken" }));
        AssertProblem(HttpStatusCode.Forbidden, await PutPersonAsync(kedai, "rep-arjun", new { name = "Arjun Taken" }));
        Assert.Equal("Jane Porter", await _host.WithDbAsync(db => db.People.Where(p => p.Id == "acme-jane").Select(p => p.DisplayName).SingleAsync()));
        Assert.False(await _host.WithDbAsync(db => db.People.AnyAsync(p => p.Id == "kedai-x")));

        // A vendor key writes staff too, with the importer's rule that staff belong to no organisation.
        Assert.Equal(["organisation"], ErrorFields(await PutPersonAsync(vendor, "rep-ola", new { name = "Ola Nowak", role = "Rep", organisation = "wisla" })));
        Assert.Equal(["partnerAdmin"], ErrorFields(await PutPersonAsync(vendor, "rep-ola", new { name = "Ola Nowak", role = "Rep", partnerAdmin = true })));
        var rep = await PutPersonAsync(vendor, "rep-ola", new { name = "Ola Nowak", role = "Rep", email = "ola.nowak@vendor.example", language = "pl" });
        Assert.True(rep.Status == HttpStatusCode.Created, rep.Body.ToString());
        AssertProblem(HttpStatusCode.Forbidden, await GetAsync(kedai, "/api/v1/deals"));
    }

    [Fact]
    public async Task APartner_ThroughTheApi_IsThePartnersImportsRow_AndOnlyTheVendorsKeysWriteOne()
    {
        var vendor = Client(_host, await CreateKeyAsync(_host, "CRM sync", "partners:write"));
        var kedai = Client(_host, await CreateKeyAsync(_host, "Kedai admin", "partners:write", "kedai"));
        var reader = Client(_host, await CreateKeyAsync(_host, "CRM read", "partners:read"));
        Task<(HttpStatusCode Status, JsonElement Body)> PutPartnerAsync(HttpClient client, string id, object body) =>
            PutAsync(client, $"/api/v1/partners/{Uri.EscapeDataString(id)}", body);

        // A Polish reseller from the CRM, then moved up a tier by it: added, then updated, both audited with the key.
        var added = await PutPartnerAsync(vendor, "baltic", new
        {
            name = "Baltic Cloud Sp. z o.o.", type = "Reseller", tier = "Silver", country = "pl", domain = "BalticCloud.example",
            joinedOn = "2026-10-01", annualRevenue = 60000, salesCertifiedReps = 3, closedDeals = 2,
        });
        Assert.True(added.Status == HttpStatusCode.Created, added.Body.ToString());
        Assert.Equal(("Silver", "PL", "balticcloud.example", "2026-10-01"), (added.Body.GetProperty("tier").GetString(),
            added.Body.GetProperty("country").GetString(), added.Body.GetProperty("domain").GetString(), added.Body.GetProperty("joinedOn").GetString()));
        var moved = await PutPartnerAsync(vendor, "baltic", new { name = "Baltic Cloud Sp. z o.o.", type = "Reseller", tier = "Gold", country = "PL", domain = "balticcloud.example", joinedOn = "2026-10-01" });
        Assert.Equal(HttpStatusCode.OK, moved.Status);
        Assert.Equal("Gold", moved.Body.GetProperty("tier").GetString());
        var audit = await _host.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == "PartnerOrganisation" && a.EntityId == "baltic").ToListAsync());
        Assert.Equal(["Added", "Modified"], audit.OrderBy(a => a.Id).Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("api", a.Channel));

        // The importer's checks, each naming its field; nothing is written.
        Assert.Equal(["tier"], ErrorFields(await PutPartnerAsync(vendor, "baltic-x", new { name = "X", type = "Reseller", tier = "Diamond" })));
        Assert.Equal(["type"], ErrorFields(await PutPartnerAsync(vendor, "baltic-x", new { name = "X", type = "Astronaut", tier = "Gold" })));
        Assert.Equal(["country"], ErrorFields(await PutPartnerAsync(vendor, "baltic-x", new { name = "X", type = "Reseller", tier = "Gold", country = "Poland" })));
        Assert.Equal(["domain"], ErrorFields(await PutPartnerAsync(vendor, "baltic-x", new { name = "X", type = "Reseller", tier = "Gold", domain = "not a domain" })));
        Assert.Equal(["name"], ErrorFields(await PutPartnerAsync(vendor, "baltic-x", new { type = "Reseller", tier = "Gold" })));
        AssertProblem(HttpStatusCode.BadRequest, await PutPartnerAsync(vendor, "baltic-x", new { name = "X", type = "Reseller", tier = "Gold", colour = "red" }));
        Assert.False(await _host.WithDbAsync(db => db.PartnerOrganisations.AnyAsync(o => o.Id == "baltic-x")));

        // An organisation's key changes no organisation, not even its own; a reading key writes nothing.
        AssertProblem(HttpStatusCode.Forbidden, await PutPartnerAsync(kedai, "kedai", new { name = "Kedai Renamed", type = "Msp", tier = "Platinum" }));
        AssertProblem(HttpStatusCode.Forbidden, await PutPartnerAsync(reader, "acme", new { name = "Acme Renamed", type = "Reseller", tier = "Platinum" }));
        Assert.Equal(("Kedai Awan Sdn Bhd", "Bronze"), await _host.WithDbAsync(db => db.PartnerOrganisations.Where(o => o.Id == "kedai")
            .Select(o => new ValueTuple<string, string>(o.Name, o.Tier)).SingleAsync()));
        Assert.False(await _host.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.EntityType == "PartnerOrganisation" && a.Channel == "api" && (a.EntityId == "kedai" || a.EntityId == "acme"))));
    }
}
