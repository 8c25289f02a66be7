namespace FileSearch.Server.Security;

/// <summary>
/// Authentication of the search service (section <c>Auth</c>). With neither OpenID Connect nor JWT configured the server
/// serves the local user on loopback addresses only; API keys (<c>filesearch apikey</c>) work in every mode.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Group or role that grants the admin role (operations pages and endpoints).</summary>
    public string AdminGroup { get; set; } = "filesearch-admins";

    /// <summary>Claims that carry the user's groups and roles.</summary>
    public List<string> GroupClaims { get; set; } = ["groups", "roles", "cognito:groups"];

    /// <summary>Claims tried, in order, for the user name.</summary>
    public List<string> UserClaims { get; set; } = ["preferred_username", "upn", "email", "sub"];

    public OidcSettings Oidc { get; set; } = new();

    public JwtSettings Jwt { get; set; } = new();

    /// <summary>True when the web page or the API authenticates people (not only API keys).</summary>
    public bool IsConfigured => Oidc.IsConfigured || Jwt.IsConfigured;

    /// <summary>OpenID Connect sign-in for the web page (Entra ID, Keycloak, Google Workspace ...).</summary>
    public sealed class OidcSettings
    {
        /// <summary>The issuer, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.</summary>
        public string? Authority { get; set; }

        public string? ClientId { get; set; }

        public string? ClientSecret { get; set; }

        /// <summary>Scopes requested besides <c>openid profile</c>.</summary>
        public List<string> Scopes { get; set; } = ["email"];

        public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
    }

    /// <summary>Bearer tokens for the API, validated against the issuer's published keys or a configured public key.</summary>
    public sealed class JwtSettings
    {
        /// <summary>The issuer; its signing keys are read from its OpenID configuration unless <see cref="PublicKeyFile"/> is set.</summary>
        public string? Authority { get; set; }

        /// <summary>The expected audience (the API's client id or URI).</summary>
        public string? Audience { get; set; }

        /// <summary>A PEM file with the issuer's public key (RSA or EC), for issuers without discovery or offline use.</summary>
        public string? PublicKeyFile { get; set; }

        public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(Audience);
    }
}
