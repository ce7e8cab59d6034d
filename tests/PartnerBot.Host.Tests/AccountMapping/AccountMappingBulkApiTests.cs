using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Integrations;
using PartnerBot.Testing;
using static PartnerBot.Host.Tests.Api.ApiTestKit;

namespace PartnerBot.Host.Tests.AccountMapping;

/// <summary>
/// POST /api/v1/partners/{id}/accounts: a partner's CRM sends its whole list at once. Each row is checked as a row
/// shared in chat is; one bad row refuses the whole list with a 400 naming each bad row and field, and nothing is
/// written; a key of one organisation writes no other's list; a body too large is refused before it is read whole.
/// </summary>
public sealed class AccountMappingBulkApiTests : IDisposable
{
    private readonly TestHost _host = new();

    public void Dispose() => _host.Dispose();

    private Task<int> CountAsync(string org) => _host.WithDbAsync(db => db.PartnerAccounts.CountAsync(a => a.PartnerOrganisationId == org));

    [Fact]
    public async Task AWholeList_IsWrittenAtOnce_OrNotAtAll_WithAReasonPerBadRow()
    {
        var acme = Client(_host, await CreateKeyAsync(_host, "Acme CRM", "accounts:write", "acme"));
        var ok = await PostAsync(acme, "/api/v1/partners/acme/accounts", new object[]
        {
            new { id = "c-1", name = "Globex Corp.", kind = "Customer" },
            new { id = "c-2", name = "Zielona Łąka Piekarnia", domain = "zielona.example" },
            new { id = "c-3", name = "天虹科技", kind = "Prospect" },
        });
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Equal((3, 0, 0, 3, 2), (ok.Body.GetProperty("added").GetInt32(), ok.Body.GetProperty("updated").GetInt32(),
            ok.Body.GetProperty("unchanged").GetInt32(), ok.Body.GetProperty("shared").GetInt32(), ok.Body.GetProperty("overlapping").GetInt32()));
        // The answer counts; it names no account of the vendor's.
        Assert.DoesNotContain("Globex Corporation", ok.Body.GetRawText());

        // One good row, a formula, an unknown kind, a row without an id, one of another organisation: nothing is written.
        var bad = await PostAsync(acme, "/api/v1/partners/acme/accounts", new object[]
        {
            new { id = "c-4", name = "Good Company" },
            new { id = "c-5", name = "=HYPERLINK(\"http://evil.example\")" },
            new { id = "c-6", name = "Quiet Meadow", kind = "partner" },
            new { name = "No Id Ltd" },
        });
        var fields = ErrorFields(bad);
        Assert.Contains("rows[1].name", fields);
        Assert.Contains("rows[2].kind", fields);
        Assert.Contains(fields, f => f.StartsWith("rows[3]", StringComparison.Ordinal));
        Assert.DoesNotContain(fields, f => f.StartsWith("rows[0]", StringComparison.Ordinal));
        Assert.Equal(3, await CountAsync("acme"));

        // A row naming another organisation is not a field of this body; an empty list, nulls and non-lists are refused.
        AssertProblem(HttpStatusCode.BadRequest, await PostAsync(acme, "/api/v1/partners/acme/accounts", new object[] { new { id = "x-1", name = "Planted", organisation = "borealis" } }));
        Assert.Contains("rows", ErrorFields(await PostAsync(acme, "/api/v1/partners/acme/accounts", "[]")));
        Assert.Contains("rows[1]", ErrorFields(await PostAsync(acme, "/api/v1/partners/acme/accounts", "[{\"id\":\"n-1\",\"name\":\"Fine Ltd\"},null]")));
        AssertProblem(HttpStatusCode.BadRequest, await PostAsync(acme, "/api/v1/partners/acme/accounts", "{\"id\":\"c-9\",\"name\":\"Not A List\"}"));
        AssertProblem(HttpStatusCode.BadRequest, await PostAsync(acme, "/api/v1/partners/acme/accounts", "[{\"id\":\"c-9\",\"name\":"));
        // More rows than Program:AccountMapping:MaxAccountsPerPartner (5000): refused whole, the answer naming 20 rows and counting the rest.
        var tooMany = await PostAsync(acme, "/api/v1/partners/acme/accounts", "[" + string.Join(",", Enumerable.Range(0, 5_030).Select(i => $"{{\"id\":\"m-{i}\",\"name\":\"Many Row Company {i}\"}}")) + "]");
        var named = ErrorFields(tooMany);
        Assert.Equal(ApiWrites.ListedRowProblems + 1, named.Count);
        Assert.Contains("Nothing was shared: 33 of 5030 rows need fixing; the first 20 are named.", tooMany.Body.GetProperty("errors").GetProperty("rows")[0].GetString());
        var huge = "[" + string.Join(",", Enumerable.Range(0, 60_000).Select(i => $"{{\"id\":\"h-{i}\",\"name\":\"Huge Row Company {i}\"}}")) + "]";
        AssertProblem(HttpStatusCode.RequestEntityTooLarge, await PostAsync(acme, "/api/v1/partners/acme/accounts", huge));
        Assert.Equal(3, await CountAsync("acme"));

        // Sent again with one name changed: one updated, two unchanged.
        var again = await PostAsync(acme, "/api/v1/partners/acme/accounts", new object[]
        {
            new { id = "c-1", name = "Globex Corp.", kind = "Customer" },
            new { id = "c-2", name = "Zielona Łąka Piekarnia Sp. z o.o.", domain = "zielona.example" },
            new { id = "c-3", name = "天虹科技", kind = "Prospect" },
        });
        Assert.Equal((0, 1, 2), (again.Body.GetProperty("added").GetInt32(), again.Body.GetProperty("updated").GetInt32(), again.Body.GetProperty("unchanged").GetInt32()));

        // Another organisation's list, a reading key, and no key at all write nothing.
        AssertProblem(HttpStatusCode.Forbidden, await PostAsync(acme, "/api/v1/partners/borealis/accounts", new object[] { new { id = "t-1", name = "Taken Over Ltd" } }));
        var reader = Client(_host, await CreateKeyAsync(_host, "Acme BI", "accounts:read", "acme"));
        AssertProblem(HttpStatusCode.Forbidden, await PostAsync(reader, "/api/v1/partners/acme/accounts", new object[] { new { id = "t-2", name = "Read Only Ltd" } }));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Client(_host, null), "/api/v1/partners/acme/accounts", new object[] { new { id = "t-3", name = "Anon Ltd" } })).Status);
        Assert.Equal(0, await CountAsync("borealis"));
        Assert.Equal(3, await CountAsync("acme"));
        // Audited as the key.
        Assert.True(await _host.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.EntityType == "PartnerAccount" && a.ActorId.StartsWith("apikey"))));
    }
}
