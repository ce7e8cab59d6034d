using System.Net;
using Microsoft.EntityFrameworkCore;
using System.Text.Json;
using PartnerBot.Testing;
using static PartnerBot.Host.Tests.Api.ApiTestKit;

namespace PartnerBot.Host.Tests.Api;

/// <summary>
/// The REST API's authorisation matrix: key scope × organisation × endpoint. A key of one partner organisation reads
/// its own organisation and nothing of another (no name, person, deal, line or certification of theirs in any answer,
/// on any page); naming another organisation answers 403 and another organisation's row 404, whether it exists or not.
/// A vendor key reads every organisation. A key without an endpoint's scope gets 403; no key, a wrong one or a revoked
/// one gets 401. The expected scopes are written out from the demo data, not computed by the product.
/// </summary>
public sealed class ApiAuthorisationMatrixTests : IClassFixture<ApiAuthorisationMatrixTests.DemoWithKeys>
{
    /// <summary>The demo with every approved demo deal closed won (so there is commission), and a key per organisation.</summary>
    public sealed class DemoWithKeys : IAsyncLifetime
    {
        public TestHost Host { get; } = new();
        public Dictionary<string, string> OrganisationKeys { get; } = [];
        public string VendorKey { get; private set; } = "";

        public async Task InitializeAsync()
        {
            await DemoOrganisations.CloseApprovedDealsWonAsync(Host);
            foreach (var o in Organisations)
                OrganisationKeys[o.Id] = await CreateKeyAsync(Host, $"{o.Name} CRM", "*:read", o.Id);
            VendorKey = await CreateKeyAsync(Host, "Warehouse export", "*:read");
        }

        public Task DisposeAsync()
        {
            Host.Dispose();
            return Task.CompletedTask;
        }
    }

    private static readonly DemoOrganisations.Organisation[] Organisations = DemoOrganisations.All;
    private static readonly string[] Staff = DemoOrganisations.Staff;

    /// <summary>Every list of the API, with the field that names a row's organisation.</summary>
    private static readonly (string Path, string OrganisationField)[] Lists =
    [
        ("/api/v1/partners", "id"),
        ("/api/v1/people", "partnerOrganisationId"),
        ("/api/v1/deals", "partnerOrganisationId"),
        ("/api/v1/commission-lines", "partnerOrganisationId"),
        ("/api/v1/mdf/plans", "partnerOrganisationId"),
        ("/api/v1/mdf/claims", "partnerOrganisationId"),
        ("/api/v1/certifications", "partnerOrganisationId"),
    ];

    public static TheoryData<string> OrganisationIds()
    {
        var data = new TheoryData<string>();
        foreach (var o in Organisations) data.Add(o.Id);
        return data;
    }

    private readonly DemoWithKeys _demo;

    public ApiAuthorisationMatrixTests(DemoWithKeys demo) => _demo = demo;

    [Theory]
    [MemberData(nameof(OrganisationIds))]
    public async Task AKeyOfOneOrganisation_ReadsItsOwnRows_AndNothingOfAnother(string organisation)
    {
        var own = Organisations.Single(o => o.Id == organisation);
        var client = Client(_demo.Host, _demo.OrganisationKeys[organisation]);
        var everything = new List<string>();
        foreach (var (path, field) in Lists)
        {
            var items = await AllAsync(client, path);
            everything.AddRange(items.Select(i => i.GetRawText()));
            Assert.All(items, i => Assert.Equal(organisation, i.GetProperty(field).GetString()));
        }

        var partners = await AllAsync(client, "/api/v1/partners");
        Assert.Equal(own.Name, Assert.Single(partners).GetProperty("name").GetString());
        Assert.Equal(own.People.Order(), (await AllAsync(client, "/api/v1/people")).Select(p => p.GetProperty("id").GetString()).Order());
        var deals = (await AllAsync(client, "/api/v1/deals")).Select(d => d.GetProperty("id").GetString()).ToList();
        Assert.All(own.Deals, d => Assert.Contains(d.Id, deals));
        // A partner key never sees which other partners' registrations a deal overlapped.
        Assert.All(await AllAsync(client, "/api/v1/deals"), d => Assert.Equal(JsonValueKind.Null, d.GetProperty("conflictingRegistrationIds").ValueKind));
        if (own.Deals.Any(d => d.Approved))
            Assert.NotEmpty(await AllAsync(client, "/api/v1/commission-lines"));

        var text = string.Join('\n', everything);
        foreach (var other in Organisations.Where(o => o.Id != organisation))
        {
            Assert.DoesNotContain(other.Name, text);
            Assert.DoesNotContain($"\"{other.Id}\"", text);
            foreach (var person in other.People) Assert.DoesNotContain($"\"{person}\"", text);
            foreach (var deal in other.Deals)
            {
                Assert.DoesNotContain(deal.Id, text);
                Assert.DoesNotContain(deal.Company, text);
            }
        }
        // Of the vendor's staff, only the organisation's own rep is named (as its owner).
        foreach (var person in Staff.Where(p => p != own.Rep)) Assert.DoesNotContain($"\"{person}\"", text);
    }

    [Theory]
    [MemberData(nameof(OrganisationIds))]
    public async Task AKeyOfOneOrganisation_NamingAnother_Gets403_AndAnothersRows_404(string organisation)
    {
        var client = Client(_demo.Host, _demo.OrganisationKeys[organisation]);
        foreach (var other in Organisations.Where(o => o.Id != organisation).Select(o => o.Id).Append("no-such-partner"))
        {
            AssertProblem(HttpStatusCode.Forbidden, await GetAsync(client, $"/api/v1/partners/{other}"));
            AssertProblem(HttpStatusCode.Forbidden, await GetAsync(client, $"/api/v1/partners/{other}/accounts/overlap"));
            foreach (var (path, _) in Lists)
                AssertProblem(HttpStatusCode.Forbidden, await GetAsync(client, $"{path}?partner={other}"));
        }
        foreach (var other in Organisations.Where(o => o.Id != organisation))
        {
            foreach (var deal in other.Deals) AssertProblem(HttpStatusCode.NotFound, await GetAsync(client, $"/api/v1/deals/{deal.Id}"));
            foreach (var person in other.People) AssertProblem(HttpStatusCode.NotFound, await GetAsync(client, $"/api/v1/people/{person}"));
        }
        foreach (var person in Staff) AssertProblem(HttpStatusCode.NotFound, await GetAsync(client, $"/api/v1/people/{person}"));
        // Its own, by id and by filter.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, $"/api/v1/partners/{organisation}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, $"/api/v1/deals?partner={organisation}")).Status);
        foreach (var deal in Organisations.Single(o => o.Id == organisation).Deals)
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, $"/api/v1/deals/{deal.Id}")).Status);
    }

    /// <summary>Every write of the API, with a body that would be accepted for the right organisation.</summary>
    private static IEnumerable<(string Method, string Path, object Body, string Scope)> WritesAgainst(DemoOrganisations.Organisation other)
    {
        var person = other.People[0];
        yield return ("POST", $"/api/v1/partners/{other.Id}/deals",
            new { registeredBy = person, company = "Initech", contactName = "Bill", closeDate = "2027-01-15" }, "deals:write");
        yield return ("POST", $"/api/v1/partners/{other.Id}/mdf/plans", new { submittedBy = person, activityType = "webinar" }, "mdf:write");
        yield return ("PUT", $"/api/v1/people/{person}", new { name = "Taken Over" }, "people:write");
        yield return ("PUT", $"/api/v1/partners/{other.Id}", new { name = "Taken Over", type = "Reseller", tier = "Platinum" }, "partners:write");
        yield return ("PUT", $"/api/v1/partners/{other.Id}/accounts/taken-1", new { name = "Taken Over Ltd" }, "accounts:write");
        yield return ("POST", $"/api/v1/partners/{other.Id}/accounts", new object[] { new { id = "taken-2", name = "Taken Over Ltd" } }, "accounts:write");
        foreach (var deal in other.Deals)
            yield return ("POST", $"/api/v1/deals/{deal.Id}/extension", new { requestedBy = person, reason = "Taken over." }, "deals:write");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient client, string method, string path, object body) =>
        method == "PUT" ? await PutAsync(client, path, body) : await PostAsync(client, path, body);

    [Theory]
    [MemberData(nameof(OrganisationIds))]
    public async Task AWritingKeyOfOneOrganisation_WritesNothingOfAnother_AndAReadingKeyWritesNothing(string organisation)
    {
        var writer = Client(_demo.Host, await CreateKeyAsync(_demo.Host, $"{organisation} writer", "*:write", organisation));
        var reader = Client(_demo.Host, await CreateKeyAsync(_demo.Host, $"{organisation} reader", "*:read", organisation));
        var before = await _demo.Host.WithDbAsync(async db => (await db.DealRegistrations.CountAsync(), await db.MdfPlans.CountAsync(),
            await db.Certifications.CountAsync(), await db.People.CountAsync(p => p.DisplayName == "Taken Over"), await db.Leads.CountAsync(), await db.AuditLog.CountAsync()));
        foreach (var other in Organisations.Where(o => o.Id != organisation))
        {
            foreach (var (method, path, body, scope) in WritesAgainst(other))
            {
                var answer = await SendAsync(writer, method, path, body);
                Assert.True(answer.Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{method} {path}: {answer.Status} {answer.Body}");
                AssertProblem(answer.Status, answer);
                Assert.DoesNotContain(other.Name, answer.Body.GetRawText());
                var read = await SendAsync(reader, method, path, body);
                AssertProblem(HttpStatusCode.Forbidden, read);
                Assert.Contains(scope, read.Body.GetProperty("detail").GetString());
            }
            // A plan the key cannot see, whatever organisation its id suggests: 404, as for no plan at all.
            AssertProblem(HttpStatusCode.NotFound, await PostAsync(writer, $"/api/v1/mdf/plans/mdf-of-{other.Id}/claim", new { claimedBy = other.People[0], actualCost = 10 }));
            // A partner's key certifies no one, its own people included.
            foreach (var person in new[] { other.People[0], Organisations.Single(o => o.Id == organisation).People[0] })
                AssertProblem(HttpStatusCode.Forbidden, await PostAsync(writer, "/api/v1/certifications", new { person, course = "sales-certification", certifiedOn = "2026-11-20" }));
        }
        foreach (var staff in Staff) AssertProblem(HttpStatusCode.Forbidden, await PutAsync(writer, $"/api/v1/people/{staff}", new { name = "Taken Over" }));
        // Nor does it change its own organisation: organisations are the vendor's records.
        AssertProblem(HttpStatusCode.Forbidden, await PutAsync(writer, $"/api/v1/partners/{organisation}", new { name = "Taken Over", type = "Reseller", tier = "Platinum" }));
        // Nor does it hand out leads, to another organisation or its own: leads are the vendor's to give.
        AssertProblem(HttpStatusCode.Forbidden, await PostAsync(writer, "/api/v1/leads", new { company = "Initech", country = "GB" }));
        var readLead = await PostAsync(reader, "/api/v1/leads", new { company = "Initech", country = "GB" });
        AssertProblem(HttpStatusCode.Forbidden, readLead);
        Assert.Contains("leads:write", readLead.Body.GetProperty("detail").GetString());
        var after = await _demo.Host.WithDbAsync(async db => (await db.DealRegistrations.CountAsync(), await db.MdfPlans.CountAsync(),
            await db.Certifications.CountAsync(), await db.People.CountAsync(p => p.DisplayName == "Taken Over"), await db.Leads.CountAsync(), await db.AuditLog.CountAsync()));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task AVendorKey_ReadsEveryOrganisation_AndItsStaff()
    {
        var client = Client(_demo.Host, _demo.VendorKey);
        var partners = (await AllAsync(client, "/api/v1/partners")).Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.Equal(Organisations.Select(o => o.Id).Order(), partners.Order());
        var people = (await AllAsync(client, "/api/v1/people", pageSize: 5)).Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.Equal(Organisations.SelectMany(o => o.People).Concat(Staff).Order(), people.Order());
        var deals = (await AllAsync(client, "/api/v1/deals", pageSize: 3)).Select(d => d.GetProperty("id").GetString()).ToList();
        Assert.All(Organisations.SelectMany(o => o.Deals), d => Assert.Contains(d.Id, deals));
        Assert.Equal(deals.Count, deals.Distinct().Count());
        var lines = await AllAsync(client, "/api/v1/commission-lines");
        Assert.Equal(Organisations.Where(o => o.Deals.Any(d => d.Approved)).Select(o => o.Id).Order(),
            lines.Select(l => l.GetProperty("partnerOrganisationId").GetString()).Distinct().Order());
        AssertProblem(HttpStatusCode.NotFound, await GetAsync(client, "/api/v1/partners/no-such-partner"));
        AssertProblem(HttpStatusCode.NotFound, await GetAsync(client, "/api/v1/deals?partner=no-such-partner"));
    }

    [Theory]
    [InlineData("kedai", new[] { "Bronze" })]
    [InlineData("borealis", new[] { "Bronze", "Silver" })]
    [InlineData("lotus", new[] { "Bronze", "Silver", "Gold", "Platinum" })]
    public async Task Content_IsWhatTheOrganisationsTierMaySee(string organisation, string[] tiers)
    {
        var items = await AllAsync(Client(_demo.Host, _demo.OrganisationKeys[organisation]), "/api/v1/content", pageSize: 50);
        Assert.Equal(tiers.Order(), items.Select(i => i.GetProperty("minTier").GetString()).Distinct().Order());
        var all = await AllAsync(Client(_demo.Host, _demo.VendorKey), "/api/v1/content", pageSize: 50);
        Assert.True(all.Count > items.Count || tiers.Length == 4);
    }

    [Fact]
    public async Task AKeyWithoutTheScope_Gets403_NamingTheScope_AndWriteIncludesRead()
    {
        var dealsOnly = await CreateKeyAsync(_demo.Host, "Deals reader", "deals:read", "acme");
        var client = Client(_demo.Host, dealsOnly);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/api/v1/deals")).Status);
        foreach (var (path, scope) in new[]
                 {
                     ("/api/v1/partners", "partners:read"), ("/api/v1/people", "people:read"), ("/api/v1/commission-lines", "commissions:read"),
                     ("/api/v1/mdf/plans", "mdf:read"), ("/api/v1/mdf/claims", "mdf:read"), ("/api/v1/content", "content:read"),
                     ("/api/v1/certifications", "certifications:read"),
                 })
        {
            var answer = await GetAsync(client, path);
            AssertProblem(HttpStatusCode.Forbidden, answer);
            Assert.Contains(scope, answer.Body.GetProperty("detail").GetString());
        }
        var write = await PostAsync(client, "/api/v1/partners/acme/deals", new { registeredBy = "acme-jane", company = "Initech", closeDate = "2027-01-15", contactName = "Bill" });
        AssertProblem(HttpStatusCode.Forbidden, write);
        Assert.Contains("deals:write", write.Body.GetProperty("detail").GetString());

        var writer = Client(_demo.Host, await CreateKeyAsync(_demo.Host, "Deals writer", "deals:write", "acme"));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(writer, "/api/v1/deals")).Status);
        AssertProblem(HttpStatusCode.Forbidden, await GetAsync(writer, "/api/v1/people"));
    }

    [Fact]
    public async Task NoKey_AWrongKey_OrARevokedKey_Get401_WithProblemDetails()
    {
        var paths = Lists.Select(l => l.Path).Append("/api/v1/deals/DR-DEMO0ACME1").Append("/api/v1/content").ToList();
        var key = await CreateKeyAsync(_demo.Host, "Soon revoked", "*:read", "acme");
        var valid = key[..^4] + (key[^4..] == "0000" ? "1111" : "0000");
        foreach (var presented in new string?[] { null, "", "pb_nope", "Bearer", valid, "pb_" + new string('a', 12) + "_" + new string('0', 64), "' OR 1=1 --", "密钥" })
        {
            var client = _demo.Host.CreateClient();
            if (presented is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + presented);
            foreach (var path in paths)
            {
                var answer = await GetAsync(client, path);
                AssertProblem(HttpStatusCode.Unauthorized, answer);
            }
        }
        // The same key through X-Api-Key works, until it is revoked.
        var byHeader = _demo.Host.CreateClient();
        byHeader.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(byHeader, "/api/v1/deals")).Status);

        var keyId = key.Split('_')[1];
        var (code, output) = await RunAsync(_demo.Host, "apikeys", "revoke", keyId);
        Assert.True(code == 0, output);
        foreach (var path in paths)
        {
            var answer = await GetAsync(byHeader, path);
            AssertProblem(HttpStatusCode.Unauthorized, answer);
            Assert.Contains("revoked", answer.Body.GetProperty("detail").GetString());
        }
        var post = await PostAsync(Client(_demo.Host, key), "/api/v1/partners/acme/deals", new { registeredBy = "acme-jane", company = "Initech" });
        AssertProblem(HttpStatusCode.Unauthorized, post);
    }
}
