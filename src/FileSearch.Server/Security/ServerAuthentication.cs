using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace FileSearch.Server.Security;

/// <summary>
/// The authentication schemes of the server behind one policy scheme that picks, per request: an API key when one is
/// presented, a bearer token (JWT) when configured, the OpenID Connect cookie for the web page when configured, else the
/// local user on loopback connections.
/// </summary>
public static partial class ServerAuthentication
{
    public const string PolicyScheme = "FileSearch";
    public const string AdminPolicy = "admin";

    /// <summary>Signs out of the web page: the cookie and, with OpenID Connect, at the provider too.</summary>
    public const string SignOutPath = "/signout";

    public static IServiceCollection AddServerAuthentication(this IServiceCollection services, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = services.AddAuthentication(o =>
            {
                o.DefaultScheme = PolicyScheme;
                o.DefaultChallengeScheme = PolicyScheme;
            })
            .AddPolicyScheme(PolicyScheme, "FileSearch", o => o.ForwardDefaultSelector = context => SchemeFor(context, options))
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, LocalUserAuthenticationHandler>(LocalUserAuthenticationHandler.SchemeName, null);

        if (options.Jwt.IsConfigured)
        {
            builder.AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.Audience = options.Jwt.Audience;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Jwt.Authority,
                    ValidAudience = options.Jwt.Audience,
                    NameClaimType = "sub",
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                if (options.Jwt.PublicKeyFile is { Length: > 0 } pem)
                {
                    o.TokenValidationParameters.IssuerSigningKey = PublicKey(pem);
                }
                else
                {
                    o.Authority = options.Jwt.Authority;
                }
            });
        }

        if (options.Oidc.IsConfigured)
        {
            builder.AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
                {
                    o.Cookie.Name = "filesearch.auth";
                    o.Cookie.HttpOnly = true;
                    o.Cookie.SameSite = SameSiteMode.Lax;
                    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    o.SlidingExpiration = true;
                    o.ExpireTimeSpan = TimeSpan.FromHours(8);
                    o.ForwardChallenge = OpenIdConnectDefaults.AuthenticationScheme;
                    o.Events.OnRedirectToAccessDenied = context =>
                    {
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                        return Task.CompletedTask;
                    };
                })
                .AddOpenIdConnect(o =>
                {
                    o.Authority = options.Oidc.Authority;
                    o.RequireHttpsMetadata = options.Oidc.RequireHttpsMetadata;
                    o.ClientId = options.Oidc.ClientId;
                    o.ClientSecret = options.Oidc.ClientSecret;
                    o.ResponseType = "code";
                    // The code comes back on a top-level GET (the code flow's default, PKCE-bound), so the correlation and
                    // nonce cookies can be SameSite=Lax and work over http on loopback too; form_post needs SameSite=None,
                    // which browsers drop without Secure.
                    o.ResponseMode = "query";
                    o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                    o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    o.NonceCookie.SameSite = SameSiteMode.Lax;
                    o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    o.UsePkce = true;
                    o.SignedOutRedirectUri = "/";
                    o.MapInboundClaims = false;
                    o.SaveTokens = false;
                    o.GetClaimsFromUserInfoEndpoint = true;
                    o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                    o.Scope.Clear();
                    foreach (var scope in options.Oidc.Scopes.Prepend("profile").Prepend("openid").Distinct(StringComparer.Ordinal))
                    {
                        o.Scope.Add(scope);
                    }

                    o.TokenValidationParameters.NameClaimType = "preferred_username";
                    o.Events.OnRedirectToIdentityProvider = context =>
                    {
                        // The API answers 401; only pages are sent to the identity provider.
                        if (IsApi(context.Request))
                        {
                            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                            context.HandleResponse();
                        }

                        return Task.CompletedTask;
                    };
                    o.Events.OnTokenValidated = context =>
                    {
                        (context.Principal?.Identity as ClaimsIdentity)?.AddClaim(new Claim(CallerClaims.MethodClaim, "oidc"));
                        return Task.CompletedTask;
                    };
                    o.Events.OnRemoteFailure = async context =>
                    {
                        // A refused ID token, a provider error or a replayed callback: say so, never a 500.
                        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ServerAuthentication));
                        LogSignInFailed(logger, context.Failure?.Message ?? "unknown");
                        context.HandleResponse();
                        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed",
                            detail: "The identity provider's answer was not accepted. Reload the page to sign in again.")
                            .ExecuteAsync(context.HttpContext).ConfigureAwait(false);
                    };
                });
        }

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(PolicyScheme).RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(PolicyScheme).RequireAuthenticatedUser()
                .RequireAssertion(c => CallerClaims.From(c.User, options)?.IsAdmin == true));
        return services;
    }

    /// <summary>
    /// <c>POST /signout</c> (a form post carrying the antiforgery token, so another site cannot sign a user out): removes
    /// the sign-in cookie and, with OpenID Connect, signs out at the provider (RP-initiated logout), which sends the
    /// browser back to <c>/</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapSignOut(this IEndpointRouteBuilder app, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        app.MapPost(SignOutPath, async (HttpContext context, IAntiforgery antiforgery) =>
            {
                if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token");
                }

                return options.Oidc.IsConfigured
                    ? Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
                        [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme])
                    : Results.Redirect("/");
            })
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();
        return app;
    }

    [LoggerMessage(EventId = 8410, Level = LogLevel.Warning, Message = "OpenID Connect sign-in failed: {Reason}")]
    private static partial void LogSignInFailed(ILogger logger, string reason);

    /// <summary>Requests of the API (answered with status codes, never redirected to a sign-in page).</summary>
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.Ordinal);

    private static string SchemeFor(HttpContext context, AuthOptions options)
    {
        if (ApiKeyAuthenticationHandler.KeyOf(context.Request) is not null)
        {
            return ApiKeyAuthenticationHandler.SchemeName;
        }

        var bearer = context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        if (options.Jwt.IsConfigured && (bearer || !options.Oidc.IsConfigured))
        {
            return JwtBearerDefaults.AuthenticationScheme;
        }

        return options.Oidc.IsConfigured ? CookieAuthenticationDefaults.AuthenticationScheme : LocalUserAuthenticationHandler.SchemeName;
    }

    private static SecurityKey PublicKey(string pemFile)
    {
        var pem = File.ReadAllText(pemFile);
        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (ArgumentException)
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
    }
}
