using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PartnerBot.Testing;
using static PartnerBot.Host.Tests.Api.ApiTestKit;

namespace PartnerBot.Host.Tests.Api;

/// <summary>
/// Keys as the operator manages them (`apikeys create|list|revoke`), stored as hashes only; the OpenAPI document and
/// its reference page; and the per-key rate limit.
/// </summary>
public sealed class ApiKeysAndDocsTests : IDisposable
{
    private readonly TestHost _host = new(settings: new Dictionary<string, string?> { ["Limits:ApiKeyPerMinute"] = "5" });

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task TheDatabase_NeverHoldsThePlainKey_NorItsSecret_AndTheListDoesNotShowIt()
    {
        var key = await CreateKeyAsync(_host, "HubSpot sync", "deals:write,partners:read", "acme");
        var secret = key.Split('_')[2];
        Assert.Equal(64, secret.Length);
        // Used once, so every column a use touches is written too.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(Client(_host, key), "/api/v1/deals")).Status);

        var (rows, audit) = await _host.WithDbAsync(async db => (
            await db.ApiKeys.AsNoTracking().ToListAsync(),
            await db.AuditLog.AsNoTracking().Where(a => a.EntityType == "ApiKey").Select(a => a.ActorId + a.Changes).ToListAsync()));
        var row = Assert.Single(rows);
        Assert.Equal(key.Split('_')[1], row.Id);
        Assert.Equal("deals:write partners:read", row.Scopes);
        var stored = JsonSerializer.Serialize(row) + string.Join('\n', audit);
        Assert.DoesNotContain(secret, stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(secret[..16], stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(row.SecretHash, string.Join('\n', audit));
        Assert.Contains(audit, a => a.StartsWith("operator", StringComparison.Ordinal) && a.Contains("HubSpot sync", StringComparison.Ordinal));
        if (!TestStorage.OnPostgreSql)
        {
            // And not in any page of the SQLite file or its write-ahead log, as text or as the hex of its bytes.
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _host.DatabasePath, _host.DatabasePath + "-wal" }.Where(File.Exists))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(secret)));
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Convert.FromHexString(secret)));
            }
        }

        var (code, list) = await RunAsync(_host, "apikeys", "list");
        Assert.Equal(0, code);
        Assert.Contains(row.Id, list);
        Assert.Contains("HubSpot sync", list);
        Assert.Contains("last used", list);
        Assert.DoesNotContain(secret, list);
    }

    [Fact]
    public async Task TheCommandLine_RefusesWhatItCannotMake_AndRevokes()
    {
        Assert.Equal(2, (await RunAsync(_host, "apikeys")).Code);
        Assert.Equal(2, (await RunAsync(_host, "apikeys", "rotate")).Code);
        Assert.Equal(2, (await RunAsync(_host, "apikeys", "create", "--name", "No scopes")).Code);
        Assert.Equal(2, (await RunAsync(_host, "apikeys", "create", "--name", "x", "--scopes", "deals:read", "--admin", "yes")).Code);
        var (code, output) = await RunAsync(_host, "apikeys", "create", "--name", "Bad scope", "--scopes", "deals:delete");
        Assert.Equal(1, code);
        Assert.Contains("'deals:delete' is not a scope", output);
        (code, output) = await RunAsync(_host, "apikeys", "create", "--name", "Bad area", "--scopes", "payroll:read");
        Assert.Equal(1, code);
        (code, output) = await RunAsync(_host, "apikeys", "create", "--name", "Nowhere", "--scopes", "deals:read", "--organisation", "no-such-partner");
        Assert.Equal(1, code);
        Assert.Contains("no-such-partner", output);
        Assert.Equal(0, await _host.WithDbAsync(db => db.ApiKeys.CountAsync()));

        var key = await CreateKeyAsync(_host, "Kedai HubSpot", "*:read", "kedai");
        Assert.Equal(1, (await RunAsync(_host, "apikeys", "revoke", "nosuchkey")).Code);
        Assert.Equal(0, (await RunAsync(_host, "apikeys", "revoke", key.Split('_')[1])).Code);
        Assert.Contains("revoked", (await RunAsync(_host, "apikeys", "list")).Output);
        AssertProblem(HttpStatusCode.Unauthorized, await GetAsync(Client(_host, key), "/api/v1/partners"));
        var revokedAudit = await _host.WithDbAsync(db => db.AuditLog.CountAsync(a => a.EntityType == "ApiKey" && a.Action == "Modified" && a.Changes.Contains("RevokedAt")));
        Assert.Equal(1, revokedAudit);
    }

    [Fact]
    public async Task TheOpenApiDocument_ListsEveryEndpoint_WithTheKeyScheme_AndTheReferencePageIsServed()
    {
        var client = _host.CreateClient();
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        var paths = root.GetProperty("paths").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateObject().Select(o => o.Name).ToList());
        var expected = new Dictionary<string, string[]>
        {
            ["/api/v1/partners"] = ["get"], ["/api/v1/partners/{id}"] = ["get", "put"], ["/api/v1/partners/{partnerId}/deals"] = ["post"], ["/api/v1/partners/{partnerId}/mdf/plans"] = ["post"],
            ["/api/v1/partners/{partnerId}/accounts"] = ["post"], ["/api/v1/partners/{partnerId}/accounts/{id}"] = ["put"], ["/api/v1/partners/{partnerId}/accounts/overlap"] = ["get"],
            ["/api/v1/people"] = ["get"], ["/api/v1/people/{id}"] = ["get", "put"],
            ["/api/v1/deals"] = ["get"], ["/api/v1/deals/{id}"] = ["get"], ["/api/v1/deals/{id}/extension"] = ["post"],
            ["/api/v1/commission-lines"] = ["get"], ["/api/v1/mdf/plans"] = ["get"], ["/api/v1/mdf/claims"] = ["get"],
            ["/api/v1/mdf/plans/{id}/claim"] = ["post"], ["/api/v1/content"] = ["get"], ["/api/v1/certifications"] = ["get", "post"],
            ["/api/v1/leads"] = ["post"],
        };
        Assert.Equal(expected.Keys.Order(), paths.Keys.Order());
        foreach (var (path, methods) in expected) Assert.Equal(methods, paths[path]);
        // Every operation says which scope it needs; the key scheme is declared for the whole document.
        foreach (var path in root.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
                Assert.Contains("Needs the scope `", operation.Value.GetProperty("description").GetString());
        Assert.Equal("bearer", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("scheme").GetString());
        Assert.True(root.GetProperty("security")[0].TryGetProperty("ApiKey", out _));
        var registration = root.GetProperty("paths").GetProperty("/api/v1/partners/{partnerId}/deals").GetProperty("post");
        Assert.Contains("application/json", registration.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(c => c.Name));

        var page = await client.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(html.Contains("openapi/v1.json", StringComparison.Ordinal), html);
    }

    [Fact]
    public async Task TheRateLimit_CountsPerKey_AndAnswers429WithRetryAfter()
    {
        var busy = Client(_host, await CreateKeyAsync(_host, "Busy sync", "*:read", "acme"));
        var quiet = Client(_host, await CreateKeyAsync(_host, "Quiet sync", "*:read", "borealis"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++) statuses.Add((await busy.GetAsync("/api/v1/partners")).StatusCode);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5), statuses.Take(5));
        Assert.All(statuses.Skip(5), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        var refused = await busy.GetAsync("/api/v1/deals");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("Limits:ApiKeyPerMinute", await refused.Content.ReadAsStringAsync());
        // Another key is not held up by the busy one.
        Assert.Equal(HttpStatusCode.OK, (await quiet.GetAsync("/api/v1/partners")).StatusCode);
    }
}
