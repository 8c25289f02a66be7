using System.Reflection;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using FileSearch.Aws;
using Microsoft.Extensions.Logging.Abstractions;

namespace FileSearch.Testing.StandIns;

/// <summary>
/// fauxqs (SQS + S3) and dynalite (DynamoDB), started once for a test collection: each test assembly that uses them
/// declares the collection itself (xunit finds collection definitions only in the test assembly).
/// </summary>
public sealed class AwsStandIns : IAsyncLifetime
{
    public static readonly AWSCredentials Credentials = new BasicAWSCredentials("test", "test");

    private StandInProcess? _fauxqs;
    private StandInProcess? _dynalite;

    public AwsOptions Options { get; private set; } = new();

    public IAmazonSQS Sqs { get; private set; } = null!;

    public IAmazonS3 S3 { get; private set; } = null!;

    public IAmazonDynamoDB DynamoDb { get; private set; } = null!;

    /// <summary>tests/aws-standins, where scripts/test.sh ran `npm ci`.</summary>
    public static string Directory =>
        typeof(AwsStandIns).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "StandInDirectory").Value!;

    public AwsResourceSetup Setup => new(Sqs, S3, DynamoDb);

    public async Task InitializeAsync()
    {
        var starting = new[] { StandInProcess.StartAsync(Directory, "fauxqs"), StandInProcess.StartAsync(Directory, "dynalite") };
        await Task.WhenAll(starting);
        _fauxqs = starting[0].Result;
        _dynalite = starting[1].Result;
        Options = new AwsOptions
        {
            Region = "us-east-1",
            SqsServiceUrl = _fauxqs.Endpoint,
            S3ServiceUrl = _fauxqs.Endpoint,
            DynamoDbServiceUrl = _dynalite.Endpoint,
            PartSizeBytes = 5L * 1024 * 1024,
        };
        Sqs = AwsServiceCollectionExtensions.CreateSqs(Options, Credentials);
        S3 = AwsServiceCollectionExtensions.CreateS3(Options, Credentials);
        DynamoDb = AwsServiceCollectionExtensions.CreateDynamoDb(Options, Credentials);
    }

    /// <summary>A copy of the options with other resource names.</summary>
    public AwsOptions With(string? queue = null, string? table = null) => new()
    {
        Region = Options.Region,
        SqsServiceUrl = Options.SqsServiceUrl,
        S3ServiceUrl = Options.S3ServiceUrl,
        DynamoDbServiceUrl = Options.DynamoDbServiceUrl,
        PartSizeBytes = Options.PartSizeBytes,
        QueueName = queue ?? Options.QueueName,
        DeadLetterQueueName = (queue ?? Options.QueueName) + "-dlq",
        TableName = table ?? Options.TableName,
    };

    public static string UniqueName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A metadata store on a new, empty table of its own.</summary>
    public async Task<DynamoDbMetadataStore> NewMetadataStoreAsync()
    {
        var options = With(table: UniqueName("t"));
        await Setup.CreateTableAsync(options.TableName, CancellationToken.None);
        return new DynamoDbMetadataStore(DynamoDb, Microsoft.Extensions.Options.Options.Create(options), NullLogger<DynamoDbMetadataStore>.Instance);
    }

    public async Task DisposeAsync()
    {
        Sqs?.Dispose();
        S3?.Dispose();
        DynamoDb?.Dispose();
        if (_fauxqs is not null)
        {
            await _fauxqs.DisposeAsync();
        }

        if (_dynalite is not null)
        {
            await _dynalite.DisposeAsync();
        }
    }
}
