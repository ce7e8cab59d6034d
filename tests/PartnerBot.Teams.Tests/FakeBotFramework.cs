using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PartnerBot.Teams.Tests;

public sealed record RecordedRequest(string Method, string Path, string? Authorization, JsonNode? Body);

/// <summary>
/// The Bot Framework's side, on 127.0.0.1: the Bot Connector (records what the bot sends; can be told to fail),
/// the token endpoint (counts tokens handed out) and the OpenID metadata + JWKS with a locally generated RSA key
/// (mints the tokens the "connector" would send with its activities).
/// </summary>
public sealed class FakeBotFramework : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";
    public const string AppId = "11111111-2222-4333-8444-555555555555";
    private readonly WebApplication _app;
    private int _activityCounter;

    private FakeBotFramework(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }
    public string ServiceUrl => Url + "/connector";
    public string MetadataUrl => Url + "/openid";
    public RSA Rsa { get; private set; } = RSA.Create(2048);
    public string KeyId { get; private set; } = "test-key-1";

    /// <summary>A key in the JWKS, with the channels it is endorsed for (the Bot Framework's "endorsements").</summary>
    public sealed record Key(string Kid, RSA Rsa, string[] Endorsements);

    private volatile Key[] _published = [];

    /// <summary>What /keys serves now: the signing key first, endorsed for msteams and webchat.</summary>
    public IReadOnlyList<Key> Published => _published;

    /// <summary>Signs with a new key from now on and publishes only that one (a key rollover).</summary>
    public void RotateKey()
    {
        Rsa = RSA.Create(2048);
        KeyId = $"test-key-{Guid.NewGuid():N}";
        _published = [new Key(KeyId, Rsa, ["msteams", "webchat"])];
    }

    /// <summary>Publishes one more key (the signing key stays), endorsed for these channels.</summary>
    public RSA Publish(string kid, params string[] endorsements)
    {
        var rsa = RSA.Create(2048);
        _published = [.. _published, new Key(kid, rsa, endorsements)];
        return rsa;
    }

    /// <summary>Stops publishing a key (as the Bot Framework does when it retires one).</summary>
    public void Unpublish(string kid) => _published = _published.Where(k => k.Kid != kid).ToArray();
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    /// <summary>What GET /v3/conversations/{id}/members/{userId} answers, by user id (the AAD object id or the 29: id).</summary>
    public ConcurrentDictionary<string, JsonObject> Members { get; } = new();
    /// <summary>Answers to give connector calls before succeeding: (status, Retry-After header or null).</summary>
    public ConcurrentQueue<(int Status, string? RetryAfter)> Failures { get; } = new();
    /// <summary>While set, every connector call answers this status (a connector that is down).</summary>
    public int? AlwaysFail { get; set; }
    /// <summary>The connector calls answered with success: what the bot may count as sent.</summary>
    public ConcurrentQueue<(string Path, JsonNode Activity)> Answered { get; } = new();
    private int _tokenRequests;
    private int _keyFetches;
    /// <summary>How many times the JWKS was fetched.</summary>
    public int KeyFetches => _keyFetches;
    public int TokenRequests => _tokenRequests;
    public int TokenLifetimeSeconds { get; set; } = 3600;

    public static async Task<FakeBotFramework> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeBotFramework? fake = null;
        app.MapGet("/openid", () => Results.Json(new JsonObject
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = fake!.Url + "/keys",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        }));
        app.MapGet("/keys", () =>
        {
            Interlocked.Increment(ref fake!._keyFetches);
            var keys = new JsonArray();
            foreach (var k in fake.Published)
            {
                var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(k.Rsa.ExportParameters(false)) { KeyId = k.Kid });
                keys.Add(new JsonObject
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["kid"] = jwk.Kid, ["n"] = jwk.N, ["e"] = jwk.E,
                    ["endorsements"] = new JsonArray(k.Endorsements.Select(e => (JsonNode)e).ToArray()),
                });
            }
            return Results.Json(new JsonObject { ["keys"] = keys });
        });
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpRequest req) =>
        {
            var form = await req.ReadFormAsync();
            var n = Interlocked.Increment(ref fake!._tokenRequests);
            fake.Requests.Enqueue(new RecordedRequest("POST", req.Path, null, new JsonObject
            {
                ["client_id"] = form["client_id"].ToString(), ["grant_type"] = form["grant_type"].ToString(), ["scope"] = form["scope"].ToString(),
            }));
            return Results.Json(new { access_token = $"token-{n}", expires_in = fake.TokenLifetimeSeconds, token_type = "Bearer" });
        });
        app.Map("/connector/{**rest}", async (HttpContext ctx) =>
        {
            JsonNode? body = null;
            try { body = await JsonNode.ParseAsync(ctx.Request.Body); } catch (JsonException) { }
            var path = ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget["/connector".Length..];
            fake!.Requests.Enqueue(new RecordedRequest(ctx.Request.Method, path, ctx.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, body));
            if (fake.Failures.TryDequeue(out var failure))
            {
                if (failure.RetryAfter is not null) ctx.Response.Headers.RetryAfter = failure.RetryAfter;
                return Results.StatusCode(failure.Status);
            }
            if (fake.AlwaysFail is { } status) return Results.StatusCode(status);
            if (ctx.Request.Method == "GET" && path.Split('/') is [_, "v3", "conversations", _, "members", var memberId])
                return fake.Members.TryGetValue(Uri.UnescapeDataString(memberId), out var member)
                    ? Results.Json(member)
                    : Results.Json(new { error = new { code = "MemberNotFoundInConversation", message = "The member is not in the conversation." } }, statusCode: 404);
            if (body is not null) fake.Answered.Enqueue((path, body));
            var n = Interlocked.Increment(ref fake._activityCounter);
            if (path == "/v3/conversations")
                return Results.Json(new { id = $"a:personal-{body?["members"]?[0]?["id"]}", activityId = $"act-{n}" }, statusCode: 201);
            return Results.Json(new { id = $"act-{n}" }, statusCode: ctx.Request.Method == "PUT" ? 200 : 201);
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        fake = new FakeBotFramework(app, url.TrimEnd('/'));
        fake._published = [new Key(fake.KeyId, fake.Rsa, ["msteams", "webchat"])];
        return fake;
    }

    /// <summary>Activities the bot sent into conversations (replies, proactive, typing), in order.</summary>
    public List<(string Path, JsonNode Activity)> Sent() =>
        Requests.Where(r => r.Path.StartsWith("/v3/conversations/", StringComparison.Ordinal) && r.Body is not null)
            .Select(r => (r.Path, r.Body!)).ToList();

    /// <summary>The text of a sent activity, or the plain texts of its card's TextBlocks.</summary>
    public static string TextOf(JsonNode activity)
    {
        if (activity["text"]?.GetValue<string>() is { } t) return t;
        var card = activity["attachments"]?[0]?["content"];
        return card is null ? "" : string.Join("\n", AllText(card));
    }

    private static IEnumerable<string> AllText(JsonNode node)
    {
        if (node is JsonObject o)
        {
            foreach (var key in new[] { "text", "title", "value", "label" })
                if (o[key] is JsonValue v && v.TryGetValue<string>(out var s)) yield return s;
            foreach (var (_, child) in o)
                if (child is not null and not JsonValue) foreach (var x in AllText(child)) yield return x;
        }
        else if (node is JsonArray a)
        {
            foreach (var child in a) if (child is not null) foreach (var x in AllText(child)) yield return x;
        }
    }

    /// <summary>A token as the Bot Connector would send it, signed with this fake's key unless told otherwise.</summary>
    /// <param name="kid">The key id in the header: the signing key's by default; "" leaves it out.</param>
    public string Token(DateTimeOffset now, string? serviceUrl = null, string issuer = Issuer, string audience = AppId,
        TimeSpan? lifetime = null, RSA? signWith = null, string? kid = null, IDictionary<string, object>? claims = null)
    {
        var key = new RsaSecurityKey(signWith ?? Rsa) { KeyId = kid is "" ? null : kid ?? KeyId };
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var expires = now + (lifetime ?? TimeSpan.FromHours(1));
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = (expires - TimeSpan.FromHours(2)).UtcDateTime,
            NotBefore = (expires - TimeSpan.FromHours(2)).UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = new Dictionary<string, object>(claims ?? new Dictionary<string, object>()) { ["serviceurl"] = serviceUrl ?? ServiceUrl },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The claims a valid token carries, to be changed by a forgery.</summary>
    public JsonObject Claims(DateTimeOffset now) => new()
    {
        ["iss"] = Issuer, ["aud"] = AppId, ["serviceurl"] = ServiceUrl,
        ["nbf"] = now.AddMinutes(-10).ToUnixTimeSeconds(), ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
    };

    /// <summary>A JWT with exactly this header and payload, signed RS256 with <paramref name="rsa"/>.</summary>
    public static string SignRaw(JsonObject header, JsonObject payload, RSA rsa)
    {
        var signingInput = Base64UrlEncoder.Encode(header.ToJsonString()) + "." + Base64UrlEncoder.Encode(payload.ToJsonString());
        var signature = rsa.SignData(System.Text.Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64UrlEncoder.Encode(signature);
    }

    /// <summary>An unsigned token (alg "none") with otherwise valid claims.</summary>
    public string UnsignedToken(DateTimeOffset now)
    {
        static string B64(string s) => Base64UrlEncoder.Encode(s);
        var header = B64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var payload = B64(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = Issuer, ["aud"] = AppId, ["serviceurl"] = ServiceUrl,
            ["nbf"] = now.AddMinutes(-10).ToUnixTimeSeconds(), ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        }));
        return $"{header}.{payload}.";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Rsa.Dispose();
    }
}
