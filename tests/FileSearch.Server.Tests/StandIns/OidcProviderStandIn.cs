using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FileSearch.Server.Tests.StandIns;

/// <summary>A user the stand-in signs in without asking (there is no login page).</summary>
public sealed record OidcTestUser(string Subject, string UserName, IReadOnlyList<string> Groups);

/// <summary>Ways the stand-in can spoil the next ID tokens it issues, to test that the relying party refuses them.</summary>
public enum IdTokenFault
{
    None,

    /// <summary>Expired (exp and iat in the past).</summary>
    Expired,

    /// <summary>The payload changed after signing, the user made an admin (the signature no longer matches).</summary>
    Tampered,

    /// <summary>Signed with a key the JWKS does not publish (same kid).</summary>
    ForeignKey,

    /// <summary>Issued for another client.</summary>
    WrongAudience,

    /// <summary>A nonce other than the one the relying party sent.</summary>
    WrongNonce,
}

/// <summary>
/// A minimal OpenID Connect provider for tests (OpenID Connect Core 1.0, authorization code flow with PKCE S256 only):
/// discovery, JWKS (one RSA key), an authorization endpoint that signs <see cref="User"/> in at once and redirects back
/// with a code, a token endpoint (client secret by <c>client_secret_post</c> or <c>client_secret_basic</c>, code verifier)
/// answering an RS256 ID token and an access token, userinfo, and RP-initiated logout. Kestrel on a free loopback port.
/// Errors are answered as the specs say: a bad client or redirect URI never redirects (400), other authorization errors
/// redirect with <c>error</c> and <c>state</c>, token errors are 400/401 JSON.
/// </summary>
public sealed class OidcProviderStandIn : IAsyncDisposable
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(10);
    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _foreignKey = RSA.Create(2048);
    private readonly string _keyId = Guid.NewGuid().ToString("N")[..16];
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OidcTestUser> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentBag<Uri> _redirectUris = [];
    private readonly TimeProvider _time;

    private OidcProviderStandIn(WebApplication app, string clientId, string clientSecret, TimeProvider time)
    {
        _app = app;
        ClientId = clientId;
        ClientSecret = clientSecret;
        _time = time;
    }

    public string ClientId { get; }

    public string ClientSecret { get; }

    /// <summary>The issuer (also the authority a relying party is configured with), without a trailing slash.</summary>
    public string Issuer { get; private set; } = string.Empty;

    /// <summary>Who the authorization endpoint signs in.</summary>
    public OidcTestUser User { get; set; } = new("u-0001", "tanaka", ["営業部"]);

    /// <summary>How the next ID tokens are spoiled (none by default).</summary>
    public IdTokenFault Fault { get; set; }

    /// <summary>Paths of the requests received, in order (e.g. to see that the end-session endpoint was called).</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Starts the provider for one client on 127.0.0.1 and a free port.</summary>
    public static async Task<OidcProviderStandIn> StartAsync(string clientId, string clientSecret, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new OidcProviderStandIn(app, clientId, clientSecret, time ?? TimeProvider.System);
        provider.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider.Issuer = address.TrimEnd('/');
        return provider;
    }

    /// <summary>Registers a redirect URI (or post-logout redirect URI) of the client, known once the relying party listens.</summary>
    public void AllowRedirectUri(Uri uri) => _redirectUris.Add(uri);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
        _foreignKey.Dispose();
    }

    private string Url(string path) => Issuer + path;

    private void Map(WebApplication app)
    {
        app.Use((context, next) =>
        {
            _requests.Enqueue(context.Request.Path.Value ?? string.Empty);
            return next(context);
        });
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new JsonObject
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Url("/authorize"),
            ["token_endpoint"] = Url("/token"),
            ["userinfo_endpoint"] = Url("/userinfo"),
            ["jwks_uri"] = Url("/jwks"),
            ["end_session_endpoint"] = Url("/logout"),
            ["response_types_supported"] = new JsonArray("code"),
            ["response_modes_supported"] = new JsonArray("query"),
            ["grant_types_supported"] = new JsonArray("authorization_code"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["scopes_supported"] = new JsonArray("openid", "profile", "email"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "client_secret_basic"),
            ["code_challenge_methods_supported"] = new JsonArray("S256"),
            ["claims_supported"] = new JsonArray("sub", "iss", "aud", "exp", "iat", "nonce", "preferred_username", "groups"),
        }));
        app.MapGet("/jwks", () => Results.Json(new JsonObject
        {
            ["keys"] = new JsonArray(Jwk(_key.ExportParameters(false))),
        }));
        app.MapGet("/authorize", Authorize);
        app.MapPost("/token", TokenAsync);
        app.MapGet("/userinfo", UserInfo);
        app.MapGet("/logout", Logout);
    }

    private JsonObject Jwk(RSAParameters parameters) => new()
    {
        ["kty"] = "RSA",
        ["use"] = "sig",
        ["alg"] = "RS256",
        ["kid"] = _keyId,
        ["n"] = WebEncoders.Base64UrlEncode(parameters.Modulus!),
        ["e"] = WebEncoders.Base64UrlEncode(parameters.Exponent!),
    };

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        string? Get(string name) => query[name].ToString() is { Length: > 0 } v ? v : null;
        var redirect = Get("redirect_uri");
        // Never redirect to an unknown client or address (Core 1.0 §3.1.2.6): answer the browser directly.
        if (Get("client_id") != ClientId)
        {
            return Results.BadRequest("unknown client_id");
        }

        if (redirect is null || !Uri.TryCreate(redirect, UriKind.Absolute, out var redirectUri) || !_redirectUris.Contains(redirectUri))
        {
            return Results.BadRequest("redirect_uri is not registered for this client");
        }

        var state = Get("state");
        var error = Get("response_type") != "code" ? ("unsupported_response_type", "only the code flow")
            : !(Get("scope") ?? string.Empty).Split(' ').Contains("openid", StringComparer.Ordinal) ? ("invalid_scope", "scope must contain openid")
            : Get("code_challenge_method") != "S256" || Get("code_challenge") is not { Length: 43 } ? ("invalid_request", "PKCE with S256 is required")
            : state is null ? ("invalid_request", "state is required")
            : Get("nonce") is null ? ("invalid_request", "nonce is required")
            : Get("response_mode") is { } mode && mode != "query" ? ("invalid_request", "only response_mode=query")
            : default((string Code, string Description)?);
        var answer = new Dictionary<string, string?>(StringComparer.Ordinal) { ["state"] = state, ["iss"] = Issuer };
        if (error is { } e)
        {
            answer["error"] = e.Code;
            answer["error_description"] = e.Description;
        }
        else
        {
            var code = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
            _codes[code] = new PendingCode(redirect, Get("code_challenge")!, Get("nonce")!, User, _time.GetUtcNow() + CodeLifetime);
            answer["code"] = code;
        }

        return Results.Redirect(QueryHelpers.AddQueryString(redirect, answer));
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return TokenError(StatusCodes.Status400BadRequest, "invalid_request", "form body expected");
        }

        var form = await request.ReadFormAsync();
        string? Get(string name) => form[name].ToString() is { Length: > 0 } v ? v : null;
        var (clientId, secret) = (Get("client_id"), Get("client_secret"));
        if (request.Headers.Authorization.ToString() is { } basic && basic.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(basic[6..])).Split(':', 2);
            (clientId, secret) = (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[^1]));
        }

        if (clientId != ClientId || secret is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(ClientSecret)))
        {
            return TokenError(StatusCodes.Status401Unauthorized, "invalid_client", "client authentication failed");
        }

        if (Get("grant_type") != "authorization_code")
        {
            return TokenError(StatusCodes.Status400BadRequest, "unsupported_grant_type", "only authorization_code");
        }

        // A code is used once, whatever happens next.
        if (Get("code") is not { } code || !_codes.TryRemove(code, out var pending) || pending.Expires < _time.GetUtcNow()
            || Get("redirect_uri") != pending.RedirectUri)
        {
            return TokenError(StatusCodes.Status400BadRequest, "invalid_grant", "unknown, used or expired code, or another redirect_uri");
        }

        var verifier = Get("code_verifier") ?? string.Empty;
        if (WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != pending.CodeChallenge)
        {
            return TokenError(StatusCodes.Status400BadRequest, "invalid_grant", "code_verifier does not match the code_challenge");
        }

        var accessToken = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        _accessTokens[accessToken] = pending.User;
        var headers = request.HttpContext.Response.Headers;
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        return Results.Json(new JsonObject
        {
            ["access_token"] = accessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["id_token"] = IdToken(pending),
        });
    }

    private string IdToken(PendingCode pending)
    {
        var now = _time.GetUtcNow();
        if (Fault == IdTokenFault.Expired)
        {
            now -= TokenLifetime + TimeSpan.FromMinutes(30);
        }

        var payload = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = pending.User.Subject,
            ["aud"] = Fault == IdTokenFault.WrongAudience ? "another-client" : ClientId,
            ["exp"] = (now + TokenLifetime).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["auth_time"] = now.ToUnixTimeSeconds(),
            ["nonce"] = Fault == IdTokenFault.WrongNonce ? "not-the-nonce" : pending.Nonce,
            ["preferred_username"] = pending.User.UserName,
            ["groups"] = new JsonArray([.. pending.User.Groups.Select(g => JsonValue.Create(g))]),
        };
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = _keyId };
        var signed = Encode(header) + "." + Encode(payload);
        var signer = Fault == IdTokenFault.ForeignKey ? _foreignKey : _key;
        var signature = WebEncoders.Base64UrlEncode(signer.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        if (Fault == IdTokenFault.Tampered)
        {
            payload["groups"] = new JsonArray([.. pending.User.Groups.Append("filesearch-admins").Select(g => JsonValue.Create(g))]);
            signed = Encode(header) + "." + Encode(payload);
        }

        return signed + "." + signature;
    }

    private static string Encode(JsonObject json) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private IResult UserInfo(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_accessTokens.TryGetValue(authorization[7..], out var user))
        {
            request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        return Results.Json(new JsonObject
        {
            ["sub"] = user.Subject,
            ["preferred_username"] = user.UserName,
            ["groups"] = new JsonArray([.. user.Groups.Select(g => JsonValue.Create(g))]),
        });
    }

    /// <summary>RP-initiated logout 1.0: back to a registered <c>post_logout_redirect_uri</c> with the state, else a plain page.</summary>
    private IResult Logout(HttpRequest request)
    {
        var target = request.Query["post_logout_redirect_uri"].ToString();
        if (target.Length == 0)
        {
            return Results.Text("signed out");
        }

        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || !_redirectUris.Contains(uri))
        {
            return Results.BadRequest("post_logout_redirect_uri is not registered for this client");
        }

        var state = request.Query["state"].ToString();
        return Results.Redirect(state.Length > 0 ? QueryHelpers.AddQueryString(target, "state", state) : target);
    }

    private static IResult TokenError(int status, string error, string description) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: status);

    private sealed record PendingCode(string RedirectUri, string CodeChallenge, string Nonce, OidcTestUser User, DateTimeOffset Expires);
}
