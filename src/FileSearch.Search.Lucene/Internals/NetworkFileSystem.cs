namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// Finds the file system a folder is on from the mount table and names it when
/// it is a network one (NFS, SMB/CIFS, FUSE network mounts and the like): there, file locks do not reliably exclude other
/// machines and deleted files vanish under open readers, so the embedded index refuses to be written there.
/// </summary>
internal static class NetworkFileSystem
{
    private static readonly string[] NetworkTypes =
    [
        "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "coda", "9p", "ceph", "glusterfs", "lustre", "gpfs",
        "ocfs2", "gfs2", "davfs", "fuse.sshfs", "fuse.glusterfs", "fuse.s3fs", "fuse.rclone", "fuse.davfs", "fuse.gcsfuse", "fuse.cephfs",
        "fuse.mountpoint-s3", "fuse.juicefs", "fuse.goofys",
    ];

    /// <summary>The network file system type <paramref name="path"/> is on, or null for a local one (or when unknown).</summary>
    public static string? Detect(string path)
    {
        const string MountInfo = "/proc/self/mountinfo";
        if (!OperatingSystem.IsLinux() || !File.Exists(MountInfo))
        {
            return null;
        }

        try
        {
            return Classify(TypeOf(File.ReadAllText(MountInfo), ExistingAncestor(Path.GetFullPath(path))));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The file system type of the deepest mount holding <paramref name="path"/>, from the text of
    /// <c>/proc/self/mountinfo</c> (proc(5): mount point in field 5, type after the " - " separator).
    /// </summary>
    public static string? TypeOf(string mountInfo, string path)
    {
        ArgumentNullException.ThrowIfNull(mountInfo);
        string? type = null;
        var bestLength = -1;
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || separator < 0 || separator + 1 >= fields.Length)
            {
                continue;
            }

            var mountPoint = Unescape(fields[4]);
            if (IsUnder(path, mountPoint) && mountPoint.Length >= bestLength)
            {
                bestLength = mountPoint.Length;
                type = fields[separator + 1];
            }
        }

        return type;
    }

    /// <summary>The type name when it is a network file system, else null.</summary>
    public static string? Classify(string? type) =>
        type is not null && NetworkTypes.Contains(type.ToLowerInvariant(), StringComparer.Ordinal) ? type : null;

    private static bool IsUnder(string path, string root)
    {
        root = Path.TrimEndingDirectorySeparator(root);
        return root.Length == 0 || root == "/"
            || path.Equals(root, StringComparison.Ordinal)
            || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>Mount points escape space, tab, newline and backslash as octal (\\040).</summary>
    private static string Unescape(string field) => field.Contains('\\', StringComparison.Ordinal)
        ? System.Text.RegularExpressions.Regex.Replace(field, @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString())
        : field;

    private static string ExistingAncestor(string path)
    {
        var current = path;
        while (!Directory.Exists(current) && Path.GetDirectoryName(current) is { } parent)
        {
            current = parent;
        }

        // Symbolic links in the path lead to the mount the data really lives on.
        var info = new DirectoryInfo(current);
        return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
    }
}
