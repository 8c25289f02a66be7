using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using FileSearch.Core.Security;

namespace FileSearch.Embedded.Permissions;

/// <summary>
/// Who may read a file according to its Windows security descriptor, as an SMB mount exposes it (the Linux CIFS client's
/// <c>system.cifs_acl</c> extended attribute: a self-relative <c>SECURITY_DESCRIPTOR</c>). Each access-allowed ACE of
/// the DACL that grants read (<c>FILE_READ_DATA</c>, <c>GENERIC_READ</c> or <c>GENERIC_ALL</c>) allows its SID; each
/// access-denied ACE that denies read denies it. Inherit-only ACEs (they apply to children, not this file) and object and
/// callback ACEs are skipped. The SIDs become <c>sid:S-1-5-21-...</c>; Everyone (S-1-1-0) and Authenticated Users
/// (S-1-5-11) become <c>everyone</c>. No DACL at all means everyone may read (as Windows grants full access);
/// an empty DACL means nobody (admins only). Windows does not check traverse rights on folders by default, so only the
/// file's own DACL counts (inherited ACEs are already in it).
/// </summary>
public static class WindowsSecurityDescriptor
{
    /// <summary>The extended attribute of a CIFS mount holding a file's security descriptor.</summary>
    public const string CifsAclAttribute = "system.cifs_acl";

    private const ushort DaclPresent = 0x0004;
    private const ushort SelfRelative = 0x8000;
    private const byte AccessAllowed = 0x00;
    private const byte AccessDenied = 0x01;
    private const byte InheritOnly = 0x08;
    private const uint ReadRights = 0x0000_0001 | 0x8000_0000 | 0x1000_0000;

    /// <summary>Reads a self-relative security descriptor; <see cref="FormatException"/> when it is truncated or not one.</summary>
    public static DocumentPermissions Parse(ReadOnlySpan<byte> descriptor)
    {
        if (descriptor.Length < 20 || descriptor[0] != 1)
        {
            throw new FormatException("not a self-relative security descriptor (revision 1, 20-byte header)");
        }

        var control = BinaryPrimitives.ReadUInt16LittleEndian(descriptor[2..]);
        var daclOffset = (int)BinaryPrimitives.ReadUInt32LittleEndian(descriptor[16..]);
        if ((control & SelfRelative) == 0)
        {
            throw new FormatException("the security descriptor is not self-relative");
        }

        if ((control & DaclPresent) == 0 || daclOffset == 0)
        {
            return DocumentPermissions.Allowing(PermissionSource.Acl, Core.Security.Principal.Everyone);
        }

        var dacl = Slice(descriptor, daclOffset, 8, "DACL header");
        var aclSize = BinaryPrimitives.ReadUInt16LittleEndian(dacl[2..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(dacl[4..]);
        var aces = Slice(descriptor, daclOffset, aclSize, "DACL")[8..];
        var allow = new List<PermissionEntry>();
        var deny = new List<PermissionEntry>();
        for (var i = 0; i < count; i++)
        {
            if (aces.Length < 4)
            {
                throw new FormatException($"ACE {i} of {count} is truncated");
            }

            var (type, flags, size) = (aces[0], aces[1], BinaryPrimitives.ReadUInt16LittleEndian(aces[2..]));
            if (size < 4 || size > aces.Length)
            {
                throw new FormatException($"ACE {i} has size {size}");
            }

            var ace = aces[..size];
            aces = aces[size..];
            if ((flags & InheritOnly) != 0 || type is not (AccessAllowed or AccessDenied) || size < 16)
            {
                continue;
            }

            var mask = BinaryPrimitives.ReadUInt32LittleEndian(ace[4..]);
            if ((mask & ReadRights) == 0)
            {
                continue;
            }

            var entry = new PermissionEntry(PrincipalOf(Sid(ace[8..])), PermissionSource.Acl);
            (type == AccessAllowed ? allow : deny).Add(entry);
        }

        return DocumentPermissions.Create(allow, deny);
    }

    /// <summary>The textual form of a binary SID (<c>S-1-5-21-...</c>).</summary>
    internal static string Sid(ReadOnlySpan<byte> sid)
    {
        if (sid.Length < 8 || sid[0] != 1 || sid.Length < 8 + (4 * sid[1]))
        {
            throw new FormatException("a SID is truncated");
        }

        var authority = 0UL;
        for (var i = 2; i < 8; i++)
        {
            authority = (authority << 8) | sid[i];
        }

        var text = new StringBuilder("S-1-").Append(authority.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < sid[1]; i++)
        {
            text.Append('-').Append(BinaryPrimitives.ReadUInt32LittleEndian(sid[(8 + (4 * i))..]).ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    private static string PrincipalOf(string sid) => sid is "S-1-1-0" or "S-1-5-11" ? Core.Security.Principal.Everyone : "sid:" + sid;

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> descriptor, int offset, int length, string what) =>
        offset < 0 || length < 0 || offset + length > descriptor.Length
            ? throw new FormatException($"the {what} lies outside the descriptor")
            : descriptor.Slice(offset, length);
}
