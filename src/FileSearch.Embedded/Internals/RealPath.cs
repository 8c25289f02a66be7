namespace FileSearch.Embedded.Internals;

/// <summary>
/// Resolves every symbolic link along a path (like realpath(3), but missing components are kept
/// as they are), so containment can be checked on where a path really leads.
/// </summary>
internal static class RealPath
{
    private const int MaxLinks = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var pending = new Stack<string>();
        PushSegments(pending, full[root.Length..]);
        var current = root;
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            var next = Path.Join(current, part);
            if (LinkTarget(next) is not { } target)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"Too many levels of symbolic links resolving '{path}'");
            }

            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }

            PushSegments(pending, target);
        }

        return current;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or below it (both resolved).</summary>
    public static bool IsInside(string root, string path)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(root);
        return path.Equals(trimmed, PathComparison)
            || (path.StartsWith(trimmed, PathComparison) && path.Length > trimmed.Length
                && (path[trimmed.Length] == Path.DirectorySeparatorChar || trimmed.Length == Path.GetPathRoot(trimmed)!.Length));
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void PushSegments(Stack<string> pending, string relative)
    {
        var parts = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }
}
