using FileSearch.Core.Ports;
using FileSearch.Embedded.Internals;

namespace FileSearch.Embedded;

/// <summary>Reading and writing single objects.</summary>
public sealed partial class FolderObjectStore
{
    public async Task<ObjectInfo> DownloadAsync(string bucket, string key, string destinationPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationPath);
        var (path, info) = await FindExistingAsync(bucket, key, cancellationToken).ConfigureAwait(false);

        // A missing local folder must not surface as DirectoryNotFoundException, which reads as a missing object.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destinationPath))!);
        try
        {
            var destination = new FileStream(destinationPath, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
            await using (destination.ConfigureAwait(false))
            {
                if (info.Size > 0)
                {
                    var source = OpenSource(bucket, key, path);
                    await using (source.ConfigureAwait(false))
                    {
                        await source.CopyToAsync(destination, BufferSize, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        catch
        {
            TryDelete(destinationPath);
            throw;
        }

        return info;
    }

    public async Task<ObjectInfo?> GetInfoAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var (_, path) = await ResolveReadAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        var file = new FileInfo(path);
        return file.Exists ? Describe(key, file) : null;
    }

    public async Task<Stream> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var (path, info) = await FindExistingAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        return info.Size == 0 ? new MemoryStream([], writable: false) : OpenSource(bucket, key, path);
    }

    public async Task PutAsync(string bucket, string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var (folder, name) = await ResolveWriteAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        var target = Path.Join(folder, name);
        if (Directory.Exists(target))
        {
            throw StorageErrors.InvalidKey(key, "a folder already has that name");
        }

        Directory.CreateDirectory(folder);

        // Write beside the target and rename over it, so no reader ever sees half a file.
        var temporary = Path.Join(folder, $"{TemporaryPrefix}{Guid.NewGuid():N}.tmp");
        try
        {
            var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
            await using (output.ConfigureAwait(false))
            {
                await content.CopyToAsync(output, BufferSize, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public async Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var (folder, name) = await ResolveWriteAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        var target = Path.Join(folder, name);

        // Empty folders are left in place: removing them races with a concurrent put into the same folder.
        if (Directory.Exists(folder) && !Directory.Exists(target))
        {
            File.Delete(target);
        }
    }

    private async Task<(string Path, ObjectInfo Info)> FindExistingAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var (_, path) = await ResolveReadAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        var file = new FileInfo(path);
        return file.Exists ? (path, Describe(key, file)) : throw StorageErrors.NotFound(bucket, key);
    }

    /// <summary>The real path of an object, following links only while they stay inside the bucket.</summary>
    private async Task<(BucketRegistration Registration, string Path)> ResolveReadAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var segments = ObjectKey.Parse(key);
        var registration = await ResolveBucketAsync(bucket, cancellationToken).ConfigureAwait(false);
        var rootReal = RealPath.Resolve(registration.RootPath);
        var path = RealPath.Resolve(Path.Join([rootReal, .. segments]));
        return RealPath.IsInside(rootReal, path) && path.Length > rootReal.Length
            ? (registration, path)
            : throw StorageErrors.OutsideBucket(bucket, key);
    }

    /// <summary>The real folder and the name of an object to write; the name itself is never followed, so a
    /// put replaces a link instead of writing through it, and a delete removes the link, not its target.</summary>
    private async Task<(string Folder, string Name)> ResolveWriteAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var segments = ObjectKey.Parse(key);
        var registration = await ResolveBucketAsync(bucket, cancellationToken).ConfigureAwait(false);
        if (registration.ReadOnly)
        {
            throw StorageErrors.ReadOnly(bucket);
        }

        var rootReal = RealPath.Resolve(registration.RootPath);
        var folder = RealPath.Resolve(Path.Join([rootReal, .. segments[..^1]]));
        return RealPath.IsInside(rootReal, folder) ? (folder, segments[^1]) : throw StorageErrors.OutsideBucket(bucket, key);
    }

    private static FileStream OpenSource(string bucket, string key, string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw StorageErrors.NotFound(bucket, key, e);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort: the original failure is what the caller needs to see
        }
    }
}
