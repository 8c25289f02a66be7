using FileSearch.Core.Ports;
using FileSearch.Core.Security;

namespace FileSearch.Embedded.Permissions;

/// <summary>
/// Who may read a local file, from the file system: POSIX owner, group and mode bits, POSIX ACLs (libacl), and traverse
/// (execute) permission on every folder from the ingested root down to the file. User and group ids become names through
/// NSS (so LDAP/SSSD accounts work): <c>user:alice</c>, <c>group:sales</c>; ids without a name stay numeric
/// (<c>uid:1234</c>, <c>gid:1234</c>); POSIX "other" is <c>everyone</c>. Root (CAP_DAC_OVERRIDE) is not modelled. A file on
/// an SMB (CIFS) mount that exposes its Windows ACL is read from that instead (<see cref="WindowsSecurityDescriptor"/>).
/// </summary>
public sealed class PosixPermissionSource : IPermissionSource
{
    public IPermissionReader Open(string root) => new Reader(root);

    /// <summary>
    /// One pass: folders' traverse sets, names and group memberships are cached, so a tree is read with one ACL read per
    /// file and per folder.
    /// </summary>
    private sealed class Reader(string root) : IPermissionReader
    {
        private readonly string _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        private readonly Dictionary<string, AccessSet?> _folders = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DateTimeOffset?> _folderChanges = new(StringComparer.Ordinal);
        private readonly Dictionary<(SubjectKind, uint), string> _names = [];
        private readonly Dictionary<uint, IReadOnlySet<uint>> _memberships = [];

        public DocumentPermissions? Read(string path)
        {
            var full = Path.GetFullPath(path);
            if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new ArgumentException($"{full} is not below {_root}", nameof(path));
            }

            // A file on an SMB mount: its Windows ACL, as SIDs (the mode bits the CIFS client shows are made up).
            if (PosixNative.ExtendedAttribute(full, WindowsSecurityDescriptor.CifsAclAttribute) is { } descriptor)
            {
                try
                {
                    return WindowsSecurityDescriptor.Parse(descriptor);
                }
                catch (FormatException)
                {
                    return null;
                }
            }

            if (PosixAcl.Load(full)?.Evaluate(PosixPerm.Read) is not { } access)
            {
                return null;
            }

            for (var folder = Path.GetDirectoryName(full); folder is not null && folder.Length >= _root.Length; folder = Path.GetDirectoryName(folder))
            {
                if (Traverse(folder) is not { } traverse)
                {
                    return null;
                }

                access = Intersect(access, traverse);
            }

            return DocumentPermissions.Create(access.Allow.Select(Entry), access.Deny.Select(Entry));
        }

        public DateTimeOffset? LastChanged(string path)
        {
            var full = Path.GetFullPath(path);
            var newest = PosixNative.ChangeTime(full);
            for (var folder = Path.GetDirectoryName(full); newest is not null && folder is not null && folder.Length >= _root.Length;
                folder = Path.GetDirectoryName(folder))
            {
                if (!_folderChanges.TryGetValue(folder, out var changed))
                {
                    changed = PosixNative.ChangeTime(folder);
                    _folderChanges[folder] = changed;
                }

                newest = changed is null ? null : changed > newest ? changed : newest;
            }

            return newest;
        }

        private AccessSet? Traverse(string folder)
        {
            if (!_folders.TryGetValue(folder, out var access))
            {
                access = PosixAcl.Load(folder)?.Evaluate(PosixPerm.Execute);
                _folders[folder] = access;
            }

            return access;
        }

        /// <summary>
        /// Subjects that may read the file AND traverse the folder. Denials add up. An allowed user stays when the folder
        /// lets in that user, one of its groups or everyone; an allowed group stays when the folder lets in that group or
        /// everyone, and otherwise only the folder's users that belong to it stay; "everyone" at the file becomes whoever
        /// the folder lets in. Members of two different groups (one at the file, one at the folder) cannot be named without
        /// enumerating groups, so they are left out: never more than the operating system allows.
        /// </summary>
        private AccessSet Intersect(AccessSet access, AccessSet folder)
        {
            var deny = access.Deny.Concat(folder.Deny.Select(g => g with { Source = PermissionSource.Ancestor })).ToList();
            if (folder.AllowsEveryone)
            {
                return new AccessSet(access.Allow, deny);
            }

            var folderAllow = folder.Allow.Select(g => g with { Source = PermissionSource.Ancestor }).ToList();
            var allow = new List<Grant>();
            foreach (var grant in access.Allow)
            {
                switch (grant.Kind)
                {
                    case SubjectKind.Everyone:
                        allow.AddRange(folderAllow);
                        break;
                    case SubjectKind.User when folderAllow.Any(f => f.SameSubject(grant) || (f.Kind == SubjectKind.Group && IsMember(grant.Id, f.Id))):
                        allow.Add(grant);
                        break;
                    case SubjectKind.Group when folderAllow.Any(f => f.SameSubject(grant)):
                        allow.Add(grant);
                        break;
                    case SubjectKind.Group:
                        allow.AddRange(folderAllow.Where(f => f.Kind == SubjectKind.User && IsMember(f.Id, grant.Id)));
                        break;
                }
            }

            return new AccessSet(allow, deny);
        }

        private bool IsMember(uint uid, uint gid)
        {
            if (!_memberships.TryGetValue(uid, out var groups))
            {
                groups = PosixNative.GroupsOf(uid);
                _memberships[uid] = groups;
            }

            return groups.Contains(gid);
        }

        private PermissionEntry Entry(Grant grant) => new(Name(grant), grant.Source);

        private string Name(Grant grant)
        {
            if (grant.Kind == SubjectKind.Everyone)
            {
                return Principal.Everyone;
            }

            if (!_names.TryGetValue((grant.Kind, grant.Id), out var name))
            {
                name = grant.Kind == SubjectKind.User
                    ? PosixNative.UserName(grant.Id) is { } user ? Principal.User(user) : Principal.Uid(grant.Id)
                    : PosixNative.GroupName(grant.Id) is { } group ? Principal.Group(group) : Principal.Gid(grant.Id);
                _names[(grant.Kind, grant.Id)] = name;
            }

            return name;
        }
    }
}
