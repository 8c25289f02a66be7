using FileSearch.Core.Ports;
using FileSearch.Core.Security;

namespace FileSearch.Aws;

/// <summary>Progress of a folder sync: files looked at so far, and what happened to the current one.</summary>
public sealed record SyncProgress(int Done, int Total, long BytesUploaded, string Key, SyncAction Action);

/// <summary>What the sync did with one file or object.</summary>
public enum SyncAction
{
    Uploaded = 0,
    Skipped = 1,
    Deleted = 2,
    Failed = 3,

    /// <summary>Same content, other permissions: the object's metadata was replaced in place.</summary>
    PermissionsUpdated = 4,
}

/// <summary>Outcome of a folder sync.</summary>
public sealed record SyncResult(int Uploaded, int Skipped, int Deleted, long BytesUploaded, IReadOnlyList<string> Failures)
{
    /// <summary>Unchanged files whose permissions changed: only the object's metadata was replaced.</summary>
    public int PermissionsUpdated { get; init; }
}

/// <summary>
/// NAS-to-S3 sync (<c>filesearch upload</c>): uploads the files of a folder under a key prefix, multipart above one part,
/// skipping files whose object has the same size and was stored after the file last changed; deletes objects with no
/// local file only when asked. Hidden files and folders (name starting with '.') are skipped. The S3 event
/// notifications of the bucket then feed the queue. With a permission source, each object carries who may read the file
/// (<see cref="ObjectPermissions"/>, read on the NAS side: mode bits, POSIX ACLs, traverse); an unchanged file whose
/// permissions changed gets new metadata in place, without uploading its content again.
/// </summary>
public sealed class S3FolderSync(S3ObjectStore store, TimeProvider time, IPermissionSource? permissions = null)
{
    public async Task<SyncResult> SyncAsync(string folder, string bucket, string? prefix, bool delete, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Folder {folder} does not exist");
        }

        var normalizedPrefix = string.IsNullOrEmpty(prefix) ? string.Empty : prefix.TrimEnd('/') + "/";
        var remote = new Dictionary<string, ObjectInfo>(StringComparer.Ordinal);
        await foreach (var info in store.ListAsync(bucket, normalizedPrefix.Length == 0 ? null : normalizedPrefix, cancellationToken).ConfigureAwait(false))
        {
            remote[info.Key] = info;
        }

        var files = EnumerateFiles(root).ToList();
        var stale = delete ? remote.Keys.Except(files.Select(f => normalizedPrefix + Relative(root, f))).ToList() : [];
        var total = files.Count + stale.Count;
        int uploaded = 0, skipped = 0, deleted = 0, done = 0, permissionsUpdated = 0;
        var reader = permissions?.Open(root);
        long bytes = 0;
        var failures = new List<string>();
        foreach (var file in files)
        {
            var key = normalizedPrefix + Relative(root, file);
            var local = new FileInfo(file);
            SyncAction action;
            if (remote.TryGetValue(key, out var existing) && existing.Size == local.Length && existing.LastModified >= local.LastWriteTimeUtc)
            {
                try
                {
                    if (reader is not null && MayHaveNewPermissions(reader, file, existing)
                        && await UpdatePermissionsAsync(bucket, key, reader.Read(file), cancellationToken).ConfigureAwait(false))
                    {
                        action = SyncAction.PermissionsUpdated;
                        permissionsUpdated++;
                    }
                    else
                    {
                        action = SyncAction.Skipped;
                        skipped++;
                    }
                }
                catch (Exception ex) when (ex is IOException or Core.Errors.ProcessingException)
                {
                    action = SyncAction.Failed;
                    failures.Add($"{key}: {ex.Message}");
                }
            }
            else
            {
                try
                {
                    await UploadAsync(bucket, key, local, reader?.Read(file), cancellationToken).ConfigureAwait(false);
                    action = SyncAction.Uploaded;
                    uploaded++;
                    bytes += local.Length;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Core.Errors.ProcessingException)
                {
                    action = SyncAction.Failed;
                    failures.Add($"{key}: {ex.Message}");
                }
            }

            progress?.Report(new SyncProgress(++done, total, bytes, key, action));
        }

        foreach (var key in stale)
        {
            await store.DeleteAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            deleted++;
            progress?.Report(new SyncProgress(++done, total, bytes, key, SyncAction.Deleted));
        }

        return new SyncResult(uploaded, skipped, deleted, bytes, failures) { PermissionsUpdated = permissionsUpdated };
    }

    private async Task UploadAsync(string bucket, string key, FileInfo file, DocumentPermissions? acl, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>
        {
            ["mtime"] = new DateTimeOffset(file.LastWriteTimeUtc).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["uploaded"] = time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        WithPermissions(metadata, acl);
        var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await store.PutAsync(bucket, key, stream, "application/octet-stream", metadata, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether the file's permissions may have changed since its object was stored, so they must be read and compared
    /// (one HEAD request): unknown change times always are; otherwise changes older than the object, less the clock skew
    /// S3 tolerates in signed requests (15 minutes), are already in it.
    /// </summary>
    private static bool MayHaveNewPermissions(IPermissionReader reader, string file, ObjectInfo existing) =>
        reader.LastChanged(file) is not { } changed || changed > existing.LastModified - TimeSpan.FromMinutes(15);

    /// <summary>Replaces the object's permissions when they differ from <paramref name="acl"/>; true when it did.</summary>
    private async Task<bool> UpdatePermissionsAsync(string bucket, string key, DocumentPermissions? acl, CancellationToken cancellationToken)
    {
        var info = await store.GetInfoAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        if (info is null || Equals(ObjectPermissions.Decode(info.Metadata), acl))
        {
            return false;
        }

        var metadata = new Dictionary<string, string>(info.Metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        metadata.Remove(ObjectPermissions.MetadataKey);
        WithPermissions(metadata, acl);
        await store.ReplaceMetadataAsync(bucket, key, metadata, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static void WithPermissions(Dictionary<string, string> metadata, DocumentPermissions? acl)
    {
        if (acl is null)
        {
            return;
        }

        metadata[ObjectPermissions.MetadataKey] = ObjectPermissions.Encode(acl);
        var bytes = ObjectPermissions.MetadataBytes(metadata);
        if (bytes > ObjectPermissions.MaxMetadataBytes)
        {
            throw Core.Errors.ProcessingException.Permanent("acl-too-large",
                $"its permissions take {bytes:N0} bytes of S3 metadata, more than the {ObjectPermissions.MaxMetadataBytes:N0} S3 allows; "
                + "give the folder a path rule (Permissions:Rules) or fewer ACL entries");
        }
    }

    private static IEnumerable<string> EnumerateFiles(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        return Directory.EnumerateFiles(root, "*", options)
            .Where(f => !Relative(root, f).Split('/').Any(part => part.StartsWith('.')))
            .Order(StringComparer.Ordinal);
    }

    private static string Relative(string root, string file) => Path.GetRelativePath(root, file).Replace('\\', '/');
}
