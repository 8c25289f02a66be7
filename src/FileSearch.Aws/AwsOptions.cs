using System.ComponentModel.DataAnnotations;

namespace FileSearch.Aws;

/// <summary>
/// Section <c>Aws</c>: where the AWS adapters connect. Credentials always come from the SDK's default chain
/// (environment, profile, web identity, instance role).
/// </summary>
public sealed class AwsOptions
{
    public const string SectionName = "Aws";

    /// <summary>Region, e.g. <c>ap-northeast-1</c>. Required whenever any port uses an AWS backend. No default.</summary>
    [Required(ErrorMessage = "Aws:Region is required when an AWS backend (sqs, s3, dynamodb) is chosen")]
    public string? Region { get; set; }

    /// <summary>Endpoint override for SQS (a stand-in such as fauxqs). Default: none (the regional endpoint).</summary>
    public Uri? SqsServiceUrl { get; set; }

    /// <summary>Endpoint override for S3. Default: none. Path-style addressing is used whenever it is set.</summary>
    public Uri? S3ServiceUrl { get; set; }

    /// <summary>Endpoint override for DynamoDB (a stand-in such as dynalite). Default: none.</summary>
    public Uri? DynamoDbServiceUrl { get; set; }

    /// <summary>Name of the work queue. Default <c>filesearch-events</c>; its dead-letter queue is found through its redrive policy.</summary>
    [Required]
    public string QueueName { get; set; } = "filesearch-events";

    /// <summary>Name of the dead-letter queue that <c>setup aws</c> creates. Default <c>filesearch-events-dlq</c>.</summary>
    [Required]
    public string DeadLetterQueueName { get; set; } = "filesearch-events-dlq";

    /// <summary>DynamoDB table of document metadata. Default <c>filesearch-documents</c>.</summary>
    [Required]
    public string TableName { get; set; } = "filesearch-documents";

    /// <summary>S3 multipart part size in bytes; objects larger than one part are uploaded in parts. Default 16 MiB, at least 5 MiB.</summary>
    [Range(5L * 1024 * 1024, 5L * 1024 * 1024 * 1024)]
    public long PartSizeBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Expiry of presigned GET URLs (originals, thumbnails). Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan PresignExpiry { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Largest extracted text kept inline in a DynamoDB item, in UTF-8 bytes (items are capped at 400 KB).
    /// Longer text goes whole to <see cref="TextBucket"/> (or, without one, is cut and the record marked truncated). Default 300,000.
    /// </summary>
    [Range(1_000, 350_000)]
    public int MaxInlineTextBytes { get; set; } = 300_000;

    /// <summary>
    /// Bucket for texts over <see cref="MaxInlineTextBytes"/>. Default: the thumbnail bucket (<c>Pipeline:ThumbnailBucket</c>);
    /// empty turns it off (long texts are then cut).
    /// </summary>
    public string? TextBucket { get; set; }

    /// <summary>Key prefix of those texts (objects are <c>{prefix}{documentId}/{version}.txt</c>). Default <c>texts/</c>.</summary>
    [Required(AllowEmptyStrings = true)]
    public string TextPrefix { get; set; } = "texts/";

    /// <summary>
    /// Retries the AWS SDK itself makes per request. Default 0: every port call already runs through its resilience
    /// pipeline (<c>Resilience:&lt;Dependency&gt;</c>, 3 retries with backoff), so SDK retries would multiply with ours
    /// (4 × 5 = 20 attempts) and hide throttling from the adaptive rate limiter. Raise it only for calls outside the pipelines.
    /// </summary>
    [Range(0, 10)]
    public int MaxErrorRetry { get; set; }

    /// <summary>Check at worker start that queue, dead-letter queue and table exist. Default true.</summary>
    public bool ValidateResourcesAtStart { get; set; } = true;
}
