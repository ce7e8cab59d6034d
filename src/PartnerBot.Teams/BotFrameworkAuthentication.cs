using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace PartnerBot.Teams;

/// <summary>The outcome of checking an inbound request's bearer token.</summary>
public sealed record AuthenticationResult(bool Succeeded, string? Error, ClaimsIdentity? Identity)
{
    public static readonly AuthenticationResult Anonymous = new(true, null, null);
    public static AuthenticationResult Fail(string error) => new(false, error, null);

    /// <summary>The token's serviceurl claim, which must equal the activity's serviceUrl.</summary>
    public string? ServiceUrl => Identity?.FindFirst("serviceurl")?.Value;
}

/// <summary>
/// Validates the Bot Connector's JWTs: signed with a key from the Bot Framework OpenID metadata (fetched, cached and
/// refreshed by <see cref="ConfigurationManager{T}"/>), issued by api.botframework.com, for this app id, within its
/// lifetime (with a small skew), never unsigned. With no app id configured it lets every request through.
/// </summary>
public sealed partial class BotFrameworkAuthentication : IDisposable
{
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];
    private readonly TeamsOptions _options;
    private static readonly TimeSpan ForcedRefreshInterval = TimeSpan.FromMinutes(1);
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _metadata;
    private readonly HttpDocumentRetriever? _retriever;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private OpenIdConnectConfiguration? _refreshed;
    private DateTimeOffset _lastForcedRefresh = DateTimeOffset.MinValue;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TimeProvider _clock;
    private readonly ILogger<BotFrameworkAuthentication> _logger;

    public BotFrameworkAuthentication(IOptions<TeamsOptions> options, IHttpClientFactory http, TimeProvider clock,
        ILogger<BotFrameworkAuthentication> logger)
    {
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        if (!_options.Authenticates) return;
        var url = new Uri(_options.OpenIdMetadataUrl);
        _retriever = new HttpDocumentRetriever(http.CreateClient(TeamsEndpoints.MetadataClient)) { RequireHttps = !url.IsLoopback };
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(url.ToString(), new OpenIdConnectConfigurationRetriever(), _retriever);
    }

    public bool Enabled => _metadata is not null;

    public void Dispose() => _refreshLock.Dispose();

    /// <summary>Checks the Authorization header. The caller compares <see cref="AuthenticationResult.ServiceUrl"/> with the activity.</summary>
    public async Task<AuthenticationResult> AuthenticateAsync(string? authorization, CancellationToken ct)
    {
        if (_metadata is null) return AuthenticationResult.Anonymous;
        if (string.IsNullOrWhiteSpace(authorization) || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticationResult.Fail("No bearer token.");
        var token = authorization["Bearer ".Length..].Trim();
        if (token.Length == 0 || token.Length > 16 * 1024) return AuthenticationResult.Fail("No bearer token.");

        OpenIdConnectConfiguration config;
        try
        {
            config = await _metadata.GetConfigurationAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.MetadataUnavailable(_logger, _options.OpenIdMetadataUrl, ex);
            return AuthenticationResult.Fail("The signing keys could not be fetched.");
        }

        var result = await ValidateAsync(token, Keys(config));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException &&
            await RefreshKeysAsync(ct) is { } fresh)
        {
            // Keys roll over: the manager only refreshes in the background, so fetch the metadata now (at most once a minute).
            result = await ValidateAsync(token, Keys(config).Concat(fresh.SigningKeys));
        }
        if (!result.IsValid)
        {
            var reason = Describe(result.Exception);
            Log.Rejected(_logger, reason);
            return AuthenticationResult.Fail(reason);
        }
        return new AuthenticationResult(true, null, result.ClaimsIdentity);
    }

    private IEnumerable<SecurityKey> Keys(OpenIdConnectConfiguration config) =>
        _refreshed is { } r ? config.SigningKeys.Concat(r.SigningKeys) : config.SigningKeys;

    private async Task<OpenIdConnectConfiguration?> RefreshKeysAsync(CancellationToken ct)
    {
        await _refreshLock.WaitAsync(ct);
        try
        {
            var now = _clock.GetUtcNow();
            if (now - _lastForcedRefresh < ForcedRefreshInterval) return null;
            _lastForcedRefresh = now;
            _metadata!.RequestRefresh();
            _refreshed = await OpenIdConnectConfigurationRetriever.GetAsync(_options.OpenIdMetadataUrl, _retriever!, ct);
            Log.KeysRefreshed(_logger, _options.OpenIdMetadataUrl);
            return _refreshed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.MetadataUnavailable(_logger, _options.OpenIdMetadataUrl, ex);
            return null;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    private Task<TokenValidationResult> ValidateAsync(string token, IEnumerable<SecurityKey> keys) =>
        _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = _options.TokenIssuer,
            ValidAudience = _options.MicrosoftAppId,
            IssuerSigningKeys = keys,
            ValidAlgorithms = Algorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = _options.TokenClockSkew,
            LifetimeValidator = (notBefore, expires, _, p) =>
            {
                var now = _clock.GetUtcNow().UtcDateTime;
                return expires is { } exp && exp.ToUniversalTime() + p.ClockSkew >= now &&
                       (notBefore is null || notBefore.Value.ToUniversalTime() - p.ClockSkew <= now);
            },
        });

    private static string Describe(Exception? ex) => ex switch
    {
        SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException or SecurityTokenNotYetValidException => "The token has expired or is not valid yet.",
        SecurityTokenInvalidIssuerException => "The token's issuer is not the Bot Framework.",
        SecurityTokenInvalidAudienceException => "The token is not for this bot.",
        SecurityTokenInvalidAlgorithmException => "The token's signing algorithm is not allowed.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
        SecurityTokenMalformedException => "The token is malformed.",
        _ => "The token is not valid.",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "A Teams request was refused: {Reason}")]
        public static partial void Rejected(ILogger logger, string reason);

        [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Bot Framework signing keys fetched again from {Url} (a key was not known)")]
        public static partial void KeysRefreshed(ILogger logger, string url);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "The Bot Framework OpenID metadata at {Url} could not be read")]
        public static partial void MetadataUnavailable(ILogger logger, string url, Exception ex);
    }
}
