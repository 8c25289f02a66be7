using System.Security.Claims;
using FileSearch.Core.Security;

namespace FileSearch.Server.Security;

/// <summary>Turns an authenticated principal, whatever its scheme, into the <see cref="Caller"/> every endpoint receives.</summary>
public static class CallerClaims
{
    /// <summary>Claim our own schemes (local user, API keys) set for the admin role.</summary>
    public const string AdminClaim = "filesearch/admin";

    /// <summary>Claim our own schemes set for each group.</summary>
    public const string GroupClaim = "groups";

    /// <summary>Claim naming how the caller authenticated (local, oidc, jwt, apikey).</summary>
    public const string MethodClaim = "filesearch/auth";

    /// <summary>The principal of one of our own schemes.</summary>
    public static ClaimsPrincipal Principal(string scheme, string method, string user, IEnumerable<string> groups, bool isAdmin)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, user), new(MethodClaim, method) };
        claims.AddRange(groups.Select(g => new Claim(GroupClaim, g)));
        if (isAdmin)
        {
            claims.Add(new Claim(AdminClaim, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The caller behind <paramref name="principal"/>; null when it is not authenticated or names no user.</summary>
    public static Caller? From(ClaimsPrincipal principal, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(options);
        if (principal.Identity is not { IsAuthenticated: true } identity)
        {
            return null;
        }

        var user = options.UserClaims.Select(principal.FindFirstValue).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))
            ?? principal.FindFirstValue(ClaimTypes.Name)
            ?? principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrWhiteSpace(user))
        {
            return null;
        }

        var groups = options.GroupClaims.Append(ClaimTypes.Role)
            .SelectMany(principal.FindAll)
            .Select(c => c.Value)
            .Where(v => !string.IsNullOrWhiteSpace(v))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var isAdmin = principal.HasClaim(AdminClaim, "true") || groups.Contains(options.AdminGroup, StringComparer.Ordinal);
        var method = principal.FindFirstValue(MethodClaim) ?? identity.AuthenticationType switch
        {
            "Cookies" or "OpenIdConnect" => "oidc",
            "Bearer" or "AuthenticationTypes.Federation" => "jwt",
            _ => identity.AuthenticationType ?? "unknown",
        };
        return new Caller(user, groups, isAdmin, method);
    }
}
