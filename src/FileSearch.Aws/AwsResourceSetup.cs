using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using FileSearch.Aws.Internals;

namespace FileSearch.Aws;

/// <summary>
/// Creates the AWS resources FileSearch needs (<c>filesearch setup aws</c>) and checks they exist (worker start).
/// Creation is idempotent: existing resources are kept as they are.
/// </summary>
public sealed class AwsResourceSetup(IAmazonSQS sqs, IAmazonS3 s3, IAmazonDynamoDB dynamo)
{
    /// <summary>
    /// Creates the dead-letter queue (14 days retention) and the work queue with a redrive policy to it.
    /// Returns the work queue's URL.
    /// </summary>
    public async Task<string> CreateQueuesAsync(string queueName, string deadLetterQueueName, int maxReceiveCount, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var dlq = await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = deadLetterQueueName,
            Attributes = new() { ["MessageRetentionPeriod"] = "1209600" },
        }, cancellationToken).ConfigureAwait(false);
        var dlqArn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = dlq.QueueUrl,
            AttributeNames = ["QueueArn"],
        }, cancellationToken).ConfigureAwait(false)).QueueARN;
        var policy = string.Create(CultureInfo.InvariantCulture, $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":{{maxReceiveCount}}}""");
        var queue = await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = queueName,
            Attributes = new()
            {
                ["RedrivePolicy"] = policy,
                ["VisibilityTimeout"] = SqsMessageQueue.VisibilitySeconds(visibilityTimeout).ToString(CultureInfo.InvariantCulture),
                ["ReceiveMessageWaitTimeSeconds"] = "20",
                ["MessageRetentionPeriod"] = "1209600",
            },
        }, cancellationToken).ConfigureAwait(false);
        return queue.QueueUrl;
    }

    /// <summary>Creates a bucket unless it exists already (owned by this account).</summary>
    public async Task CreateBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        try
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyOwnedByYou")
        {
            // Idempotent setup.
        }
    }

    /// <summary>Creates the metadata table (on-demand capacity) with its indexes unless it exists.</summary>
    public async Task CreateTableAsync(string tableName, CancellationToken cancellationToken)
    {
        static GlobalSecondaryIndex Index(string name, string hash, string? range, ProjectionType projection) => new()
        {
            IndexName = name,
            KeySchema = range is null
                ? [new KeySchemaElement(hash, KeyType.HASH)]
                : [new KeySchemaElement(hash, KeyType.HASH), new KeySchemaElement(range, KeyType.RANGE)],
            Projection = new Projection { ProjectionType = projection },
        };

        try
        {
            await dynamo.CreateTableAsync(new CreateTableRequest
            {
                TableName = tableName,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                KeySchema = [new KeySchemaElement(DocumentItem.Id, KeyType.HASH)],
                AttributeDefinitions =
                [
                    new AttributeDefinition(DocumentItem.Id, ScalarAttributeType.S),
                    new AttributeDefinition(DocumentItem.Bucket, ScalarAttributeType.S),
                    new AttributeDefinition(DocumentItem.Key, ScalarAttributeType.S),
                    new AttributeDefinition(DocumentItem.Status, ScalarAttributeType.S),
                    new AttributeDefinition(DocumentItem.OriginalPath, ScalarAttributeType.S),
                ],
                GlobalSecondaryIndexes =
                [
                    Index(DynamoDbMetadataStore.BucketKeyIndex, DocumentItem.Bucket, DocumentItem.Key, ProjectionType.ALL),
                    Index(DynamoDbMetadataStore.StatusIndex, DocumentItem.Status, null, ProjectionType.KEYS_ONLY),
                    Index(DynamoDbMetadataStore.OriginalPathIndex, DocumentItem.OriginalPath, null, ProjectionType.KEYS_ONLY),
                    Index(DynamoDbMetadataStore.ObjectKeyIndex, DocumentItem.Key, null, ProjectionType.KEYS_ONLY),
                ],
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // Idempotent setup.
        }

        for (var attempt = 0; attempt < 120; attempt++)
        {
            var table = await dynamo.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false);
            if (table.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"DynamoDB table {tableName} did not become active within 2 minutes");
    }

    /// <summary>
    /// Checks that the chosen resources exist; returns one line per missing resource ("" when all exist), each naming
    /// the fix. <paramref name="queueName"/>, <paramref name="tableName"/> or <paramref name="buckets"/> may be null/empty to skip.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindMissingAsync(string? queueName, string? tableName, IReadOnlyList<string> buckets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var missing = new List<string>();
        if (queueName is not null)
        {
            try
            {
                var e = await QueueEndpoints.ResolveAsync(sqs, queueName, cancellationToken).ConfigureAwait(false);
                if (e.DeadLetterQueueUrl is null)
                {
                    missing.Add($"SQS queue '{queueName}' has no redrive policy (dead-letter queue); run `filesearch setup aws --queue`");
                }
            }
            catch (QueueDoesNotExistException)
            {
                missing.Add($"SQS queue '{queueName}' does not exist; run `filesearch setup aws --queue`");
            }
        }

        if (tableName is not null)
        {
            try
            {
                await dynamo.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false);
            }
            catch (Amazon.DynamoDBv2.Model.ResourceNotFoundException)
            {
                missing.Add($"DynamoDB table '{tableName}' does not exist; run `filesearch setup aws --table`");
            }
        }

        foreach (var bucket in buckets)
        {
            if (!await Amazon.S3.Util.AmazonS3Util.DoesS3BucketExistV2Async(s3, bucket).ConfigureAwait(false))
            {
                missing.Add($"S3 bucket '{bucket}' does not exist; run `filesearch setup aws --bucket {bucket}`");
            }
        }

        return missing;
    }
}
