using FileSearch.Core.Ports;

namespace FileSearch.Core.Resilience;

/// <summary>
/// <see cref="IObjectStore"/> through the <c>ObjectStore</c> pipeline. Downloads overwrite their destination and are
/// retried; a put is retried only when its content can be rewound; listings stream and are passed through.
/// </summary>
public sealed class ResilientObjectStore(IObjectStore inner, ResiliencePipelines pipelines) : IObjectStore, IRangeReadableObjectStore
{
    private const string D = ResilienceDependencies.ObjectStore;

    /// <summary>The decorated adapter.</summary>
    public IObjectStore Inner => inner;

    public bool KeepsMetadata => inner.KeepsMetadata;

    public Task<ObjectInfo> DownloadAsync(string bucket, string key, string destinationPath, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.DownloadAsync(bucket, key, destinationPath, ct), cancellationToken);

    public Task<ObjectInfo?> GetInfoAsync(string bucket, string key, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.GetInfoAsync(bucket, key, ct), cancellationToken);

    public Task<Stream> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.OpenReadAsync(bucket, key, ct), cancellationToken);

    /// <summary>A part of the object: a ranged read where the adapter has one, else the whole stream read up to the offset.</summary>
    public async Task<Stream> OpenReadAsync(string bucket, string key, long offset, long length, CancellationToken cancellationToken)
    {
        if (inner is IRangeReadableObjectStore ranged)
        {
            return await pipelines.ExecuteAsync(D, ct => ranged.OpenReadAsync(bucket, key, offset, length, ct), cancellationToken).ConfigureAwait(false);
        }

        var stream = await OpenReadAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        if (stream.CanSeek)
        {
            stream.Seek(offset, SeekOrigin.Begin);
            return stream;
        }

        var skip = new byte[81920];
        for (var left = offset; left > 0;)
        {
            var read = await stream.ReadAsync(skip.AsMemory(0, (int)Math.Min(skip.Length, left)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            left -= read;
        }

        return stream;
    }

    public Task PutAsync(string bucket, string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var start = content.CanSeek ? content.Position : -1;
        return pipelines.ExecuteAsync(D, ct =>
        {
            if (start >= 0)
            {
                content.Position = start;
            }

            return inner.PutAsync(bucket, key, content, contentType, ct);
        }, cancellationToken, retry: start >= 0);
    }

    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken) =>
        pipelines.ExecuteAsync(D, ct => inner.DeleteAsync(bucket, key, ct), cancellationToken);

    public IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string? prefix, CancellationToken cancellationToken) =>
        inner.ListAsync(bucket, prefix, cancellationToken);
}
