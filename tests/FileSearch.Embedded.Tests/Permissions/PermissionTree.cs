using FileSearch.Testing;
using FileSearch.Testing.Permissions;

namespace FileSearch.Embedded.Tests.Permissions;

/// <summary>
/// Shared accounts for the permission tests: alice (sales), bob (eng), carol (sales, eng), dave (no extra group); and
/// helpers to build files with an owner, a mode and ACL entries below a traversable root.
/// </summary>
public sealed class PermissionTree : IDisposable
{
    private readonly OsAccounts _accounts = new();
    private readonly TempDirectory _temp = new("fs-perms");

    public PermissionTree()
    {
        Sales = _accounts.Group("sales");
        Eng = _accounts.Group("eng");
        Alice = _accounts.User("alice", Sales);
        Bob = _accounts.User("bob", Eng);
        Carol = _accounts.User("carol", Sales, Eng);
        Dave = _accounts.User("dave");
        Root = _temp.Path;
        Chmod("0755", Root);
    }

    public string Sales { get; }

    public string Eng { get; }

    public string Alice { get; }

    public string Bob { get; }

    public string Carol { get; }

    public string Dave { get; }

    public string Root { get; }

    public IReadOnlyList<string> Users => [Alice, Bob, Carol, Dave];

    /// <summary>Creates (or rewrites) a file below the root with an owner, a group and a mode, then applies setfacl arguments.</summary>
    public string File(string relative, string owner, string group, string mode, params string[] setfacl)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, "content of " + relative);
        return Apply(path, owner, group, mode, setfacl);
    }

    /// <summary>Creates a folder below the root with an owner, a group and a mode, then applies setfacl arguments.</summary>
    public string Folder(string relative, string owner, string group, string mode, params string[] setfacl)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(path);
        return Apply(path, owner, group, mode, setfacl);
    }

    public static void Chmod(string mode, string path) => OsAccounts.Run("chmod", mode, path);

    public void Dispose()
    {
        _temp.Dispose();
        _accounts.Dispose();
    }

    private static string Apply(string path, string owner, string group, string mode, string[] setfacl)
    {
        OsAccounts.Run("chown", $"{owner}:{group}", path);
        Chmod(mode, path);
        if (setfacl.Length > 0)
        {
            OsAccounts.Run("setfacl", [.. setfacl, path]);
        }

        return path;
    }
}
