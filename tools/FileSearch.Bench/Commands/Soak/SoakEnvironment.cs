using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using FileSearch.Aws;
using FileSearch.Testing.StandIns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Bench.Commands.Soak;

/// <summary>
/// fauxqs (SQS + S3) and dynalite (DynamoDB) started for one soak run, with the queue pair, the table and the buckets
/// created by <see cref="AwsResourceSetup"/>, and clients for seeding and checking. Disposing stops the stand-ins.
/// </summary>
internal sealed class SoakEnvironment : IAsyncDisposable
{
    private readonly StandInProcess _fauxqs;
    private readonly StandInProcess _dynalite;

    private SoakEnvironment(StandInProcess fauxqs, StandInProcess dynalite)
    {
        _fauxqs = fauxqs;
        _dynalite = dynalite;
        Options = new AwsOptions
        {
            Region = "us-east-1",
            SqsServiceUrl = fauxqs.Endpoint,
            S3ServiceUrl = fauxqs.Endpoint,
            DynamoDbServiceUrl = dynalite.Endpoint,
            QueueName = "soak-events",
            DeadLetterQueueName = "soak-events-dlq",
            TableName = "soak-documents",
        };
        var credentials = new BasicAWSCredentials("test", "test");
        Sqs = AwsServiceCollectionExtensions.CreateSqs(Options, credentials);
        S3 = AwsServiceCollectionExtensions.CreateS3(Options, credentials);
        DynamoDb = AwsServiceCollectionExtensions.CreateDynamoDb(Options, credentials);
        Queue = new SqsMessageQueue(Sqs, Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System, NullLogger<SqsMessageQueue>.Instance);
        Metadata = new DynamoDbMetadataStore(DynamoDb, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<DynamoDbMetadataStore>.Instance, S3);
    }

    public AwsOptions Options { get; }

    public IAmazonSQS Sqs { get; }

    public IAmazonS3 S3 { get; }

    public IAmazonDynamoDB DynamoDb { get; }

    public SqsMessageQueue Queue { get; }

    public DynamoDbMetadataStore Metadata { get; }

    /// <summary>Starts both stand-ins from <paramref name="standInDirectory"/> and creates the resources.</summary>
    public static async Task<SoakEnvironment> StartAsync(string standInDirectory, CancellationToken cancellationToken)
    {
        var fauxqs = StandInProcess.StartAsync(standInDirectory, "fauxqs", cancellationToken);
        var dynalite = StandInProcess.StartAsync(standInDirectory, "dynalite", cancellationToken);
        try
        {
            await Task.WhenAll(fauxqs, dynalite).ConfigureAwait(false);
        }
        catch
        {
            await DisposeStartedAsync(fauxqs).ConfigureAwait(false);
            await DisposeStartedAsync(dynalite).ConfigureAwait(false);
            throw;
        }

        var environment = new SoakEnvironment(await fauxqs.ConfigureAwait(false), await dynalite.ConfigureAwait(false));
        var setup = new AwsResourceSetup(environment.Sqs, environment.S3, environment.DynamoDb);
        var o = environment.Options;
        await setup.CreateQueuesAsync(o.QueueName, o.DeadLetterQueueName, SoakSettings.MaxReceiveCount, SoakSettings.VisibilityTimeout, cancellationToken)
            .ConfigureAwait(false);
        await setup.CreateTableAsync(o.TableName, cancellationToken).ConfigureAwait(false);
        await setup.CreateBucketAsync(SoakSettings.Bucket, cancellationToken).ConfigureAwait(false);
        await setup.CreateBucketAsync(SoakSettings.ThumbnailBucket, cancellationToken).ConfigureAwait(false);
        return environment;
    }

    /// <summary>Uploads the files (8 at a time) and sends one event per input, malformed bodies as they are.</summary>
    public async Task SeedAsync(IReadOnlyList<SoakFile> files, Action<int> uploaded, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var done = 0;
        await Parallel.ForEachAsync(files.Where(f => f.Body is null), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (file, ct) =>
            {
                using var content = new MemoryStream(file.Content, writable: false);
                await S3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = SoakSettings.Bucket,
                    Key = file.Key,
                    InputStream = content,
                    ContentType = file.ContentType,
                }, ct).ConfigureAwait(false);
                uploaded(Interlocked.Increment(ref done));
            }).ConfigureAwait(false);
        var bodies = files.Select(f => f.Body ?? Event(f)).ToList();
        for (var i = 0; i < bodies.Count; i += 100)
        {
            await Queue.SendBatchAsync(bodies.Skip(i).Take(100).ToList(), cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Queue.Dispose();
        Sqs.Dispose();
        S3.Dispose();
        DynamoDb.Dispose();
        await _fauxqs.DisposeAsync().ConfigureAwait(false);
        await _dynalite.DisposeAsync().ConfigureAwait(false);
    }

    private static string Event(SoakFile file) => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["eventType"] = "FILE_UPLOADED",
        ["s3Bucket"] = SoakSettings.Bucket,
        ["s3Key"] = file.Key,
        ["fileSize"] = file.Content.Length,
        ["uploadedAt"] = "2026-01-30T12:00:00Z",
    });

    private static async Task DisposeStartedAsync(Task<StandInProcess> starting)
    {
        if (starting.IsCompletedSuccessfully)
        {
            await (await starting.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
    }
}
