using FileSearch.Search.Lucene.Internals;

namespace FileSearch.Search.Lucene.Tests.Internals;

[Trait("Category", "Unit")]
public sealed class NetworkFileSystemTests
{
    // Lines in the format of proc(5) /proc/self/mountinfo, with optional fields and an escaped space.
    private const string MountInfo = """
        22 1 253:0 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
        40 22 0:35 / /mnt/nas rw,relatime shared:20 - nfs4 nas:/export rw,vers=4.2
        41 40 0:36 / /mnt/nas/local\040disk rw - ext4 /dev/vdb1 rw
        42 22 0:37 / /mnt/share rw,relatime - cifs //fs/share rw
        43 22 0:38 / /mnt/ssh rw - fuse.sshfs host:/ rw
        44 22 0:39 / /tmp rw - tmpfs tmpfs rw
        """;

    [Theory]
    [InlineData("/home/user/.filesearch/index", "ext4")]
    [InlineData("/mnt/nas/data/index", "nfs4")]
    [InlineData("/mnt/nas", "nfs4")]
    [InlineData("/mnt/nas/local disk/index", "ext4")]
    [InlineData("/mnt/nasty/index", "ext4")]
    [InlineData("/mnt/share/x", "cifs")]
    [InlineData("/tmp/fs/index", "tmpfs")]
    public void TypeOf_DeepestMountWins(string path, string expected) => Assert.Equal(expected, NetworkFileSystem.TypeOf(MountInfo, path));

    [Theory]
    [InlineData("nfs4", true)]
    [InlineData("cifs", true)]
    [InlineData("smb3", true)]
    [InlineData("fuse.sshfs", true)]
    [InlineData("ext4", false)]
    [InlineData("tmpfs", false)]
    [InlineData("overlay", false)]
    [InlineData(null, false)]
    public void Classify_NetworkTypes_AreNamed(string? type, bool network) => Assert.Equal(network, NetworkFileSystem.Classify(type) is not null);

    [Fact]
    public void Detect_TestTempFolder_IsLocal() => Assert.Null(NetworkFileSystem.Detect(Path.GetTempPath()));
}
