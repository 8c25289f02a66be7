using System.Buffers;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using FileSearch.Aws.Internals;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws;

/// <summary>
/// <see cref="IObjectStore"/> on Amazon S3. Keys are opaque (S3 has no paths, so <c>../x</c> is just a name); only an
/// empty key or one with control characters is refused. Downloads stream to disk; uploads larger than one part
/// (<see cref="AwsOptions.PartSizeBytes"/>) go multipart with one part in memory at a time.
/// </summary>
public sealed partial class S3ObjectStore : IObjectStore, IRangeReadableObjectStore
{
    private readonly IAmazonS3 _s3;
    private readonly AwsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public S3ObjectStore(IAmazonS3 s3, IOptions<AwsOptions> options, TimeProvider time, ILogger<S3ObjectStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _s3 = s3;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public async Task<ObjectInfo> DownloadAsync(string bucket, string key, string destinationPath, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        return await Guard(bucket, key, async () =>
        {
            using var response = await _s3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            long written;
            var file = new FileStream(destinationPath, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await response.ResponseStream.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                written = file.Length;
            }

            if (written != response.ContentLength)
            {
                File.Delete(destinationPath);
                throw ProcessingException.Retryable("size-mismatch",
                    $"Download of s3://{bucket}/{key} was cut short: {written} of {response.ContentLength} bytes");
            }

            return new ObjectInfo(key, written, response.LastModified ?? _time.GetUtcNow(), response.ETag, response.VersionId);
        }).ConfigureAwait(false);
    }

    public async Task<ObjectInfo?> GetInfoAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        return await Guard(bucket, key, async () =>
        {
            try
            {
                var m = await _s3.GetObjectMetadataAsync(bucket, key, cancellationToken).ConfigureAwait(false);
                return new ObjectInfo(key, m.ContentLength, m.LastModified ?? _time.GetUtcNow(), m.ETag, m.VersionId, UserMetadata(m.Metadata));
            }
            catch (AmazonS3Exception ex) when (S3Errors.IsNotFound(ex))
            {
                return null;
            }
        }).ConfigureAwait(false);
    }

    public async Task<Stream> OpenReadAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        return await Guard(bucket, key, async () =>
        {
            var response = await _s3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            return response.ResponseStream;
        }).ConfigureAwait(false);
    }

    /// <summary>A part of the object (a ranged GET): what the server streams for a Range request.</summary>
    public async Task<Stream> OpenReadAsync(string bucket, string key, long offset, long length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ValidateKey(key);
        return await Guard(bucket, key, async () =>
        {
            var request = new GetObjectRequest { BucketName = bucket, Key = key, ByteRange = new ByteRange(offset, offset + length - 1) };
            var response = await _s3.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            return response.ResponseStream;
        }).ConfigureAwait(false);
    }

    public Task PutAsync(string bucket, string key, Stream content, string contentType, CancellationToken cancellationToken) =>
        PutAsync(bucket, key, content, contentType, new Dictionary<string, string>(), cancellationToken);

    /// <summary>Uploads with user metadata (<c>x-amz-meta-*</c>), multipart above one part.</summary>
    public async Task PutAsync(string bucket, string key, Stream content, string contentType, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ValidateKey(key);
        await Guard(bucket, key, async () =>
        {
            await UploadAsync(bucket, key, content, contentType, metadata, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        await Guard(bucket, key, async () =>
        {
            await _s3.DeleteObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }

    /// <summary>Copies an object inside S3 (no download).</summary>
    public async Task CopyAsync(string sourceBucket, string sourceKey, string destinationBucket, string destinationKey, CancellationToken cancellationToken)
    {
        ValidateKey(sourceKey);
        ValidateKey(destinationKey);
        await Guard(sourceBucket, sourceKey, async () =>
        {
            await _s3.CopyObjectAsync(sourceBucket, sourceKey, destinationBucket, destinationKey, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces the user metadata of an object in place (a copy onto itself with the REPLACE directive: no download, the
    /// content and its ETag stay; S3 emits an ObjectCreated:Copy event).
    /// </summary>
    public async Task ReplaceMetadataAsync(string bucket, string key, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ValidateKey(key);
        await Guard(bucket, key, async () =>
        {
            var copy = new CopyObjectRequest
            {
                SourceBucket = bucket,
                SourceKey = key,
                DestinationBucket = bucket,
                DestinationKey = key,
                MetadataDirective = S3MetadataDirective.REPLACE,
            };
            AddMetadata(copy.Metadata, metadata);
            await _s3.CopyObjectAsync(copy, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }

    private static Dictionary<string, string> UserMetadata(MetadataCollection metadata)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in metadata.Keys)
        {
            var bare = name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase) ? name["x-amz-meta-".Length..] : name;
            result[bare.ToLowerInvariant()] = metadata[name];
        }

        return result;
    }

    /// <summary>A presigned GET URL, valid for <paramref name="expiry"/> (default <see cref="AwsOptions.PresignExpiry"/>).</summary>
    public async Task<Uri> GetDownloadUrlAsync(string bucket, string key, TimeSpan? expiry, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        var url = await _s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = _time.GetUtcNow().Add(expiry ?? _options.PresignExpiry).UtcDateTime,
            Protocol = _options.S3ServiceUrl?.Scheme == "http" ? Protocol.HTTP : Protocol.HTTPS,
        }).ConfigureAwait(false);
        return new Uri(url);
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string bucket, string? prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = token };
            var page = await Guard(bucket, prefix ?? string.Empty, () => _s3.ListObjectsV2Async(request, cancellationToken)).ConfigureAwait(false);
            foreach (var o in page.S3Objects ?? [])
            {
                yield return new ObjectInfo(o.Key, o.Size ?? 0, o.LastModified ?? DateTimeOffset.UnixEpoch.UtcDateTime, o.ETag);
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
    }

    internal static void ValidateKey(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Any(char.IsControl) || System.Text.Encoding.UTF8.GetByteCount(key) > 1024)
        {
            throw ProcessingException.Permanent("invalid-key", "Object key is empty, longer than 1024 bytes or holds control characters");
        }
    }

    private static async Task<T> Guard<T>(string bucket, string key, Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ProcessingException and not OperationCanceledException { CancellationToken.IsCancellationRequested: true }
                                   && S3Errors.Classify(ex, bucket, key) is { } classified)
        {
            throw classified;
        }
    }
}
