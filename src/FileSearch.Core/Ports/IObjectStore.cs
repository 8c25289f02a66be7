namespace FileSearch.Core.Ports;

/// <summary>Facts about a stored object.</summary>
/// <summary>An object's facts.</summary>
/// <param name="Key">The object key.</param>
/// <param name="Size">Bytes.</param>
/// <param name="LastModified">When it was stored.</param>
/// <param name="ETag">The store's entity tag, if it has one.</param>
/// <param name="VersionId">The store's version id, if versioned.</param>
/// <param name="Metadata">
/// User metadata stored with the object (S3 <c>x-amz-meta-*</c>, names without the prefix, lower case), when the store
/// keeps any and the call read it (<c>GetInfoAsync</c>); null otherwise.
/// </param>
public sealed record ObjectInfo(
    string Key, long Size, DateTimeOffset LastModified, string? ETag = null, string? VersionId = null, IReadOnlyDictionary<string, string>? Metadata = null);

/// <summary>
/// Object storage (S3 semantics). Keys are opaque strings; implementations must make sure no key
/// can address anything outside its bucket. Missing objects raise a permanent
/// <see cref="Errors.ProcessingException"/> with code <c>object-not-found</c>.
/// Implementations: local folders (default), Amazon S3.
/// </summary>
public interface IObjectStore
{
    /// <summary>Streams the object to <paramref name="destinationPath"/> (never fully in memory) and returns its facts.</summary>
    Task<ObjectInfo> DownloadAsync(string bucket, string key, string destinationPath, CancellationToken cancellationToken);

    /// <summary>Returns the object's facts, or null when it does not exist.</summary>
    Task<ObjectInfo?> GetInfoAsync(string bucket, string key, CancellationToken cancellationToken);

    Task<Stream> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken);

    Task PutAsync(string bucket, string key, Stream content, string contentType, CancellationToken cancellationToken);

    /// <summary>Deletes an object; deleting a missing object is not an error.</summary>
    Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>Lists objects under a prefix, recursively, in key order.</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string? prefix, CancellationToken cancellationToken);

    /// <summary>
    /// False when the store keeps no user metadata with its objects (local folders): <see cref="ObjectInfo.Metadata"/> is
    /// then always null, and nobody needs to ask for it.
    /// </summary>
    bool KeepsMetadata => true;
}
