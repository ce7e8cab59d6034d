using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PartnerBot.Host.Api;
using PartnerBot.Testing;

namespace PartnerBot.Host.Tests.Api;

/// <summary>What an integration does: gets a key from the operator's command line, then calls the API with it.</summary>
internal static class ApiTestKit
{
    /// <summary>Runs `apikeys create` against the host's database and returns the plain key it printed once.</summary>
    public static async Task<string> CreateKeyAsync(TestHost host, string name, string scopes, string? organisation = null)
    {
        string[] args = organisation is null
            ? ["apikeys", "create", "--name", name, "--scopes", scopes]
            : ["apikeys", "create", "--name", name, "--scopes", scopes, "--organisation", organisation];
        var (code, output) = await RunAsync(host, args);
        Assert.True(code == 0, output);
        return output.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("pb_", StringComparison.Ordinal));
    }

    public static async Task<(int Code, string Output)> RunAsync(TestHost host, params string[] args)
    {
        var output = new StringWriter();
        var code = await ApiKeysCommandLine.RunAsync(host.Services, args, output);
        return (code, output.ToString());
    }

    public static HttpClient Client(TestHost host, string? key)
    {
        var client = host.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        return (response.StatusCode, await BodyAsync(response));
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string path, object body)
    {
        var response = body is string raw
            ? await client.PostAsync(path, new StringContent(raw, System.Text.Encoding.UTF8, "application/json"))
            : await client.PostAsJsonAsync(path, body);
        return (response.StatusCode, await BodyAsync(response));
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PutAsync(HttpClient client, string path, object body) =>
        await AnswerAsync(await client.PutAsJsonAsync(path, body));

    private static async Task<(HttpStatusCode Status, JsonElement Body)> AnswerAsync(HttpResponseMessage response) =>
        (response.StatusCode, await BodyAsync(response));

    /// <summary>Every error answer of the API is problem details: a title, a status, and what to do.</summary>
    public static void AssertProblem(HttpStatusCode expected, (HttpStatusCode Status, JsonElement Body) answer)
    {
        Assert.True(expected == answer.Status, $"Expected {expected}, got {answer.Status}: {answer.Body}");
        Assert.Equal((int)expected, answer.Body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(answer.Body.GetProperty("title").GetString()));
    }

    /// <summary>The fields a 400 names in its "errors".</summary>
    public static IReadOnlyList<string> ErrorFields((HttpStatusCode Status, JsonElement Body) answer)
    {
        AssertProblem(HttpStatusCode.BadRequest, answer);
        return answer.Body.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
    }

    /// <summary>Every item of a list, following `next` page by page (bounded).</summary>
    public static async Task<List<JsonElement>> AllAsync(HttpClient client, string path, int pageSize = 2)
    {
        var items = new List<JsonElement>();
        string? after = null;
        for (var page = 0; page < 200; page++)
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var (status, body) = await GetAsync(client, $"{path}{separator}limit={pageSize}" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}"));
            Assert.True(status == HttpStatusCode.OK, $"{path}: {status} {body}");
            items.AddRange(body.GetProperty("items").EnumerateArray());
            if (body.GetProperty("next").ValueKind == JsonValueKind.Null) return items;
            after = body.GetProperty("next").GetString();
        }
        throw new InvalidOperationException($"{path} did not end within 200 pages.");
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0) return default;
        try { return JsonDocument.Parse(text).RootElement.Clone(); }
        catch (JsonException) { return JsonDocument.Parse(JsonSerializer.Serialize(new { raw = text })).RootElement.Clone(); }
    }
}
