using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace FileSearch.Server.Security;

/// <summary>
/// The authentication schemes of the server behind one policy scheme that picks, per request: an API key when one is
/// presented, a bearer token (JWT) when configured, the OpenID Connect cookie for the web page when configured, else the
/// local user on loopback connections.
/// </summary>
public static class ServerAuthentication
{
    public const string PolicyScheme = "FileSearch";
    public const string AdminPolicy = "admin";

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
                    o.ClientId = options.Oidc.ClientId;
                    o.ClientSecret = options.Oidc.ClientSecret;
                    o.ResponseType = "code";
                    o.UsePkce = true;
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
                });
        }

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(PolicyScheme).RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(PolicyScheme).RequireAuthenticatedUser()
                .RequireAssertion(c => CallerClaims.From(c.User, options)?.IsAdmin == true));
        return services;
    }

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
