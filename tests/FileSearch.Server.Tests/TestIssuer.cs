using System.Security.Cryptography;
using FileSearch.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FileSearch.Server.Tests;

/// <summary>An identity provider's signing key on file and the tokens it issues, for servers configured with Auth:Jwt.</summary>
internal sealed class TestIssuer : IDisposable
{
    public const string Issuer = "https://idp.example.test/realms/office";
    public const string Audience = "filesearch";
    private readonly RSA _key = RSA.Create(2048);

    public TestIssuer(TempDirectory temp)
    {
        PublicKeyFile = temp.Combine("issuer-" + Guid.NewGuid().ToString("N") + ".pem");
        File.WriteAllText(PublicKeyFile, _key.ExportSubjectPublicKeyInfoPem());
    }

    public string PublicKeyFile { get; }

    /// <summary>The server settings that trust this issuer.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Auth:Jwt:Authority"] = Issuer,
        ["Auth:Jwt:Audience"] = Audience,
        ["Auth:Jwt:PublicKeyFile"] = PublicKeyFile,
    };

    public string Token(string user, string[] groups, DateTime? expires = null, RSA? signer = null, string audience = Audience)
    {
        var end = expires ?? TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = end.AddMinutes(-20),
            NotBefore = end.AddMinutes(-20),
            Expires = end,
            Claims = new Dictionary<string, object> { ["sub"] = user, ["preferred_username"] = user, ["groups"] = groups },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signer ?? _key), SecurityAlgorithms.RsaSha256),
        });
    }

    public void Dispose() => _key.Dispose();
}
