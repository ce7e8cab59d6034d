using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PartnerBot.Teams;

/// <summary>The outcome of checking an inbound request's bearer token.</summary>
public sealed record AuthenticationResult(bool Succeeded, string? Error, ClaimsIdentity? Identity, IReadOnlySet<string>? Endorsements = null)
{
    public static readonly AuthenticationResult Anonymous = new(true, null, null);
    public static AuthenticationResult Fail(string error) => new(false, error, null);

    /// <summary>The token's serviceurl claim, which must equal the activity's serviceUrl.</summary>
    public string? ServiceUrl => Identity?.FindFirst("serviceurl")?.Value;

    /// <summary>Whether the key that signed the token is endorsed for this channel ("msteams"); true when not authenticating.</summary>
    public bool EndorsedFor(string? channelId) =>
        Endorsements is null || channelId is { Length: > 0 } && Endorsements.Contains(channelId);
}

/// <summary>
/// Validates the Bot Connector's JWTs as the Bot Framework specifies: the signing key is the one the token's header
/// names (<c>kid</c>) among the keys currently published in the OpenID metadata's JWKS, and that key's
/// <c>endorsements</c> must list the activity's channel (checked by the caller with <see cref="AuthenticationResult.EndorsedFor"/>);
/// issued by api.botframework.com, for this app id, within its lifetime (with a small skew), never unsigned.
/// Keys are fetched again every <see cref="RefreshInterval"/> and, on a kid not seen before (a rollover), at once —
/// at most once a minute — and a key no longer published is no longer accepted. With no app id configured it lets
/// every request through.
/// </summary>
public sealed partial class BotFrameworkAuthentication : IDisposable
{
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(24);
    private static readonly TimeSpan ForcedRefreshInterval = TimeSpan.FromMinutes(1);

    private sealed record PublishedKey(SecurityKey Key, IReadOnlySet<string> Endorsements);
    private sealed record KeySet(IReadOnlyDictionary<string, PublishedKey> Keys, DateTimeOffset FetchedAt);

    private readonly TeamsOptions _options;
    private readonly HttpClient? _http;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private volatile KeySet? _keys;
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
        if (_options.Authenticates) _http = http.CreateClient(TeamsEndpoints.MetadataClient);
    }

    public bool Enabled => _http is not null;

    public void Dispose() => _refreshLock.Dispose();

    /// <summary>
    /// Checks the Authorization header. The caller compares <see cref="AuthenticationResult.ServiceUrl"/> with the
    /// activity's serviceUrl and <see cref="AuthenticationResult.EndorsedFor"/> with its channelId.
    /// </summary>
    public async Task<AuthenticationResult> AuthenticateAsync(string? authorization, CancellationToken ct)
    {
        if (_http is null) return AuthenticationResult.Anonymous;
        if (string.IsNullOrWhiteSpace(authorization) || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticationResult.Fail("No bearer token.");
        var token = authorization["Bearer ".Length..].Trim();
        if (token.Length == 0 || token.Length > 16 * 1024) return AuthenticationResult.Fail("No bearer token.");

        string? kid;
        try
        {
            kid = new JsonWebToken(token).Kid;
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException)
        {
            return Refused("The token is malformed.");
        }
        if (string.IsNullOrEmpty(kid)) return Refused("The token does not name its signing key (kid).");

        var keys = _keys;
        if (keys is null || _clock.GetUtcNow() - keys.FetchedAt > RefreshInterval || !keys.Keys.ContainsKey(kid))
            keys = await RefreshAsync(force: keys is not null && !keys.Keys.ContainsKey(kid), ct) ?? keys;
        if (keys is null) return AuthenticationResult.Fail("The signing keys could not be fetched.");
        if (!keys.Keys.TryGetValue(kid, out var published)) return Refused("The token's signing key is not published by the Bot Framework.");

        var result = await _handler.ValidateTokenAsync(token, Parameters(published.Key));
        if (!result.IsValid) return Refused(Describe(result.Exception));
        return new AuthenticationResult(true, null, result.ClaimsIdentity, published.Endorsements);
    }

    private AuthenticationResult Refused(string reason)
    {
        Log.Rejected(_logger, reason);
        return AuthenticationResult.Fail(reason);
    }

    /// <summary>
    /// Fetches the metadata and its JWKS, replacing the keys held. Forced refreshes (an unknown kid) happen at most
    /// once a minute, so a flood of made-up kids cannot make this host hammer the metadata endpoint.
    /// </summary>
    private async Task<KeySet?> RefreshAsync(bool force, CancellationToken ct)
    {
        await _refreshLock.WaitAsync(ct);
        try
        {
            var now = _clock.GetUtcNow();
            var held = _keys;
            if (held is not null && now - held.FetchedAt <= RefreshInterval)
            {
                if (!force || now - _lastForcedRefresh < ForcedRefreshInterval) return held;
                _lastForcedRefresh = now;
            }
            var fetched = await FetchAsync(now, ct);
            _keys = fetched;
            Log.KeysRefreshed(_logger, _options.OpenIdMetadataUrl, fetched.Keys.Count);
            return fetched;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Log.MetadataUnavailable(_logger, _options.OpenIdMetadataUrl, ex);
            return null;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    private async Task<KeySet> FetchAsync(DateTimeOffset now, CancellationToken ct)
    {
        using var metadata = JsonDocument.Parse(await _http!.GetStringAsync(_options.OpenIdMetadataUrl, ct));
        var jwksUri = metadata.RootElement.GetProperty("jwks_uri").GetString() ?? throw new InvalidOperationException("The metadata has no jwks_uri.");
        if (!IsHttpsOrLoopback(jwksUri)) throw new InvalidOperationException($"The metadata's jwks_uri {jwksUri} is not https.");
        using var jwks = JsonDocument.Parse(await _http.GetStringAsync(jwksUri, ct));
        var keys = new Dictionary<string, PublishedKey>(StringComparer.Ordinal);
        foreach (var k in jwks.RootElement.GetProperty("keys").EnumerateArray())
        {
            if (k.TryGetProperty("kid", out var kid) is false || kid.GetString() is not { Length: > 0 } id) continue;
            var endorsements = k.TryGetProperty("endorsements", out var e) && e.ValueKind == JsonValueKind.Array
                ? e.EnumerateArray().Select(x => x.GetString()).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase)
                : [];
            keys[id] = new PublishedKey(new JsonWebKey(k.GetRawText()), endorsements);
        }
        return new KeySet(keys, now);
    }

    private static bool IsHttpsOrLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.IsLoopback && u.Scheme == Uri.UriSchemeHttp);

    private TokenValidationParameters Parameters(SecurityKey key) => new()
    {
        ValidIssuer = _options.TokenIssuer,
        ValidAudience = _options.MicrosoftAppId,
        // Only the key the token names: never "try every key until one fits".
        IssuerSigningKey = key,
        TryAllIssuerSigningKeys = false,
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
    };

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

        [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Bot Framework signing keys fetched from {Url}: {Count} published")]
        public static partial void KeysRefreshed(ILogger logger, string url, int count);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "The Bot Framework OpenID metadata at {Url} could not be read")]
        public static partial void MetadataUnavailable(ILogger logger, string url, Exception ex);
    }
}
