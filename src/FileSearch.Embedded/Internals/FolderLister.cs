using FileSearch.Core.Ports;
using Microsoft.Extensions.Logging;

namespace FileSearch.Embedded.Internals;

/// <summary>
/// Walks a bucket folder in key order, yielding regular files only. Skips what a hostile or broken
/// tree can hold: links leading outside the bucket, dangling links, link cycles, unreadable folders,
/// names that are not valid keys, FIFOs, sockets and devices, and half-written files of <see cref="FolderObjectStore"/>;
/// each skipped entry (but the half-written files) is logged and reported to <paramref name="skipped"/>.
/// </summary>
internal sealed class FolderLister(string bucket, string rootReal, ILogger logger, Action<SkippedEntry>? skipped = null)
{
    private const uint FileTypeRegular = 0x8000;
    private const uint FileTypeFolder = 0x4000;

    /// <summary>Deeper folders are skipped: no real tree is this deep, and recursion must stay bounded.</summary>
    public const int MaxDepth = 64;

    private static readonly EnumerationOptions Shallow = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);

    /// <summary>Lists <paramref name="folder"/> (a real path inside the root) whose keys start with <paramref name="keyPrefix"/>.</summary>
    public IEnumerable<ObjectInfo> List(string folder, string keyPrefix, string filter, CancellationToken cancellationToken) =>
        Walk(folder, keyPrefix, filter, depth: 0, cancellationToken);

    private IEnumerable<ObjectInfo> Walk(string folder, string keyPrefix, string filter, int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth)
        {
            Skip(keyPrefix, folder, "too-deep", "folder nesting is too deep");
            yield break;
        }

        if (!_visited.Add(folder))
        {
            Skip(keyPrefix, folder, "link-loop", "the folder was already listed under another name (a symbolic link to it)");
            yield break;
        }

        foreach (var entry in ReadEntries(folder, keyPrefix))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = keyPrefix + entry.Name + (entry.IsFolder ? "/" : string.Empty);
            if (entry.IsFolder)
            {
                if (key.StartsWith(filter, StringComparison.Ordinal) || filter.StartsWith(key, StringComparison.Ordinal))
                {
                    foreach (var info in Walk(entry.RealPath, key, filter, depth + 1, cancellationToken))
                    {
                        yield return info;
                    }
                }
            }
            else if (key.StartsWith(filter, StringComparison.Ordinal) && Describe(key, entry) is { } info)
            {
                yield return info;
            }
        }
    }

    private List<Entry> ReadEntries(string folder, string keyPrefix)
    {
        var entries = new List<Entry>();
        try
        {
            foreach (var item in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", Shallow))
            {
                try
                {
                    if (ToEntry(item, keyPrefix) is { } entry)
                    {
                        entries.Add(entry);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // One entry (a link loop, a name the OS refuses) must not hide the rest of its folder.
                    Skip(keyPrefix + item.Name, item.FullName, e.Message.Contains("symbolic link", StringComparison.OrdinalIgnoreCase) ? "link-loop" : "unreadable", e.Message);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Skip(keyPrefix, folder, "unreadable", e.Message);
        }

        entries.Sort((a, b) => Utf8Order.Instance.Compare(a.SortName, b.SortName));
        return entries;
    }

    private Entry? ToEntry(FileSystemInfo item, string keyPrefix)
    {
        if (FolderObjectStore.IsTemporaryName(item.Name))
        {
            return null;
        }

        var key = keyPrefix + item.Name;
        if (ObjectKey.SegmentProblem(item.Name) is { } problem)
        {
            Skip(key, item.FullName, "invalid-name", "the name is not a valid key: " + problem);
            return null;
        }

        // The OS decodes a name that is not UTF-8 with replacement characters: that name leads nowhere.
        if (item.Name.Contains('\uFFFD', StringComparison.Ordinal) && !Path.Exists(item.FullName) && item.LinkTarget is null)
        {
            Skip(key, item.FullName, "invalid-name", "the name is not valid UTF-8, so it cannot be opened by its decoded name");
            return null;
        }

        if (item.LinkTarget is null)
        {
            return new Entry(item.Name, item.FullName, item is DirectoryInfo);
        }

        var real = RealPath.Resolve(item.FullName);
        if (!RealPath.IsInside(rootReal, real))
        {
            Skip(key, item.FullName, "link-outside-folder", "symbolic link leads outside the ingested folder (never followed)");
            return null;
        }

        if (Directory.Exists(real))
        {
            return new Entry(item.Name, real, IsFolder: true);
        }

        if (File.Exists(real))
        {
            return new Entry(item.Name, real, IsFolder: false);
        }

        Skip(key, item.FullName, "broken-link", "symbolic link is dangling");
        return null;
    }

    private ObjectInfo? Describe(string key, Entry entry)
    {
        try
        {
            // FIFOs, sockets and devices are not documents, and opening a FIFO would block: never listed as objects.
            if (OperatingSystem.IsLinux() && Permissions.PosixNative.FileType(entry.RealPath) is { } type and not FileTypeRegular and not FileTypeFolder)
            {
                Skip(key, entry.RealPath, "special-file", $"not a regular file ({SpecialKind(type)})");
                return null;
            }

            var file = new FileInfo(entry.RealPath);
            return file.Exists ? FolderObjectStore.Describe(key, file) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Skip(key, entry.RealPath, "unreadable", e.Message);
            return null;
        }
    }

    private static string SpecialKind(uint type) => type switch
    {
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x6000 => "a block device",
        0xC000 => "a socket",
        _ => "an unknown file type",
    };

    private void Skip(string key, string path, string code, string reason)
    {
        Log.ListEntrySkipped(logger, bucket, path, reason);
        skipped?.Invoke(new SkippedEntry(key.TrimEnd('/'), path, code, reason));
    }

    private sealed record Entry(string Name, string RealPath, bool IsFolder)
    {
        // A folder sorts as "name/" so the walk yields keys in the same order as sorting the full keys.
        public string SortName => IsFolder ? Name + "/" : Name;
    }
}
