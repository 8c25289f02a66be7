using System.Globalization;
using FileSearch.Core.Security;

namespace FileSearch.Embedded.Permissions;

/// <summary>
/// The caller of the command line: the OS user running it, with its groups from NSS, as document permissions name them
/// (<c>user:NAME</c>, <c>group:NAME</c>, <c>gid:N</c> for groups without a name). Root is the admin.
/// </summary>
public static class OsCaller
{
    /// <summary>The user running this process (root: admin, sees everything).</summary>
    public static Caller Current()
    {
        if (!OperatingSystem.IsLinux())
        {
            return Caller.LocalUser();
        }

        var uid = PosixNative.EffectiveUid();
        return uid == 0 ? Caller.LocalUser() with { User = "root" } : ForUid(uid);
    }

    /// <summary>The user named <paramref name="user"/> (not admin, even root: asking as someone is asking with their rights); null when unknown.</summary>
    public static Caller? Named(string user)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        return OperatingSystem.IsLinux() && PosixNative.UidOf(user) is { } uid ? ForUid(uid) : null;
    }

    private static Caller ForUid(uint uid)
    {
        var name = PosixNative.UserName(uid) ?? uid.ToString(CultureInfo.InvariantCulture);
        var groups = PosixNative.GroupsOf(uid)
            .Select(g => PosixNative.GroupName(g) ?? Principal.Gid(g))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new Caller(name, groups, IsAdmin: false, Authentication: "os");
    }
}
