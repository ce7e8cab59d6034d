using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>
/// Forged Bot Framework tokens, each against the real host with authentication on: every one answers 401 and
/// nothing is processed (no turn recorded, nothing sent to the connector). Cases follow the Bot Framework's rules for
/// requests from the Bot Connector: issuer, audience, lifetime, a signature by the published key the header's kid
/// names, that key's endorsement for the activity's channel, and the serviceurl claim.
/// </summary>
public sealed class TokenForgeryTests : IAsyncLifetime
{
    private FakeBotFramework _fake = null!;
    private TestHost _host = null!;
    private DateTimeOffset Now => _host.Clock.GetUtcNow();

    public async Task InitializeAsync()
    {
        _fake = await FakeBotFramework.StartAsync();
        _host = TeamsHost.Create(_fake, authenticate: true);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _fake.DisposeAsync();
    }

    private sealed record Forgery(string? Authorization, JsonObject Activity);

    private Forgery Bearer(string token) => new($"Bearer {token}", Demo.Message(_fake.ServiceUrl, "help"));

    private static string B64(string s) => Base64UrlEncoder.Encode(s);

    private static JsonObject Header(string? kid, string alg = "RS256")
    {
        var h = new JsonObject { ["alg"] = alg, ["typ"] = "JWT" };
        if (kid is not null) h["kid"] = kid;
        return h;
    }

    private string Hs256(byte[] secret, string? kid)
    {
        var input = B64(Header(kid, "HS256").ToJsonString()) + "." + B64(_fake.Claims(Now).ToJsonString());
        return input + "." + Base64UrlEncoder.Encode(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input)));
    }

    private string Signed(Action<JsonObject> change, string? kid = "default", RSA? rsa = null)
    {
        var claims = _fake.Claims(Now);
        change(claims);
        return FakeBotFramework.SignRaw(Header(kid == "default" ? _fake.KeyId : kid), claims, rsa ?? _fake.Rsa);
    }

    public static TheoryData<string> Cases => new(ForgeryNames);

    private static readonly string[] ForgeryNames =
    [
        "no authorization header", "basic scheme", "bearer with nothing", "garbage", "two parts", "five parts (JWE shape)",
        "alg none", "alg none naming the published kid", "HS256 keyed with the public key PEM", "HS256 keyed with the modulus",
        "signed by an unknown key under the published kid", "no kid, signed by the published key", "unknown kid, signed by the published key",
        "kid of a key removed from the metadata", "key endorsed only for another channel", "key endorsed for no channel",
        "activity on a channel the key is not endorsed for", "activity without a channel", "wrong issuer", "issuer with a trailing slash",
        "emulator issuer", "wrong audience", "audience of the Bot Framework itself", "no audience", "expired beyond the skew",
        "not valid for another hour", "no expiry", "serviceurl differs", "no serviceurl claim", "payload tampered after signing",
        "header kid swapped after signing", "signature stripped", "signature from another token", "alg relabelled RS512",
        "kid with a path in it", "oversized token",
    ];

    private async Task<Forgery> ForgeAsync(string name)
    {
        var message = Demo.Message(_fake.ServiceUrl, "help");
        switch (name)
        {
            case "no authorization header": return new(null, message);
            case "basic scheme": return new($"Basic {Convert.ToBase64String(Encoding.ASCII.GetBytes("bot:secret"))}", message);
            case "bearer with nothing": return new("Bearer ", message);
            case "garbage": return Bearer("not.a.jwt");
            case "two parts": return Bearer(B64(Header(_fake.KeyId).ToJsonString()) + "." + B64(_fake.Claims(Now).ToJsonString()));
            case "five parts (JWE shape)": return Bearer(string.Join('.', Enumerable.Repeat(B64("{\"alg\":\"RSA-OAEP\"}"), 5)));
            case "alg none": return Bearer(_fake.UnsignedToken(Now));
            case "alg none naming the published kid":
                return Bearer(B64(Header(_fake.KeyId, "none").ToJsonString()) + "." + B64(_fake.Claims(Now).ToJsonString()) + ".");
            case "HS256 keyed with the public key PEM": return Bearer(Hs256(Encoding.ASCII.GetBytes(_fake.Rsa.ExportSubjectPublicKeyInfoPem()), _fake.KeyId));
            case "HS256 keyed with the modulus": return Bearer(Hs256(_fake.Rsa.ExportParameters(false).Modulus!, _fake.KeyId));
            case "signed by an unknown key under the published kid":
            {
                using var other = RSA.Create(2048);
                return Bearer(_fake.Token(Now, signWith: other));
            }
            case "no kid, signed by the published key": return Bearer(_fake.Token(Now, kid: ""));
            case "unknown kid, signed by the published key": return Bearer(_fake.Token(Now, kid: "made-up-key"));
            case "kid of a key removed from the metadata":
            {
                // The key worked while it was published; once retired (and the keys fetched again) it does not.
                var old = _fake.Publish("retiring-key", "msteams");
                Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help", id: "before-retire"),
                    _fake.Token(Now, signWith: old, kid: "retiring-key"))).StatusCode);
                _fake.Unpublish("retiring-key");
                _host.Clock.Advance(BotFrameworkAuthentication.RefreshInterval + TimeSpan.FromMinutes(1));
                return Bearer(_fake.Token(Now, signWith: old, kid: "retiring-key"));
            }
            case "key endorsed only for another channel":
                return Bearer(_fake.Token(Now, signWith: _fake.Publish("skype-key", "skype"), kid: "skype-key"));
            case "key endorsed for no channel":
                return Bearer(_fake.Token(Now, signWith: _fake.Publish("bare-key"), kid: "bare-key"));
            case "activity on a channel the key is not endorsed for":
                message["channelId"] = "slack";
                return new($"Bearer {_fake.Token(Now)}", message);
            case "activity without a channel":
                message.Remove("channelId");
                return new($"Bearer {_fake.Token(Now)}", message);
            case "wrong issuer": return Bearer(_fake.Token(Now, issuer: "https://sts.windows.net/evil/"));
            case "issuer with a trailing slash": return Bearer(_fake.Token(Now, issuer: FakeBotFramework.Issuer + "/"));
            case "emulator issuer": return Bearer(_fake.Token(Now, issuer: "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/"));
            case "wrong audience": return Bearer(_fake.Token(Now, audience: "99999999-2222-4333-8444-555555555555"));
            case "audience of the Bot Framework itself": return Bearer(_fake.Token(Now, audience: "https://api.botframework.com"));
            case "no audience": return Bearer(Signed(c => c.Remove("aud")));
            case "expired beyond the skew": return Bearer(_fake.Token(Now, lifetime: TimeSpan.FromMinutes(-6)));
            case "not valid for another hour": return Bearer(_fake.Token(Now, lifetime: TimeSpan.FromHours(3)));
            case "no expiry": return Bearer(Signed(c => c.Remove("exp")));
            case "serviceurl differs": return Bearer(_fake.Token(Now, serviceUrl: "https://smba.trafficmanager.net/emea/"));
            case "no serviceurl claim": return Bearer(Signed(c => c.Remove("serviceurl")));
            case "payload tampered after signing":
            {
                var parts = _fake.Token(Now, audience: "another-bot").Split('.');
                var claims = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
                claims["aud"] = FakeBotFramework.AppId;
                return Bearer($"{parts[0]}.{B64(claims.ToJsonString())}.{parts[2]}");
            }
            case "header kid swapped after signing":
            {
                using var own = RSA.Create(2048);
                var parts = FakeBotFramework.SignRaw(Header("attacker-key"), _fake.Claims(Now), own).Split('.');
                return Bearer($"{B64(Header(_fake.KeyId).ToJsonString())}.{parts[1]}.{parts[2]}");
            }
            case "signature stripped":
            {
                var parts = _fake.Token(Now).Split('.');
                return Bearer($"{parts[0]}.{parts[1]}.");
            }
            case "signature from another token":
            {
                var real = _fake.Token(Now, serviceUrl: "https://smba.trafficmanager.net/emea/").Split('.');
                var wanted = _fake.Token(Now).Split('.');
                var claims = JsonNode.Parse(Base64UrlEncoder.Decode(wanted[1]))!.AsObject();
                claims["jti"] = "forged";
                return Bearer($"{real[0]}.{B64(claims.ToJsonString())}.{real[2]}");
            }
            case "alg relabelled RS512":
            {
                var parts = _fake.Token(Now).Split('.');
                return Bearer($"{B64(Header(_fake.KeyId, "RS512").ToJsonString())}.{parts[1]}.{parts[2]}");
            }
            case "kid with a path in it": return Bearer(_fake.Token(Now, kid: "../../keys/" + _fake.KeyId));
            case "oversized token": return Bearer(Signed(c => c["pad"] = new string('x', 20_000)));
            default: throw new ArgumentException($"No forgery called {name}.", nameof(name));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ForgedToken_Answers401_AndNothingIsProcessed(string forgery)
    {
        var (authorization, activity) = await ForgeAsync(forgery);
        var processedBefore = await _host.WithDbAsync(db => db.ProcessedInbounds.CountAsync());
        var sentBefore = _fake.Sent().Count;

        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, TeamsEndpoints.Path)
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"PartnerBot\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(processedBefore, await _host.WithDbAsync(db => db.ProcessedInbounds.CountAsync()));
        Assert.Equal(sentBefore, _fake.Sent().Count);
    }

    [Fact]
    public void TheSuiteHasAtLeastThirtyForgeries() => Assert.True(ForgeryNames.Distinct().Count() >= 30);

    [Fact]
    public async Task UnknownKids_FetchTheKeysAtMostOnceAMinute()
    {
        var fetches = _fake.KeyFetches;
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help"), _fake.Token(Now, kid: $"made-up-{i}"))).StatusCode);

        // The first fetch at start plus one forced refresh for the first unknown kid: the other four were refused from what was held.
        Assert.True(_fake.KeyFetches - fetches <= 2, $"{_fake.KeyFetches - fetches} fetches");
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help"), _fake.Token(Now))).StatusCode);
    }

    [Fact]
    public async Task SecondPublishedKey_EndorsedForTeams_IsAccepted()
    {
        var second = _fake.Publish("second-key", "msteams");
        var response = await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help"), _fake.Token(Now, signWith: second, kid: "second-key"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
