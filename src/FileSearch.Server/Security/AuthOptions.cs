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

    /// <summary>Why this configuration must not be used, or null when it may.</summary>
    public string? Refusal()
    {
        if (!Oidc.IsConfigured)
        {
            return null;
        }

        if (!Uri.TryCreate(Oidc.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            return $"Auth:Oidc:Authority '{Oidc.Authority}' is not an http(s) URL";
        }

        if (authority.Scheme == "https")
        {
            return null;
        }

        if (Oidc.RequireHttpsMetadata)
        {
            return $"Auth:Oidc:Authority {authority} is not https: the provider's keys must not be read over plain http. "
                + "For a provider on this machine (tests) set Auth:Oidc:RequireHttpsMetadata=false";
        }

        return BindPolicy.IsLoopback(authority.ToString())
            ? null
            : $"Auth:Oidc:Authority {authority} is plain http on another machine: anyone on the network could forge sign-ins. Use https";
    }

    /// <summary>OpenID Connect sign-in for the web page (Entra ID, Keycloak, Google Workspace ...).</summary>
    public sealed class OidcSettings
    {
        /// <summary>The issuer, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.</summary>
        public string? Authority { get; set; }

        public string? ClientId { get; set; }

        public string? ClientSecret { get; set; }

        /// <summary>Scopes requested besides <c>openid profile</c>.</summary>
        public List<string> Scopes { get; set; } = ["email"];

        /// <summary>
        /// Read the provider's metadata and keys over HTTPS only (default true). False is accepted only for an
        /// <c>http://</c> authority on a loopback address (a provider on this machine, tests); the server refuses to
        /// start with an <c>http://</c> authority elsewhere, whatever this says.
        /// </summary>
        public bool RequireHttpsMetadata { get; set; } = true;

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
