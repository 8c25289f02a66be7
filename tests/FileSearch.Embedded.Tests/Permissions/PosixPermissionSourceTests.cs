using FileSearch.Core.Security;
using FileSearch.Embedded.Permissions;
using FileSearch.Testing.Permissions;

namespace FileSearch.Embedded.Tests.Permissions;

/// <summary>Real files with real modes and POSIX ACLs (the test run is root: it creates accounts and sets owners).</summary>
[Trait("Category", "Integration")]
public sealed class PosixPermissionSourceTests : IClassFixture<PermissionTree>
{
    private readonly PermissionTree _tree;

    public PosixPermissionSourceTests(PermissionTree tree)
    {
        Assert.True(OsAccounts.Available, "the permission tests run as root (useradd, runuser)");
        _tree = tree;
    }

    private static string U(string name) => Principal.User(name);

    private static string G(string name) => Principal.Group(name);

    [Fact]
    public void Read_OwnerOnlyFile_AllowsOwnerOnly()
    {
        var file = _tree.File("owner-only.txt", _tree.Alice, _tree.Sales, "0600");

        var permissions = Read(file);

        Assert.Equal([new PermissionEntry(U(_tree.Alice), PermissionSource.Mode)], permissions.Allow);
        Assert.Empty(permissions.Deny);
    }

    [Fact]
    public void Read_GroupReadable_AllowsOwnerAndGroup()
    {
        var file = _tree.File("group.txt", _tree.Alice, _tree.Sales, "0640");

        var permissions = Read(file);

        Assert.Equal([G(_tree.Sales), U(_tree.Alice)], permissions.AllowedPrincipals);
        Assert.All(permissions.Allow, e => Assert.Equal(PermissionSource.Mode, e.Source));
        Assert.Empty(permissions.Deny);
    }

    [Fact]
    public void Read_OtherReadable_AllowsEveryone()
    {
        var file = _tree.File("public.txt", _tree.Alice, _tree.Sales, "0644");

        var permissions = Read(file);

        Assert.Contains(new PermissionEntry(Principal.Everyone, PermissionSource.Mode), permissions.Allow);
        Assert.True(permissions.Allows([U(_tree.Dave)]));
    }

    [Fact]
    public void Read_NamedUserAcl_AllowsThatUserFromAcl()
    {
        var file = _tree.File("named-user.txt", _tree.Alice, _tree.Sales, "0600", "-m", $"u:{_tree.Bob}:r");

        var permissions = Read(file);

        Assert.Contains(new PermissionEntry(U(_tree.Bob), PermissionSource.Acl), permissions.Allow);
        Assert.DoesNotContain(G(_tree.Sales), permissions.AllowedPrincipals);
    }

    [Fact]
    public void Read_NamedGroupAcl_AllowsThatGroupFromAcl()
    {
        var file = _tree.File("named-group.txt", _tree.Alice, _tree.Sales, "0600", "-m", $"g:{_tree.Eng}:r");

        var permissions = Read(file);

        Assert.Contains(new PermissionEntry(G(_tree.Eng), PermissionSource.Acl), permissions.Allow);
        Assert.True(permissions.Allows([U(_tree.Bob), G(_tree.Eng)]));
    }

    [Fact]
    public void Read_MaskWithoutRead_NamedEntriesAndGroupNotAllowed()
    {
        var file = _tree.File("masked.txt", _tree.Alice, _tree.Sales, "0640", "-n", "-m", $"u:{_tree.Bob}:r,g:{_tree.Eng}:r,m::-");

        var permissions = Read(file);

        Assert.Equal([U(_tree.Alice)], permissions.AllowedPrincipals);
        Assert.Empty(permissions.Deny);
    }

    [Fact]
    public void Read_DefaultAclOnFolder_NewFileInheritsNamedGroup()
    {
        _tree.Folder("inherit", "root", "root", "0755", "-d", "-m", $"g:{_tree.Eng}:r");
        var file = Path.Combine(_tree.Root, "inherit", "new.txt");
        File.WriteAllText(file, "created after the default ACL");
        PermissionTree.Chmod("g+r", file);

        var permissions = Read(file);

        Assert.Contains(new PermissionEntry(G(_tree.Eng), PermissionSource.Acl), permissions.Allow);
    }

    [Fact]
    public void Read_AncestorNotTraversable_OnlyWhoCanEnterStays()
    {
        _tree.Folder("eng-only", "root", _tree.Eng, "0710");
        var file = _tree.File("eng-only/public.txt", _tree.Alice, _tree.Sales, "0644");

        var permissions = Read(file);

        Assert.DoesNotContain(Principal.Everyone, permissions.AllowedPrincipals);
        Assert.Contains(new PermissionEntry(G(_tree.Eng), PermissionSource.Ancestor), permissions.Allow);
        AssertReaders(permissions, allowed: [_tree.Bob], refused: [_tree.Alice]);
    }

    [Fact]
    public void Read_OwnerWithoutReadGroupWithRead_OwnerDenied()
    {
        var file = _tree.File("owner-denied.txt", _tree.Alice, _tree.Sales, "0040");

        var permissions = Read(file);

        Assert.Equal([new PermissionEntry(U(_tree.Alice), PermissionSource.Mode)], permissions.Deny);
        Assert.Contains(G(_tree.Sales), permissions.AllowedPrincipals);
        AssertReaders(permissions, allowed: [_tree.Carol], refused: [_tree.Alice]);
    }

    [Fact]
    public void Read_GroupWithoutReadOtherWithRead_GroupDenied()
    {
        var file = _tree.File("not-eng.txt", _tree.Alice, _tree.Eng, "0604");

        var permissions = Read(file);

        Assert.Equal([new PermissionEntry(G(_tree.Eng), PermissionSource.Mode)], permissions.Deny);
        AssertReaders(permissions, allowed: [_tree.Dave], refused: [_tree.Bob]);
    }

    [Fact]
    public void Read_UnknownOwnerId_NumericPrincipal()
    {
        var file = _tree.File("orphan.txt", "54321", "54322", "0640");

        var permissions = Read(file);

        Assert.Equal(["gid:54322", "uid:54321"], permissions.AllowedPrincipals);
    }

    [Fact]
    public void Read_MemberOfDeniedAndOfGrantingGroup_FailsClosed()
    {
        // POSIX lets carol in (the owner's group sales grants, any matching group entry suffices); the flat allow/deny
        // model cannot say "eng is denied unless also in sales" and denies her: never more than the OS allows.
        var file = _tree.File("mixed-groups.txt", _tree.Alice, _tree.Sales, "0644", "-m", $"g:{_tree.Eng}:-");

        var permissions = Read(file);

        Assert.True(OsAccessOracle.CanRead(_tree.Carol, file));
        AssertReaders(permissions, allowed: [], refused: [_tree.Carol, _tree.Bob]);
    }

    [Fact]
    public void Read_FileGroupAndFolderGroupDiffer_MembersOfBothFailClosed()
    {
        // carol reads through sales and enters through eng; naming "members of both" would need group enumeration.
        _tree.Folder("eng-dir", "root", _tree.Eng, "0710");
        var file = _tree.File("eng-dir/sales.txt", _tree.Bob, _tree.Sales, "0640");

        var permissions = Read(file);

        Assert.True(OsAccessOracle.CanRead(_tree.Carol, file));
        AssertReaders(permissions, allowed: [_tree.Bob], refused: [_tree.Carol]);
    }

    [Fact]
    public void Read_TreeOfModesAclsAndFolders_AgreesWithTheOperatingSystem()
    {
        _tree.Folder("oracle/eng", "root", _tree.Eng, "0710");
        _tree.Folder("oracle/acl-dir", "root", "root", "0700", "-m", $"u:{_tree.Dave}:x,g:{_tree.Sales}:x");
        string[] files =
        [
            _tree.File("oracle/a.txt", _tree.Alice, _tree.Sales, "0600"),
            _tree.File("oracle/b.txt", _tree.Alice, _tree.Sales, "0640"),
            _tree.File("oracle/c.txt", _tree.Alice, _tree.Sales, "0644"),
            _tree.File("oracle/d.txt", _tree.Alice, _tree.Sales, "0600", "-m", $"u:{_tree.Bob}:r"),
            _tree.File("oracle/e.txt", _tree.Alice, _tree.Sales, "0600", "-m", $"g:{_tree.Eng}:r"),
            _tree.File("oracle/f.txt", _tree.Alice, _tree.Sales, "0640", "-n", "-m", $"u:{_tree.Bob}:r,g:{_tree.Eng}:r,m::-"),
            _tree.File("oracle/g.txt", _tree.Alice, _tree.Sales, "0040"),
            _tree.File("oracle/h.txt", _tree.Alice, _tree.Eng, "0604"),
            _tree.File("oracle/i.txt", _tree.Bob, _tree.Eng, "0644", "-m", $"u:{_tree.Dave}:-"),
            _tree.File("oracle/eng/j.txt", _tree.Alice, _tree.Sales, "0644"),
            _tree.File("oracle/eng/k.txt", _tree.Bob, _tree.Sales, "0600", "-m", $"u:{_tree.Carol}:r"),
            _tree.File("oracle/acl-dir/l.txt", _tree.Bob, _tree.Eng, "0644"),
            _tree.File("oracle/acl-dir/m.txt", _tree.Bob, _tree.Sales, "0640", "-m", $"u:{_tree.Dave}:r"),
        ];
        PermissionTree.Chmod("0755", Path.Combine(_tree.Root, "oracle"));
        var reader = new PosixPermissionSource().Open(_tree.Root);

        OsAccessOracle.AssertAgrees(reader.Read, files, _tree.Users);
    }

    /// <summary>The computed permissions let in <paramref name="allowed"/> and keep out <paramref name="refused"/> (their NSS principals).</summary>
    private static void AssertReaders(DocumentPermissions permissions, string[] allowed, string[] refused)
    {
        Assert.All(allowed, user => Assert.True(permissions.Allows(OsAccessOracle.PrincipalsOf(user)), user));
        Assert.All(refused, user => Assert.False(permissions.Allows(OsAccessOracle.PrincipalsOf(user)), user));
    }

    [Fact]
    public void LastChanged_ChmodOfTheFileThenOfAFolderAbove_NewestStatusChangeOfTheChain()
    {
        var folder = _tree.Folder("changes", _tree.Alice, _tree.Sales, "0755");
        var file = _tree.File(Path.Combine("changes", "a.txt"), _tree.Alice, _tree.Sales, "0644");
        var before = new PosixPermissionSource().Open(_tree.Root).LastChanged(file);
        Thread.Sleep(20);
        PermissionTree.Chmod("0600", file);
        var afterFile = new PosixPermissionSource().Open(_tree.Root).LastChanged(file);
        Thread.Sleep(20);
        PermissionTree.Chmod("0750", folder);
        var afterFolder = new PosixPermissionSource().Open(_tree.Root).LastChanged(file);

        Assert.NotNull(before);
        Assert.True(afterFile > before, $"{afterFile:O} after chmod of the file, {before:O} before");
        Assert.True(afterFolder > afterFile, $"{afterFolder:O} after chmod of the folder, {afterFile:O} before");
        Assert.Null(new PosixPermissionSource().Open(_tree.Root).LastChanged(Path.Combine(folder, "missing.txt")));
    }

    private DocumentPermissions Read(string file) =>
        new PosixPermissionSource().Open(_tree.Root).Read(file) ?? throw new InvalidOperationException($"no permissions for {file}");
}
