using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace PartnerBot.Teams.Tests;

/// <summary>The connector client against a local fake Bot Connector: retries, Retry-After, token caching.</summary>
public sealed class ConnectorClientTests : IAsyncLifetime
{
    private FakeBotFramework _fake = null!;
    private ServiceProvider _services = null!;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly List<TimeSpan> _sleeps = [];

    public async Task InitializeAsync() => _fake = await FakeBotFramework.StartAsync();

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
    }

    private ConnectorClient Client(bool withAppId = true, int attempts = 4)
    {
        var options = Options.Create(new TeamsOptions
        {
            MicrosoftAppId = withAppId ? FakeBotFramework.AppId : null,
            MicrosoftAppPassword = "secret",
            MicrosoftAppTenantId = withAppId ? "contoso-tenant" : null,
            TokenAuthority = _fake.Url,
            ConnectorMaxAttempts = attempts,
        });
        _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var http = _services.GetRequiredService<IHttpClientFactory>();
        var client = new ConnectorClient(http, new BotTokenProvider(http, options, _clock), options, _clock, NullLogger<ConnectorClient>.Instance);
        client.Sleep = (d, _) => { _sleeps.Add(d); return Task.CompletedTask; };
        return client;
    }

    private static Activity Hello => new() { Type = ActivityTypes.Message, Text = "hello" };

    [Fact]
    public async Task Reply_PostsToReplyPath_EscapingChannelConversationId()
    {
        var result = await Client().ReplyToActivityAsync(_fake.ServiceUrl, "19:abc@thread.tacv2;messageid=42", "act-9", Hello, default);

        Assert.Equal("act-1", result!.Id);
        var call = Assert.Single(_fake.Requests, r => r.Path.StartsWith("/v3/", StringComparison.Ordinal));
        Assert.Equal("POST", call.Method);
        Assert.Equal("/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D42/activities/act-9", call.Path);
        Assert.Equal("hello", call.Body!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Throttled_RetriesAfterTheDelayAsked()
    {
        _fake.Failures.Enqueue((429, "3"));
        _fake.Failures.Enqueue((503, null));
        var result = await Client().SendToConversationAsync(_fake.ServiceUrl, "a:1", Hello, default);

        Assert.Equal("act-1", result!.Id);
        Assert.Equal(3, _fake.Requests.Count(r => r.Path.StartsWith("/v3/", StringComparison.Ordinal)));
        Assert.Equal([TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(500)], _sleeps);
    }

    [Fact]
    public async Task ServerErrors_GiveUpAfterMaxAttempts()
    {
        for (var i = 0; i < 5; i++) _fake.Failures.Enqueue((500, null));
        var ex = await Assert.ThrowsAsync<ConnectorException>(() => Client(attempts: 3).SendToConversationAsync(_fake.ServiceUrl, "a:1", Hello, default));

        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.True(ex.Transient);
        Assert.Equal(3, _fake.Requests.Count(r => r.Path.StartsWith("/v3/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RetryAfterBeyondLimit_GivesUpAtOnceWithTheDelay()
    {
        _fake.Failures.Enqueue((429, "120"));
        var ex = await Assert.ThrowsAsync<ConnectorException>(() => Client().SendToConversationAsync(_fake.ServiceUrl, "a:1", Hello, default));

        Assert.Equal(TimeSpan.FromSeconds(120), ex.RetryAfter);
        Assert.Empty(_sleeps);
    }

    [Fact]
    public async Task ClientError_IsNotRetried()
    {
        _fake.Failures.Enqueue((403, null));
        var ex = await Assert.ThrowsAsync<ConnectorException>(() => Client().SendToConversationAsync(_fake.ServiceUrl, "a:1", Hello, default));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.False(ex.Transient);
        Assert.Single(_fake.Requests, r => r.Path.StartsWith("/v3/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Token_IsCachedUntilNearExpiry_ThenRefreshed()
    {
        var client = Client();
        await client.SendToConversationAsync(_fake.ServiceUrl, "a:1", Hello, default);
        await client.UpdateActivityAsync(_fake.ServiceUrl, "a:1", "act-1", Hello, default);
        Assert.Equal(1, _fake.TokenRequests);

        _clock.Advance(TimeSpan.FromMinutes(56)); // within five minutes of the hour's expiry
        await client.SendToConversationAsync(_fake.ServiceUrl, "a:1", Hello, default);

        Assert.Equal(2, _fake.TokenRequests);
        var calls = _fake.Requests.Where(r => r.Path.StartsWith("/v3/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["Bearer token-1", "Bearer token-1", "Bearer token-2"], calls.Select(c => c.Authorization));
        Assert.Equal("PUT", calls[1].Method);
        // Single-tenant: the token comes from the app's own tenant.
        Assert.Contains(_fake.Requests, r => r.Path == "/contoso-tenant/oauth2/v2.0/token");
    }

    [Fact]
    public async Task NoAppId_SendsNoToken()
    {
        await Client(withAppId: false).SendToConversationAsync(_fake.ServiceUrl, "a:1", Hello, default);

        Assert.Equal(0, _fake.TokenRequests);
        Assert.Null(_fake.Requests.Single().Authorization);
    }

    [Fact]
    public async Task CreateConversation_ReturnsTheNewId()
    {
        var created = await Client().CreateConversationAsync(_fake.ServiceUrl, new ConversationParameters
        {
            Members = [new ChannelAccount { Id = "29:tom" }],
            TenantId = "t1",
        }, default);

        Assert.Equal("a:personal-29:tom", created!.Id);
    }
}
