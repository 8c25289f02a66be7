using System.Buffers.Binary;
using System.Runtime.InteropServices;
using FileSearch.Core.Security;
using FileSearch.Embedded.Permissions;
using FileSearch.Testing;

namespace FileSearch.Embedded.Tests.Permissions;

[Trait("Category", "Unit")]
public sealed partial class WindowsSecurityDescriptorTests
{
    private const string Domain = "S-1-5-21-1004336348-1177238915-682003330";
    private const uint FileReadData = 0x1;
    private const uint FileWriteData = 0x2;
    private const uint GenericRead = 0x8000_0000;

    [Fact]
    public void Parse_DaclWithAllowsDenyAndSkippedAces_ReadersAsSids()
    {
        var descriptor = Descriptor(
            Ace(0, 0, FileReadData | 0x0012_0088, "S-1-1-0"),
            Ace(0, 0, GenericRead, Domain + "-1104"),
            Ace(1, 0, FileReadData, Domain + "-1105"),
            Ace(0, 0, FileWriteData, Domain + "-1106"),
            Ace(0, 0x08 | 0x03, FileReadData, Domain + "-1107"),
            Ace(0, 0, FileReadData, "S-1-5-11"));

        var permissions = WindowsSecurityDescriptor.Parse(descriptor);

        Assert.Equal(["everyone", $"sid:{Domain}-1104"], permissions.AllowedPrincipals);
        Assert.Equal([$"sid:{Domain}-1105"], permissions.DeniedPrincipals);
        Assert.False(AccessDecision.For(permissions, ["everyone", $"sid:{Domain}-1105"], isAdmin: false).Allowed);
        Assert.True(AccessDecision.For(permissions, ["everyone", "user:tanaka"], isAdmin: false).Allowed);
    }

    [Fact]
    public void Parse_NoDaclOrEmptyDacl_EveryoneOrNobody()
    {
        var noDacl = new byte[20];
        noDacl[0] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(noDacl.AsSpan(2), 0x8000);

        Assert.Equal(["everyone"], WindowsSecurityDescriptor.Parse(noDacl).AllowedPrincipals);
        var empty = WindowsSecurityDescriptor.Parse(Descriptor());
        Assert.Empty(empty.AllowedPrincipals);
        Assert.False(AccessDecision.For(empty, ["everyone"], isAdmin: false).Allowed);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(30)]
    [InlineData(50)]
    public void Parse_Truncated_FormatException(int length)
    {
        var descriptor = Descriptor(Ace(0, 0, FileReadData, Domain + "-1104"));

        Assert.Throws<FormatException>(() => WindowsSecurityDescriptor.Parse(descriptor.AsSpan(0, length)));
    }

    [Fact]
    public void ExtendedAttribute_SetOnAFile_ReadBackAndMissingIsNull()
    {
        Assert.True(OperatingSystem.IsLinux(), "extended attributes are read on Linux");
        using var temp = new TempDirectory("fs-xattr");
        var file = temp.Combine("a.txt");
        File.WriteAllText(file, "x");
        var value = Descriptor(Ace(0, 0, FileReadData, Domain + "-1104"));
        Assert.Equal(0, setxattr(file, "user.filesearch_test", value, (nuint)value.Length, 0));

        Assert.Equal(value, PosixNative.ExtendedAttribute(file, "user.filesearch_test"));
        Assert.Null(PosixNative.ExtendedAttribute(file, "user.missing"));
        Assert.Null(PosixNative.ExtendedAttribute(file, WindowsSecurityDescriptor.CifsAclAttribute));
    }

    /// <summary>A self-relative security descriptor with a DACL of <paramref name="aces"/> (no owner, group or SACL).</summary>
    private static byte[] Descriptor(params byte[][] aces)
    {
        var aclSize = 8 + aces.Sum(a => a.Length);
        var bytes = new byte[20 + aclSize];
        bytes[0] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), 0x8000 | 0x0004);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 20);
        bytes[20] = 2;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(22), (ushort)aclSize);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(24), (ushort)aces.Length);
        var offset = 28;
        foreach (var ace in aces)
        {
            ace.CopyTo(bytes, offset);
            offset += ace.Length;
        }

        return bytes;
    }

    private static byte[] Ace(byte type, byte flags, uint mask, string sid)
    {
        var parts = sid.Split('-');
        var subs = parts[3..].Select(uint.Parse).ToArray();
        var ace = new byte[8 + 8 + (4 * subs.Length)];
        ace[0] = type;
        ace[1] = flags;
        BinaryPrimitives.WriteUInt16LittleEndian(ace.AsSpan(2), (ushort)ace.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(ace.AsSpan(4), mask);
        ace[8] = 1;
        ace[9] = (byte)subs.Length;
        ace[15] = byte.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < subs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(ace.AsSpan(16 + (4 * i)), subs[i]);
        }

        return ace;
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setxattr(string path, string name, byte[] value, nuint size, int flags);
}
