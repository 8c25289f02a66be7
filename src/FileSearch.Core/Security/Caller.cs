namespace FileSearch.Core.Security;

/// <summary>
/// Who asks: the identity every read path receives (from OIDC, a bearer token or an API key on the server; the OS user in
/// the CLI), so results can be limited to what the caller may see.
/// </summary>
/// <param name="User">The user name as the identity provider (or the OS) gives it.</param>
/// <param name="Groups">Groups and roles of the user.</param>
/// <param name="IsAdmin">Admin role: operations pages and endpoints.</param>
/// <param name="Authentication">How the identity was established: local, oidc, jwt or apikey.</param>
public sealed record Caller(string User, IReadOnlyList<string> Groups, bool IsAdmin, string Authentication)
{
    /// <summary>
    /// The principals this caller holds, normalised as document permissions are: <c>user:NAME</c>, <c>group:NAME</c> for each
    /// group (a group already written as <c>kind:value</c>, e.g. <c>sid:S-1-5-21-...</c>, is kept as it is), and <c>everyone</c>.
    /// </summary>
    public IReadOnlyList<string> Principals()
    {
        var principals = new SortedSet<string>(StringComparer.Ordinal) { Principal.Everyone };
        if (Principal.TryNormalize("user:" + User, out var user))
        {
            principals.Add(user);
        }

        foreach (var group in Groups)
        {
            var text = group.Contains(':', StringComparison.Ordinal) ? group : "group:" + group;
            if (Principal.TryNormalize(text, out var principal))
            {
                principals.Add(principal);
            }
        }

        return [.. principals];
    }

    /// <summary>The user running this process, with admin rights (single-machine use, loopback only).</summary>
    public static Caller LocalUser() => new(Environment.UserName, [], IsAdmin: true, Authentication: "local");
}
