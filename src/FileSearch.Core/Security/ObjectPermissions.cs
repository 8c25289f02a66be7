using System.Text;

namespace FileSearch.Core.Security;

/// <summary>
/// Permissions stored with an object in object storage, for sources that upload files rather than send events with an
/// <c>acl</c>: the user metadata entry <c>filesearch-acl</c> holds <see cref="DocumentPermissions.ToJson"/>, percent-encoded
/// (UTF-8) because S3 metadata travels in HTTP headers, which carry ASCII only (group names are often Japanese).
/// </summary>
public static class ObjectPermissions
{
    /// <summary>The user-metadata name (S3: <c>x-amz-meta-filesearch-acl</c>).</summary>
    public const string MetadataKey = "filesearch-acl";

    /// <summary>S3 limits all user metadata of an object to 2 KB (names and values, UTF-8).</summary>
    public const int MaxMetadataBytes = 2048;

    public static string Encode(DocumentPermissions permissions)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        return Uri.EscapeDataString(permissions.ToJson());
    }

    /// <summary>The permissions in <paramref name="metadata"/>, or null when it has none; <see cref="FormatException"/> when malformed.</summary>
    public static DocumentPermissions? Decode(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue(MetadataKey, out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        try
        {
            return DocumentPermissions.FromJson(Uri.UnescapeDataString(value));
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new FormatException($"{MetadataKey} is not a permissions object: {ex.Message}", ex);
        }
    }

    /// <summary>The size S3 counts for <paramref name="metadata"/>: the UTF-8 bytes of every name and value.</summary>
    public static int MetadataBytes(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.Sum(m => Encoding.UTF8.GetByteCount(m.Key) + Encoding.UTF8.GetByteCount(m.Value));
    }
}
