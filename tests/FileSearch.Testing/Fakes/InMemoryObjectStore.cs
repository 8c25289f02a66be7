using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;

namespace FileSearch.Testing.Fakes;

/// <summary>An in-memory object store for unit tests.</summary>
public sealed class InMemoryObjectStore(TimeProvider timeProvider) : IObjectStore
{
    private readonly ConcurrentDictionary<(string Bucket, string Key), (byte[] Data, DateTimeOffset Modified)> _objects = new();

    public IReadOnlyCollection<(string Bucket, string Key)> Keys => [.. _objects.Keys];

    private readonly ConcurrentDictionary<(string Bucket, string Key), IReadOnlyDictionary<string, string>> _metadata = new();

    public void Put(string bucket, string key, byte[] data) => _objects[(bucket, key)] = (data, timeProvider.GetUtcNow());

    /// <summary>Replaces an object's user metadata (as an S3 copy onto itself does): content, time and ETag stay.</summary>
    public void SetMetadata(string bucket, string key, IReadOnlyDictionary<string, string> metadata) => _metadata[(bucket, key)] = metadata;

    public async Task<ObjectInfo> DownloadAsync(string bucket, string key, string destinationPath, CancellationToken cancellationToken)
    {
        var info = Find(bucket, key) ?? throw NotFound(bucket, key);
        await File.WriteAllBytesAsync(destinationPath, _objects[(bucket, key)].Data, cancellationToken);
        return info;
    }

    public async Task<ObjectInfo?> GetInfoAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _infoRequests);
        if (BeforeInfo is { } before)
        {
            await before();
        }

        return Find(bucket, key);
    }

    /// <summary>Awaited by each <see cref="GetInfoAsync"/> before it answers (a test's way to hold a HEAD request back).</summary>
    public Func<Task>? BeforeInfo { get; set; }

    /// <summary>Calls of <see cref="GetInfoAsync"/> (a HEAD request each on S3); downloads do not count.</summary>
    public int InfoRequests => Volatile.Read(ref _infoRequests);

    /// <summary>False: behaves as a store that keeps no user metadata (local folders); <see cref="SetMetadata"/> still records it.</summary>
    public bool KeepsMetadata { get; set; } = true;

    private int _infoRequests;

    private ObjectInfo? Find(string bucket, string key) => _objects.TryGetValue((bucket, key), out var o)
        ? Info(key, o.Data, o.Modified) with { Metadata = _metadata.GetValueOrDefault((bucket, key)) }
        : null;

    public Task<Stream> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken) =>
        _objects.TryGetValue((bucket, key), out var o) ? Task.FromResult<Stream>(new MemoryStream(o.Data, writable: false)) : throw NotFound(bucket, key);

    public async Task PutAsync(string bucket, string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        Put(bucket, key, buffer.ToArray());
    }

    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        _objects.TryRemove((bucket, key), out _);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string? prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var ((b, k), o) in _objects.OrderBy(p => p.Key.Key, StringComparer.Ordinal))
        {
            if (b == bucket && (prefix is null || k.StartsWith(prefix, StringComparison.Ordinal)))
            {
                yield return Info(k, o.Data, o.Modified);
            }
        }
    }

    private static ObjectInfo Info(string key, byte[] data, DateTimeOffset modified) =>
        new(key, data.Length, modified, $"\"{data.Length:x}-{modified.UtcTicks:x}\"");

    private static ProcessingException NotFound(string bucket, string key) =>
        ProcessingException.Permanent("object-not-found", $"Object not found: {bucket}/{key}");
}
