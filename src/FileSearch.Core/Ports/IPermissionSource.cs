using FileSearch.Core.Security;

namespace FileSearch.Core.Ports;

/// <summary>
/// Reads who may read files in a folder tree from the file system itself (embedded: POSIX mode bits and ACLs, with
/// traverse permission on every folder between the root and the file).
/// </summary>
public interface IPermissionSource
{
    /// <summary>A reader for one pass over the tree below <paramref name="root"/> (it may cache folders and names meanwhile).</summary>
    IPermissionReader Open(string root);
}

/// <summary>One pass of an <see cref="IPermissionSource"/>.</summary>
public interface IPermissionReader
{
    /// <summary>The permissions of the file at <paramref name="path"/> (below the root), or null when they cannot be read.</summary>
    DocumentPermissions? Read(string path);

    /// <summary>
    /// The last time anything <see cref="Read"/> depends on may have changed for <paramref name="path"/> (for POSIX: the
    /// newest status-change time of the file and of every folder up to the root; <c>chmod</c>, <c>setfacl</c> and
    /// <c>chown</c> set it), or null when unknown: then callers must read and compare.
    /// </summary>
    DateTimeOffset? LastChanged(string path) => null;
}
