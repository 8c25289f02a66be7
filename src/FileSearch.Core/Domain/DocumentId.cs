using System.Security.Cryptography;
using System.Text;

namespace FileSearch.Core.Domain;

/// <summary>
/// Stable identity of a document: derived from bucket and key only, so every event about the
/// same object, in any order and any number of times, addresses the same document.
/// </summary>
public readonly record struct DocumentId
{
    private DocumentId(string value) => Value = value;

    /// <summary>32 lowercase hex characters (the first 128 bits of SHA-256 of "bucket/key").</summary>
    public string Value { get; }

    public static DocumentId From(string bucket, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentException.ThrowIfNullOrEmpty(key);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(bucket + "/" + key), hash);
        return new DocumentId(Convert.ToHexStringLower(hash[..16]));
    }

    /// <summary>
    /// The id of a document held inside another one (an archive member, a mail attachment): derived from the container's id
    /// and the member's path in it only, so processing the container again addresses the same child documents.
    /// </summary>
    public static DocumentId ForMember(DocumentId container, string memberPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(container.Value, nameof(container));
        ArgumentException.ThrowIfNullOrEmpty(memberPath);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(container.Value + "\0" + memberPath), hash);
        return new DocumentId(Convert.ToHexStringLower(hash[..16]));
    }

    /// <summary>Parses a previously formatted id (32 hex characters).</summary>
    public static bool TryParse(string? text, out DocumentId id)
    {
        id = default;
        if (text is null || text.Length != 32 || !text.All(Uri.IsHexDigit))
        {
            return false;
        }

        id = new DocumentId(text.ToLowerInvariant());
        return true;
    }

    public override string ToString() => Value;
}
