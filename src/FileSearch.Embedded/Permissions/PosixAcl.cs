using System.Runtime.InteropServices;
using FileSearch.Core.Security;

namespace FileSearch.Embedded.Permissions;

/// <summary>Permission bits as POSIX (and libacl) number them.</summary>
[Flags]
internal enum PosixPerm
{
    None = 0,
    Execute = 1,
    Write = 2,
    Read = 4,
}

/// <summary>Who an access entry names: a user id, a group id, or everyone (POSIX "other").</summary>
internal enum SubjectKind
{
    User = 0,
    Group = 1,
    Everyone = 2,
}

/// <summary>An allow or deny entry with numeric ids, before names are resolved.</summary>
internal readonly record struct Grant(SubjectKind Kind, uint Id, PermissionSource Source)
{
    public bool SameSubject(Grant other) => Kind == other.Kind && (Kind == SubjectKind.Everyone || Id == other.Id);

    public static Grant Everyone(PermissionSource source) => new(SubjectKind.Everyone, 0, source);
}

/// <summary>Allowed and denied subjects for one permission (deny wins), of one file or folder or of a whole path.</summary>
internal sealed record AccessSet(IReadOnlyList<Grant> Allow, IReadOnlyList<Grant> Deny)
{
    public bool AllowsEveryone => Allow.Any(g => g.Kind == SubjectKind.Everyone);
}

/// <summary>
/// The access ACL of a file: owner and owning group (from statx), the ACL_USER_OBJ, ACL_GROUP_OBJ and ACL_OTHER entries,
/// named users and groups, and the mask (null for a minimal ACL: the mode bits alone).
/// </summary>
internal sealed record PosixAcl(
    uint OwnerUid,
    uint OwnerGid,
    PosixPerm Owner,
    PosixPerm OwningGroup,
    PosixPerm Other,
    PosixPerm? Mask,
    IReadOnlyList<(uint Uid, PosixPerm Perm)> Users,
    IReadOnlyList<(uint Gid, PosixPerm Perm)> Groups)
{
    /// <summary>The ACL of <paramref name="path"/> (mode bits alone where the file system has no ACLs or libacl is missing); null when the file cannot be read.</summary>
    public static PosixAcl? Load(string path)
    {
        if (PosixNative.Stat(path) is not { } stat)
        {
            return null;
        }

        var fromMode = FromMode(stat.Uid, stat.Gid, stat.Mode);
        return AclLibrary.Available ? ReadAcl(path, fromMode) : fromMode;
    }

    /// <summary>The ACL that the mode bits alone describe.</summary>
    public static PosixAcl FromMode(uint uid, uint gid, uint mode) =>
        new(uid, gid, (PosixPerm)((mode >> 6) & 7), (PosixPerm)((mode >> 3) & 7), (PosixPerm)(mode & 7), null, [], []);

    /// <summary>
    /// Who holds <paramref name="needed"/>, in the order POSIX checks (acl(5), "access check algorithm"): the owner entry
    /// decides for the owner; a named user entry (masked) for that user; then, for a member of the owning group or of a
    /// named group, access is granted if ANY matching group entry (masked) grants it and refused otherwise; everyone else
    /// gets the "other" entry. Deny entries are written only where a later, broader entry would otherwise let the subject in:
    /// the owner, a named user or a group without the permission while a group or "other" has it.
    /// </summary>
    public AccessSet Evaluate(PosixPerm needed)
    {
        var allow = new List<Grant>();
        var deny = new List<Grant>();
        var otherGrants = Other.HasFlag(needed);
        var groupClass = GroupClass(needed);
        var broaderGrants = otherGrants || groupClass.Values.Any(g => g.Granted);

        Decide(allow, deny, new Grant(SubjectKind.User, OwnerUid, PermissionSource.Mode), Owner.HasFlag(needed), broaderGrants);
        foreach (var (uid, perm) in Users.Where(u => u.Uid != OwnerUid))
        {
            Decide(allow, deny, new Grant(SubjectKind.User, uid, PermissionSource.Acl), Masked(perm).HasFlag(needed), broaderGrants);
        }

        foreach (var (gid, (granted, source)) in groupClass)
        {
            // A member of a group without the permission stops at the group class: "other" does not apply to it.
            Decide(allow, deny, new Grant(SubjectKind.Group, gid, source), granted, otherGrants);
        }

        if (otherGrants)
        {
            allow.Add(Grant.Everyone(PermissionSource.Mode));
        }

        return new AccessSet(allow, deny);
    }

    private static void Decide(List<Grant> allow, List<Grant> deny, Grant grant, bool granted, bool broaderGrants)
    {
        if (granted)
        {
            allow.Add(grant);
        }
        else if (broaderGrants)
        {
            deny.Add(grant);
        }
    }

    /// <summary>Per group id (owning group and named groups): granted by any of its entries, and the entry's source.</summary>
    private SortedDictionary<uint, (bool Granted, PermissionSource Source)> GroupClass(PosixPerm needed)
    {
        var result = new SortedDictionary<uint, (bool Granted, PermissionSource Source)>
        {
            [OwnerGid] = (Masked(OwningGroup).HasFlag(needed), PermissionSource.Mode),
        };
        foreach (var (gid, perm) in Groups)
        {
            var granted = Masked(perm).HasFlag(needed);
            if (!result.TryGetValue(gid, out var known) || (granted && !known.Granted))
            {
                result[gid] = (granted, PermissionSource.Acl);
            }
        }

        return result;
    }

    private PosixPerm Masked(PosixPerm perm) => Mask is { } mask ? perm & mask : perm;

    private static PosixAcl? ReadAcl(string path, PosixAcl fromMode)
    {
        var acl = PosixNative.acl_get_file(path, PosixNative.AclTypeAccess);
        if (acl == 0)
        {
            // ENOTSUP (no ACLs on this file system) and the like: the mode bits are the whole story.
            return Marshal.GetLastPInvokeError() == 2 /* ENOENT */ ? null : fromMode;
        }

        try
        {
            var result = fromMode with { Mask = null, Users = [], Groups = [] };
            var users = new List<(uint, PosixPerm)>();
            var groups = new List<(uint, PosixPerm)>();
            for (var rc = PosixNative.acl_get_entry(acl, PosixNative.AclFirstEntry, out var entry); rc == 1;
                 rc = PosixNative.acl_get_entry(acl, PosixNative.AclNextEntry, out entry))
            {
                if (PosixNative.acl_get_tag_type(entry, out var tag) != 0 || PosixNative.acl_get_permset(entry, out var permset) != 0)
                {
                    return fromMode;
                }

                var perm = Perm(permset);
                switch (tag)
                {
                    case PosixNative.AclUserObj:
                        result = result with { Owner = perm };
                        break;
                    case PosixNative.AclGroupObj:
                        result = result with { OwningGroup = perm };
                        break;
                    case PosixNative.AclOther:
                        result = result with { Other = perm };
                        break;
                    case PosixNative.AclMask:
                        result = result with { Mask = perm };
                        break;
                    case PosixNative.AclUser:
                        users.Add((Qualifier(entry), perm));
                        break;
                    case PosixNative.AclGroup:
                        groups.Add((Qualifier(entry), perm));
                        break;
                }
            }

            return result with { Users = users, Groups = groups };
        }
        finally
        {
            PosixNative.acl_free(acl);
        }
    }

    private static PosixPerm Perm(nint permset)
    {
        var perm = PosixPerm.None;
        foreach (var bit in (ReadOnlySpan<PosixPerm>)[PosixPerm.Read, PosixPerm.Write, PosixPerm.Execute])
        {
            if (PosixNative.acl_get_perm(permset, (uint)bit) == 1)
            {
                perm |= bit;
            }
        }

        return perm;
    }

    private static unsafe uint Qualifier(nint entry)
    {
        var qualifier = PosixNative.acl_get_qualifier(entry);
        if (qualifier == 0)
        {
            throw new InvalidOperationException("acl_get_qualifier failed");
        }

        try
        {
            return *(uint*)qualifier;
        }
        finally
        {
            PosixNative.acl_free(qualifier);
        }
    }

    /// <summary>Whether libacl.so.1 loads (checked once).</summary>
    private static class AclLibrary
    {
        public static readonly bool Available = NativeLibrary.TryLoad("libacl.so.1", out _);
    }
}
