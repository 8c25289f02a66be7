using FileSearch.Core.Ports;
using Microsoft.Extensions.Logging;

namespace FileSearch.Embedded.Internals;

/// <summary>
/// Walks a bucket folder in key order, yielding regular files only. Skips what a hostile or broken
/// tree can hold: links leading outside the bucket, dangling links, link cycles, unreadable folders,
/// names that are not valid keys, and half-written files of <see cref="FolderObjectStore"/>.
/// </summary>
internal sealed class FolderLister(string bucket, string rootReal, ILogger logger)
{
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
            Log.ListEntrySkipped(logger, bucket, folder, "folder nesting is too deep");
            yield break;
        }

        if (!_visited.Add(folder))
        {
            yield break;
        }

        foreach (var entry in ReadEntries(folder))
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
            else if (key.StartsWith(filter, StringComparison.Ordinal) && Describe(key, entry.RealPath) is { } info)
            {
                yield return info;
            }
        }
    }

    private List<Entry> ReadEntries(string folder)
    {
        var entries = new List<Entry>();
        try
        {
            foreach (var item in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", Shallow))
            {
                if (ToEntry(item) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.ListEntrySkipped(logger, bucket, folder, e.Message);
        }

        entries.Sort((a, b) => Utf8Order.Instance.Compare(a.SortName, b.SortName));
        return entries;
    }

    private Entry? ToEntry(FileSystemInfo item)
    {
        if (FolderObjectStore.IsTemporaryName(item.Name))
        {
            return null;
        }

        if (ObjectKey.SegmentProblem(item.Name) is { } problem)
        {
            Log.ListEntrySkipped(logger, bucket, item.FullName, "the name is not a valid key: " + problem);
            return null;
        }

        if (item.LinkTarget is null)
        {
            return new Entry(item.Name, item.FullName, item is DirectoryInfo);
        }

        var real = RealPath.Resolve(item.FullName);
        if (!RealPath.IsInside(rootReal, real))
        {
            Log.ListEntrySkipped(logger, bucket, item.FullName, "symbolic link leads outside the bucket");
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

        Log.ListEntrySkipped(logger, bucket, item.FullName, "symbolic link is dangling");
        return null;
    }

    private ObjectInfo? Describe(string key, string path)
    {
        try
        {
            var file = new FileInfo(path);
            return file.Exists ? FolderObjectStore.Describe(key, file) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.ListEntrySkipped(logger, bucket, path, e.Message);
            return null;
        }
    }

    private sealed record Entry(string Name, string RealPath, bool IsFolder)
    {
        // A folder sorts as "name/" so the walk yields keys in the same order as sorting the full keys.
        public string SortName => IsFolder ? Name + "/" : Name;
    }
}
