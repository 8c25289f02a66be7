using System.Runtime.InteropServices;

namespace FileSearch.Embedded.Permissions;

/// <summary>
/// libc (statx, the NSS user and group databases, umask) and libacl (the POSIX.1e ACL C API, Debian package libacl1)
/// by P/Invoke. Linux only; every call here is reentrant.
/// </summary>
internal static unsafe partial class PosixNative
{
    private const string Libc = "libc";
    private const string LibAcl = "libacl.so.1";

    // statx(2): an architecture-independent struct of 256 bytes.
    private const int AtFdCwd = -100;
    private const uint StatxTypeModeUidGid = 0x1 | 0x2 | 0x8 | 0x10;
    private const int StatxSize = 256;

    internal const uint AclTypeAccess = 0x8000;
    internal const int AclFirstEntry = 0;
    internal const int AclNextEntry = 1;
    internal const int AclUserObj = 0x01;
    internal const int AclUser = 0x02;
    internal const int AclGroupObj = 0x04;
    internal const int AclGroup = 0x08;
    internal const int AclMask = 0x10;
    internal const int AclOther = 0x20;

    private const int ERange = 34;

    /// <summary>The status-change time (ctime) of a file, following symbolic links; null when it cannot be read.</summary>
    public static DateTimeOffset? ChangeTime(string path)
    {
        const uint StatxCtime = 0x80;
        var buffer = stackalloc byte[StatxSize];
        if (statx(AtFdCwd, path, 0, StatxCtime, buffer) != 0 || (*(uint*)buffer & StatxCtime) == 0)
        {
            return null;
        }

        // struct statx: stx_ctime (struct statx_timestamp: tv_sec, tv_nsec) at byte 96.
        return DateTimeOffset.FromUnixTimeSeconds(*(long*)(buffer + 96)).AddTicks(*(uint*)(buffer + 104) / 100);
    }

    /// <summary>Owner, group and mode (permission bits) of a file, following symbolic links; null with errno when it fails.</summary>
    public static (uint Uid, uint Gid, uint Mode)? Stat(string path)
    {
        var buffer = stackalloc byte[StatxSize];
        if (statx(AtFdCwd, path, 0, StatxTypeModeUidGid, buffer) != 0)
        {
            return null;
        }

        return (*(uint*)(buffer + 20), *(uint*)(buffer + 24), *(ushort*)(buffer + 28) & 0xFFFu);
    }

    /// <summary>The file type bits of <c>st_mode</c> (<c>S_IFMT</c>: 0x1000 FIFO, 0x2000 character device, 0x4000 folder,
    /// 0x6000 block device, 0x8000 regular file, 0xC000 socket), following symbolic links; null when it cannot be read.</summary>
    public static uint? FileType(string path)
    {
        const uint StatxType = 0x1;
        var buffer = stackalloc byte[StatxSize];
        if (statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
        {
            return null;
        }

        return *(ushort*)(buffer + 28) & 0xF000u;
    }

    /// <summary>
    /// The value of the extended attribute <paramref name="name"/> of a file (following symbolic links), or null when the
    /// file has none (or the file system keeps none).
    /// </summary>
    public static byte[]? ExtendedAttribute(string path, string name)
    {
        var size = getxattr(path, name, null, 0);
        if (size <= 0)
        {
            return null;
        }

        var value = new byte[size];
        fixed (byte* buffer = value)
        {
            var read = getxattr(path, name, buffer, (nuint)value.Length);
            return read < 0 ? null : value[..(int)read];
        }
    }

    /// <summary>
    /// Appends <paramref name="data"/> to the file (created <c>0600</c> when missing) with one <c>write(2)</c> on a
    /// descriptor opened with <c>O_APPEND</c>: writers in several threads and processes never overwrite each other
    /// (.NET's <see cref="FileMode.Append"/> seeks to the end once and then writes at its own offset). The data reaches the
    /// page cache; <see cref="Flush"/> makes it durable.
    /// </summary>
    public static void Append(string path, ReadOnlySpan<byte> data)
    {
        const int WriteOnlyAppendCreateCloseOnExec = 0x1 | 0x40 | 0x400 | 0x80000;
        var fd = open(path, WriteOnlyAppendCreateCloseOnExec, 0b110_000_000u);
        if (fd < 0)
        {
            throw new IOException($"cannot open {path} for appending (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            fixed (byte* buffer = data)
            {
                if (write(fd, buffer, (nuint)data.Length) != data.Length)
                {
                    throw new IOException($"cannot append to {path} (errno {Marshal.GetLastPInvokeError()})");
                }
            }
        }
        finally
        {
            _ = close(fd);
        }
    }

    /// <summary>
    /// <c>fsync(2)</c> of the file: every write to it that completed before this call, through any descriptor of any
    /// process, is on the disk when it returns.
    /// </summary>
    public static void Flush(string path)
    {
        const int ReadOnlyCloseOnExec = 0x80000;
        var fd = open(path, ReadOnlyCloseOnExec, 0);
        if (fd < 0)
        {
            throw new IOException($"cannot open {path} for flushing (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (fsync(fd) != 0)
            {
                throw new IOException($"cannot flush {path} to disk (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = close(fd);
        }
    }

    /// <summary>The user name of <paramref name="uid"/> from NSS (files, LDAP, SSSD ...), or null when unknown.</summary>
    public static string? UserName(uint uid) => LookUp((pwd, buf, len, result) => getpwuid_r(uid, pwd, buf, len, result));

    /// <summary>The group name of <paramref name="gid"/> from NSS, or null when unknown.</summary>
    public static string? GroupName(uint gid) => LookUp((grp, buf, len, result) => getgrgid_r(gid, grp, buf, len, result));

    /// <summary>Every group id of the user <paramref name="uid"/> (primary and supplementary, from NSS); empty when unknown.</summary>
    public static IReadOnlySet<uint> GroupsOf(uint uid)
    {
        var primary = 0u;
        var name = LookUp((pwd, buf, len, result) =>
        {
            var rc = getpwuid_r(uid, pwd, buf, len, result);
            if (rc == 0 && *result != null)
            {
                primary = *(uint*)(pwd + 20); // struct passwd: pw_name, pw_passwd, pw_uid, pw_gid
            }

            return rc;
        });
        if (name is null)
        {
            return new HashSet<uint>();
        }

        var count = 64;
        while (true)
        {
            var groups = new uint[count];
            fixed (uint* p = groups)
            {
                var n = count;
                if (getgrouplist(name, primary, p, &n) >= 0)
                {
                    return new HashSet<uint>(groups.Take(n));
                }

                count = Math.Max(n, count * 2);
            }
        }
    }

    /// <summary>The uid of the user named <paramref name="name"/> from NSS, or null when unknown.</summary>
    public static uint? UidOf(string name)
    {
        uint? uid = null;
        LookUp((pwd, buf, len, result) =>
        {
            var rc = getpwnam_r(name, pwd, buf, len, result);
            if (rc == 0 && *result != null)
            {
                uid = *(uint*)(pwd + 16); // struct passwd: pw_name, pw_passwd, pw_uid
            }

            return rc;
        });
        return uid;
    }

    /// <summary>The effective uid of this process.</summary>
    public static uint EffectiveUid() => geteuid();

    /// <summary>Sets the process file mode creation mask; returns the previous one.</summary>
    public static uint SetUmask(uint mask) => umask(mask);

    private delegate int Lookup(byte* entry, byte* buffer, nuint length, byte** result);

    /// <summary>Runs a <c>get*_r</c> call, growing the buffer on ERANGE; reads the name (the first field of passwd and group).</summary>
    private static string? LookUp(Lookup call)
    {
        var entry = stackalloc byte[128];
        for (var size = 1024; size <= 1 << 20; size *= 4)
        {
            var buffer = new byte[size];
            fixed (byte* b = buffer)
            {
                byte* result = null;
                var rc = call(entry, b, (nuint)size, &result);
                if (rc == ERange)
                {
                    continue;
                }

                return rc == 0 && result != null ? Marshal.PtrToStringUTF8(*(nint*)result) : null;
            }
        }

        return null;
    }

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport(Libc)]
    private static partial int getpwuid_r(uint uid, byte* pwd, byte* buffer, nuint length, byte** result);

    [LibraryImport(Libc)]
    private static partial int getgrgid_r(uint gid, byte* grp, byte* buffer, nuint length, byte** result);

    [LibraryImport(Libc, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int getpwnam_r(string name, byte* pwd, byte* buffer, nuint length, byte** result);

    [LibraryImport(Libc)]
    private static partial uint geteuid();

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, uint mode);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial nint write(int fd, byte* buffer, nuint count);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport(Libc)]
    private static partial int close(int fd);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint getxattr(string path, string name, byte* value, nuint size);

    [LibraryImport(Libc, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int getgrouplist(string user, uint group, uint* groups, int* count);

    [LibraryImport(Libc)]
    private static partial uint umask(uint mask);

    [LibraryImport(LibAcl, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint acl_get_file(string path, uint type);

    [LibraryImport(LibAcl)]
    internal static partial int acl_get_entry(nint acl, int entryId, out nint entry);

    [LibraryImport(LibAcl)]
    internal static partial int acl_get_tag_type(nint entry, out int tag);

    [LibraryImport(LibAcl)]
    internal static partial nint acl_get_qualifier(nint entry);

    [LibraryImport(LibAcl)]
    internal static partial int acl_get_permset(nint entry, out nint permset);

    [LibraryImport(LibAcl)]
    internal static partial int acl_get_perm(nint permset, uint perm);

    [LibraryImport(LibAcl)]
    internal static partial int acl_free(nint obj);

    internal static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno) is { Length: > 0 } m ? m : "errno " + errno;
}
