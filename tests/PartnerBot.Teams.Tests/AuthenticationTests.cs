using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>
/// With Teams:MicrosoftAppId set, every activity's JWT is checked against keys served as OpenID metadata by a local
/// fake: each bad token answers 401 and nothing is processed (no turn recorded, nothing sent).
/// </summary>
public sealed class AuthenticationTests : IAsyncLifetime
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

    [Fact]
    public async Task ValidToken_IsProcessed_AndReplyCarriesClientCredentialsToken()
    {
        var response = await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help"), _fake.Token(Now));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(_fake.Requests, r => r.Path.StartsWith("/v3/", StringComparison.Ordinal));
        Assert.Equal("Bearer token-1", reply.Authorization);
        var tokenRequest = Assert.Single(_fake.Requests, r => r.Path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal));
        Assert.Equal("/botframework.com/oauth2/v2.0/token", tokenRequest.Path);
        Assert.Equal(FakeBotFramework.AppId, tokenRequest.Body!["client_id"]!.GetValue<string>());
        Assert.Equal("client_credentials", tokenRequest.Body["grant_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task SigningKeyRolledOver_MetadataIsFetchedAgain()
    {
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help"), _fake.Token(Now))).StatusCode);
        _fake.RotateKey();

        var response = await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help"), _fake.Token(Now));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _fake.Sent().Count);
    }

    [Fact]
    public async Task MissingToken_Answers401()
    {
        var response = await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help"));
        await AssertRefusedAsync(response, "No bearer token.");
    }

    [Fact]
    public async Task ExpiredToken_Answers401()
    {
        // Expired ten minutes ago: beyond the five-minute skew.
        var token = _fake.Token(Now, lifetime: TimeSpan.FromMinutes(-10));
        await AssertRefusedAsync(await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help"), token), "The token has expired or is not valid yet.");
    }

    [Fact]
    public async Task TokenExpiredWithinSkew_IsAccepted()
    {
        var token = _fake.Token(Now, lifetime: TimeSpan.FromMinutes(-4));
        var response = await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help"), token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task WrongSignature_Answers401()
    {
        using var other = RSA.Create(2048);
        var token = _fake.Token(Now, signWith: other);
        await AssertRefusedAsync(await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help"), token), "The token's signature is not valid.");
    }

    [Fact]
    public async Task WrongIssuer_Answers401()
    {
        var token = _fake.Token(Now, issuer: "https://sts.windows.net/evil/");
        await AssertRefusedAsync(await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help"), token), "The token's issuer is not the Bot Framework.");
    }

    [Fact]
    public async Task WrongAudience_Answers401()
    {
        var token = _fake.Token(Now, audience: "another-bot");
        await AssertRefusedAsync(await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help"), token), "The token is not for this bot.");
    }

    [Fact]
    public async Task AlgNone_Answers401()
    {
        var response = await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help"), _fake.UnsignedToken(Now));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingProcessedAsync();
    }

    [Fact]
    public async Task ServiceUrlClaimDiffers_Answers401()
    {
        var token = _fake.Token(Now, serviceUrl: "https://smba.trafficmanager.net/emea/");
        await AssertRefusedAsync(await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help"), token),
            "The token's serviceurl claim does not match the activity's serviceUrl.");
    }

    [Fact]
    public async Task GarbageToken_Answers401()
    {
        var response = await _host.PostAsync(Demo.Message(_fake.ServiceUrl, "help"), "not.a.jwt");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingProcessedAsync();
    }

    [Fact]
    public async Task MalformedJson_WithValidToken_Answers400()
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, TeamsEndpoints.Path)
        {
            Content = new StringContent("not json", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", _fake.Token(Now));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"PartnerBot\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        await AssertNothingProcessedAsync();
    }

    private async Task AssertNothingProcessedAsync()
    {
        Assert.DoesNotContain(_fake.Requests, r => r.Path.StartsWith("/v3/", StringComparison.Ordinal));
        Assert.Equal(0, await _host.WithDbAsync(db => db.ProcessedInbounds.CountAsync()));
    }
}

/// <summary>Teams settings are checked at start, and the log says when the endpoint takes unauthenticated activities.</summary>
public sealed class TeamsStartupTests
{
    [Fact]
    public void AppIdWithoutPassword_FailsAtStartNamingTheSetting()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["Teams:MicrosoftAppId"] = FakeBotFramework.AppId });
        var ex = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("Teams:MicrosoftAppPassword is required when Teams:MicrosoftAppId is set", Flatten(ex));
    }

    [Fact]
    public void PlainHttpMetadataUrl_FailsAtStart()
    {
        using var host = new TestHost(settings: new Dictionary<string, string?> { ["Teams:OpenIdMetadataUrl"] = "http://login.example.com/openid" });
        var ex = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("Teams:OpenIdMetadataUrl must be an https URL", Flatten(ex));
    }

    [Fact]
    public void NoAppId_LogsThatActivitiesAreUnauthenticated()
    {
        var logs = new CapturingLoggerProvider();
        using var host = new TestHost(services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        host.CreateClient().Dispose();
        Assert.Contains(logs.Messages, m => m.Contains("accepts activities nobody signed", StringComparison.Ordinal));
    }

    private static string Flatten(Exception ex) => ex is AggregateException a ? string.Join("\n", a.InnerExceptions.Select(Flatten)) : ex.ToString();

    private sealed class CapturingLoggerProvider : Microsoft.Extensions.Logging.ILoggerProvider, Microsoft.Extensions.Logging.ILogger
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Messages { get; } = [];
        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
        public void Dispose() { }
    }
}
