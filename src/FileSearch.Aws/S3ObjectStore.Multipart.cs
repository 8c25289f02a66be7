using System.Buffers;
using Amazon.S3.Model;
using FileSearch.Aws.Internals;

namespace FileSearch.Aws;

/// <summary>
/// Uploads: one PutObject when the content fits in one part, otherwise a multipart upload whose parts are read one at
/// a time into a pooled buffer (memory bounded by the part size); a failed upload is aborted so no parts linger.
/// See https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
/// </summary>
public sealed partial class S3ObjectStore
{
    private async Task UploadAsync(string bucket, string key, Stream content, string contentType, IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        var partSize = (int)Math.Min(_options.PartSizeBytes, Array.MaxLength);
        var buffer = ArrayPool<byte>.Shared.Rent(partSize);
        try
        {
            var first = await content.ReadAtLeastAsync(buffer.AsMemory(0, partSize), partSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (first < partSize)
            {
                var put = new PutObjectRequest
                {
                    BucketName = bucket,
                    Key = key,
                    InputStream = new MemoryStream(buffer, 0, first, writable: false),
                    ContentType = contentType,
                    AutoCloseStream = true,
                };
                AddMetadata(put.Metadata, metadata);
                await _s3.PutObjectAsync(put, cancellationToken).ConfigureAwait(false);
                return;
            }

            await MultipartAsync(bucket, key, content, contentType, metadata, buffer, partSize, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task MultipartAsync(string bucket, string key, Stream content, string contentType, IReadOnlyDictionary<string, string>? metadata,
        byte[] buffer, int partSize, CancellationToken cancellationToken)
    {
        var init = new InitiateMultipartUploadRequest { BucketName = bucket, Key = key, ContentType = contentType };
        AddMetadata(init.Metadata, metadata);
        var upload = await _s3.InitiateMultipartUploadAsync(init, cancellationToken).ConfigureAwait(false);
        var parts = new List<PartETag>();
        long total = 0;
        try
        {
            var length = partSize;
            while (length > 0)
            {
                var response = await _s3.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = parts.Count + 1,
                    InputStream = new MemoryStream(buffer, 0, length, writable: false),
                    PartSize = length,
                }, cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(parts.Count + 1, response.ETag));
                total += length;
                length = await content.ReadAtLeastAsync(buffer.AsMemory(0, partSize), partSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }

            await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, cancellationToken).ConfigureAwait(false);
            Log.MultipartUploaded(_logger, bucket, key, parts.Count, total);
        }
        catch
        {
            await _s3.AbortMultipartUploadAsync(bucket, key, upload.UploadId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private static void AddMetadata(MetadataCollection target, IReadOnlyDictionary<string, string>? metadata)
    {
        foreach (var (name, value) in metadata ?? new Dictionary<string, string>())
        {
            target[name] = value;
        }
    }
}
