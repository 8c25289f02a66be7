namespace FileSearch.Core.Ports;

/// <summary>
/// An <see cref="IObjectStore"/> whose streams cannot seek but which can read a part of an object (S3's ranged GET), so
/// that a Range request is answered without reading everything before it. Missing objects raise
/// <c>object-not-found</c> as <see cref="IObjectStore.OpenReadAsync"/> does.
/// </summary>
public interface IRangeReadableObjectStore
{
    /// <summary>Opens <paramref name="length"/> bytes of the object from <paramref name="offset"/> (fewer at its end).</summary>
    Task<Stream> OpenReadAsync(string bucket, string key, long offset, long length, CancellationToken cancellationToken);
}
