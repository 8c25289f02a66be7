using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using FileSearch.Core.Domain;

namespace FileSearch.Aws.Internals;

/// <summary>
/// Full extracted text that does not fit a DynamoDB item, as a UTF-8 object. The key carries the record's version
/// (<c>{prefix}{id}/{version}.txt</c>) so a stale writer that loses the item's condition check never overwrites the
/// text of the newer version; the loser's object is deleted, and a winner deletes its predecessor's.
/// </summary>
internal sealed class S3TextStore(IAmazonS3 s3, string bucket, string prefix)
{
    public const string BucketAttribute = "textBucket";
    public const string KeyAttribute = "textKey";

    public string Bucket => bucket;

    public string KeyFor(DocumentRecord record)
    {
        var version = string.IsNullOrEmpty(record.Sequencer)
            ? "t" + (record.EventTime?.UtcTicks ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "s" + DocumentItem.SortableSequencer(record.Sequencer);
        return $"{prefix}{record.Id.Value}/{version}.txt";
    }

    public async Task PutAsync(string key, string text, CancellationToken cancellationToken) =>
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            ContentBody = text,
            ContentType = "text/plain; charset=utf-8",
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>The stored text, or null when the object is gone (the record then reads as having no text).</summary>
    public static async Task<string?> GetAsync(IAmazonS3 s3, string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
            return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public static async Task DeleteAsync(IAmazonS3 s3, string bucket, string key, CancellationToken cancellationToken) =>
        await s3.DeleteObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
}
