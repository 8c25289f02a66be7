using System.Globalization;
using System.Text;
using FileSearch.Core.Errors;

namespace FileSearch.Embedded.Internals;

/// <summary>The permanent errors of the folder object store, with messages a person can act on.</summary>
internal static class StorageErrors
{
    public static ProcessingException InvalidBucket(string? bucket, string problem) =>
        ProcessingException.Permanent("invalid-bucket", $"Bucket name '{Printable(bucket)}' is invalid: {problem}");

    public static ProcessingException InvalidKey(string? key, string problem) =>
        ProcessingException.Permanent("invalid-key", $"Object key '{Printable(key)}' is invalid: {problem}");

    public static ProcessingException OutsideBucket(string bucket, string key) =>
        ProcessingException.Permanent("invalid-key", $"Object key '{Printable(key)}' resolves outside bucket '{bucket}' (through a symbolic link)");

    public static ProcessingException ReadOnly(string bucket) =>
        ProcessingException.Permanent("read-only-bucket", $"Bucket '{bucket}' is a read-only folder; its files are never written or deleted");

    public static ProcessingException NotFound(string bucket, string key, Exception? inner = null) =>
        ProcessingException.Permanent("object-not-found", $"Object '{Printable(key)}' was not found in bucket '{bucket}'", inner);

    public static ProcessingException FolderNotFound(string path) =>
        ProcessingException.Permanent("folder-not-found", $"Folder '{path}' does not exist");

    /// <summary>Keys come from outside: escape control characters and cut the length before they reach a log line.</summary>
    public static string Printable(string? value)
    {
        if (value is null)
        {
            return "(null)";
        }

        var builder = new StringBuilder(Math.Min(value.Length, 200));
        foreach (var c in value.Length > 200 ? value[..200] : value)
        {
            builder.Append(char.IsControl(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}") : c);
        }

        return value.Length > 200 ? builder.Append("...").ToString() : builder.ToString();
    }
}
