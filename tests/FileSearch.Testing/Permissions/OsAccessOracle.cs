using FileSearch.Core.Security;
using Xunit;

namespace FileSearch.Testing.Permissions;

/// <summary>
/// The operating system as the oracle of who may read a file: <c>runuser -u USER -- test -r FILE</c> (the kernel's own
/// check, with traverse permission on every folder of the path), compared with what computed permissions say for the same
/// user through the principals NSS gives it (<c>user:NAME</c>, <c>group:G</c> for each of <c>id -Gn</c>, <c>everyone</c>).
/// </summary>
public static class OsAccessOracle
{
    /// <summary>True when <paramref name="user"/> can open <paramref name="path"/> for reading, as the kernel decides.</summary>
    public static bool CanRead(string user, string path) => OsAccounts.Exec("runuser", "-u", user, "--", "test", "-r", path).ExitCode == 0;

    /// <summary>The principals a caller logged in as <paramref name="user"/> holds: the user, its groups (NSS), everyone.</summary>
    public static IReadOnlyList<string> PrincipalsOf(string user)
    {
        var (code, output) = OsAccounts.Exec("id", "-Gn", user);
        Assert.True(code == 0, $"id -Gn {user}: {output}");
        return [Principal.User(user), .. output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Principal.Group), Principal.Everyone];
    }

    /// <summary>
    /// Asserts that, for every user and file, <paramref name="permissionsOf"/>'s verdict (allowed and not denied) equals the
    /// kernel's; the failure lists every disagreement with the computed permissions.
    /// </summary>
    public static void AssertAgrees(Func<string, DocumentPermissions?> permissionsOf, IEnumerable<string> files, IEnumerable<string> users)
    {
        ArgumentNullException.ThrowIfNull(permissionsOf);
        var principals = users.ToDictionary(u => u, PrincipalsOf);
        var disagreements = new List<string>();
        var checks = 0;
        foreach (var file in files)
        {
            var permissions = permissionsOf(file);
            foreach (var (user, held) in principals)
            {
                checks++;
                var os = CanRead(user, file);
                var computed = permissions?.Allows(held) ?? false;
                if (os != computed)
                {
                    disagreements.Add($"{user} on {file}: os={os}, computed={computed} ({permissions?.ToJson() ?? "null"})");
                }
            }
        }

        Assert.True(checks > 0, "nothing was compared");
        Assert.True(disagreements.Count == 0, string.Join(Environment.NewLine, disagreements));
    }
}
