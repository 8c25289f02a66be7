using FileSearch.Aws;

namespace FileSearch.Bench.Commands.Soak.Faults;

/// <summary>
/// The soak's broken wire: one <see cref="FaultProxy"/> each in front of the SQS, S3 and DynamoDB stand-ins (seeds
/// derived from the soak's), and the worker's AWS options pointed at them. The soak's own seeding and checking clients
/// keep talking to the stand-ins directly.
/// </summary>
internal sealed class SoakWire : IAsyncDisposable
{
    private readonly FaultProxy _sqs;
    private readonly FaultProxy _s3;
    private readonly FaultProxy _dynamoDb;

    private SoakWire(FaultProxy sqs, FaultProxy s3, FaultProxy dynamoDb)
    {
        _sqs = sqs;
        _s3 = s3;
        _dynamoDb = dynamoDb;
    }

    /// <summary>What the three proxies did, added up.</summary>
    public WireFaultCounts Counts => _sqs.Counts + _s3.Counts + _dynamoDb.Counts;

    public static SoakWire Start(AwsOptions standIns, WireFaultOptions faults)
    {
        ArgumentNullException.ThrowIfNull(standIns);
        ArgumentNullException.ThrowIfNull(faults);
        faults.Validate();
        Uri Url(Uri? url) => url ?? throw new ArgumentException("the stand-ins' service URLs are not set", nameof(standIns));
        var (sqs, s3, dynamoDb) = (Url(standIns.SqsServiceUrl), Url(standIns.S3ServiceUrl), Url(standIns.DynamoDbServiceUrl));
        return new SoakWire(FaultProxy.Start(sqs, faults with { Seed = faults.Seed + 1 }), FaultProxy.Start(s3, faults with { Seed = faults.Seed + 2 }),
            FaultProxy.Start(dynamoDb, faults with { Seed = faults.Seed + 3 }));
    }

    /// <summary>A copy of <paramref name="standIns"/> whose service URLs are the proxies.</summary>
    public AwsOptions WorkerOptions(AwsOptions standIns)
    {
        ArgumentNullException.ThrowIfNull(standIns);
        return new AwsOptions
        {
            Region = standIns.Region,
            QueueName = standIns.QueueName,
            DeadLetterQueueName = standIns.DeadLetterQueueName,
            TableName = standIns.TableName,
            SqsServiceUrl = _sqs.Endpoint,
            S3ServiceUrl = _s3.Endpoint,
            DynamoDbServiceUrl = _dynamoDb.Endpoint,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _sqs.DisposeAsync().ConfigureAwait(false);
        await _s3.DisposeAsync().ConfigureAwait(false);
        await _dynamoDb.DisposeAsync().ConfigureAwait(false);
    }
}
