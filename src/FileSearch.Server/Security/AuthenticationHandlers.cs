using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Server.Security;

/// <summary>
/// API keys from <c>X-Api-Key</c> or <c>Authorization: Bearer fsk_...</c>; a present but unknown or revoked key fails the
/// request (never falls back to another scheme).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>The API key a request carries, or null.</summary>
    public static string? KeyOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers[HeaderName] is { Count: > 0 } header)
        {
            return header.ToString();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && ApiKeyStore.LooksLikeKey(authorization[7..].Trim())
            ? authorization[7..].Trim()
            : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (KeyOf(Request) is not { } key)
        {
            return AuthenticateResult.NoResult();
        }

        var info = await keys.VerifyAsync(key, Context.RequestAborted).ConfigureAwait(false);
        if (info is null)
        {
            return AuthenticateResult.Fail("invalid or revoked API key");
        }

        var principal = CallerClaims.Principal(SchemeName, "apikey", info.User, info.Groups, info.IsAdmin);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}

/// <summary>
/// Without configured authentication: the user running the server, as admin, for connections from this machine only
/// (the server then listens on loopback addresses only).
/// </summary>
public sealed class LocalUserAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "LocalUser";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var remote = Context.Connection.RemoteIpAddress;
        if (remote is null || !IPAddress.IsLoopback(remote))
        {
            return Task.FromResult(AuthenticateResult.Fail("not a loopback connection"));
        }

        var local = Core.Security.Caller.LocalUser();
        var principal = CallerClaims.Principal(SchemeName, local.Authentication, local.User, local.Groups, local.IsAdmin);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
