using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PartnerBot.Host;

/// <summary>
/// Reads a JSON request body of at most a given size, answering a body too large with 413 and one that is not the JSON
/// expected with 400, naming the field that was wrong when the parser knows it. Never an exception for bad input.
/// </summary>
public static class JsonBody
{
    /// <param name="what">What the body should be, for the message ("a chat message").</param>
    public static async Task<(T? Body, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, int maxBytes, JsonSerializerOptions json,
        string what, CancellationToken ct) where T : class
    {
        if (request.ContentLength > maxBytes) return (null, TooLarge(maxBytes));
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return (null, TooLarge(maxBytes));
            buffer.Write(chunk, 0, read);
        }
        try
        {
            var body = JsonSerializer.Deserialize<T>(buffer.ToArray(), json);
            return body is null
                ? (null, TypedResults.Problem("The body is empty: send a JSON object.", statusCode: 400, title: "Malformed JSON"))
                : (body, null);
        }
        catch (JsonException ex)
        {
            var field = Field(ex.Path);
            var extensions = field is null ? null : new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [ex.Message] } };
            return (null, TypedResults.Problem($"The body is not valid JSON for {what}: {ex.Message}", statusCode: 400, title: "Malformed JSON",
                extensions: extensions));
        }
    }

    /// <summary>"$.closeDate" → "closeDate"; null for the body as a whole.</summary>
    private static string? Field(string? path) =>
        path is null || path.Length <= 2 || !path.StartsWith("$.", StringComparison.Ordinal) ? null : path[2..];

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        TypedResults.Problem($"The request body is larger than {maxBytes:N0} bytes.", statusCode: 413, title: "Too large");
}
