using System.Text;

namespace FileSearch.Embedded.Internals;

/// <summary>
/// Object keys as relative paths: '/'-separated segments, none empty, '.' or '..', no control
/// characters. Anything else could address a file outside the bucket's folder, so it is refused.
/// </summary>
internal static class ObjectKey
{
    /// <summary>The S3 limit on key length, in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>The usual file-system limit on one name, in UTF-8 bytes.</summary>
    public const int MaxSegmentBytes = 255;

    public static string[] Parse(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw StorageErrors.InvalidKey(key, "it is empty");
        }

        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            throw StorageErrors.InvalidKey(key, $"it is longer than {MaxKeyBytes} bytes");
        }

        if (key[0] == '/' || Path.IsPathRooted(key))
        {
            throw StorageErrors.InvalidKey(key, "it is an absolute path");
        }

        var segments = key.Split('/');
        foreach (var segment in segments)
        {
            if (SegmentProblem(segment) is { } problem)
            {
                throw StorageErrors.InvalidKey(key, problem);
            }
        }

        return segments;
    }

    /// <summary>The folder part of a listing prefix ("a/b/c" -> ["a", "b"]), validated like a key.</summary>
    public static string[] PrefixFolders(string? prefix)
    {
        var slash = prefix?.LastIndexOf('/') ?? -1;
        if (slash < 0)
        {
            return [];
        }

        return Parse(prefix![..slash]);
    }

    /// <summary>Why a single path segment (a file or folder name) cannot be part of a key, or null.</summary>
    public static string? SegmentProblem(string segment)
    {
        if (segment.Length == 0)
        {
            return "it has an empty path segment ('//' or a trailing '/')";
        }

        if (segment is "." or "..")
        {
            return "it has a '.' or '..' path segment";
        }

        if (segment.Any(char.IsControl))
        {
            return "it contains a control character";
        }

        // On Windows a backslash separates folders, so it would smuggle in segments that were never checked.
        if (Path.DirectorySeparatorChar != '/' && segment.AsSpan().IndexOfAny('\\', ':') >= 0)
        {
            return "it contains '\\' or ':'";
        }

        return Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes
            ? $"a path segment is longer than {MaxSegmentBytes} bytes"
            : null;
    }
}
