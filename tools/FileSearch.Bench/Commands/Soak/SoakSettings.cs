using System.Globalization;
using FileSearch.Aws;
using FileSearch.Bench.Commands.Soak.Faults;
using FileSearch.Core.Resilience;

namespace FileSearch.Bench.Commands.Soak;

/// <summary>What one soak run does: its size, faults and bounds.</summary>
internal sealed record SoakSettings(
    int Files,
    int Kills,
    int Seed,
    TimeSpan Outage,
    TimeSpan OutageAt,
    TimeSpan Timeout,
    int Concurrency,
    string RepositoryRoot,
    string WorkDirectory)
{
    /// <summary>Faults on the wire between the worker and the stand-ins (a <see cref="Faults.FaultProxy"/> each); none by default.</summary>
    public WireFaultOptions WireFaults { get; init; } = WireFaultOptions.None;

    /// <summary>Share of calls failing with a transient error on every dependency.</summary>
    public const double FaultRate = 0.10;

    /// <summary>Share of embedding calls throttled outside the bursts.</summary>
    public const double EmbeddingThrottleRate = 0.05;

    /// <summary>A throttling burst on embeddings this long, every <see cref="BurstEvery"/>.</summary>
    public static readonly TimeSpan BurstLength = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan BurstEvery = TimeSpan.FromSeconds(30);

    public const string Bucket = "soak-files";
    public const string ThumbnailBucket = "soak-thumbnails";
    public const int MaxReceiveCount = 10;
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(8);

    public string StandInDirectory => Path.Combine(RepositoryRoot, "tests", "aws-standins");

    /// <summary>A small one-page Japanese contract with a text layer (25 KB), the template of the soak's PDFs.</summary>
    public string SamplePdf => Path.Combine(RepositoryRoot, "tests", "FileSearch.Extraction.Tests", "Fixtures", "contract-ja.pdf");

    public string WorkerDataDirectory => Path.Combine(WorkDirectory, "worker");

    /// <summary>
    /// The worker's configuration (as FILESEARCH_ environment variables): AWS ports on the stand-ins, a local Lucene index,
    /// short retry delays and breaks so a run takes minutes, and the chaos of <see cref="ChaosOptions"/> on every dependency.
    /// Outage and bursts are absolute times from <paramref name="start"/>, so a restarted worker does not replay them.
    /// </summary>
    public Dictionary<string, string> WorkerEnvironment(AwsOptions aws, DateTimeOffset start, int run)
    {
        ArgumentNullException.ThrowIfNull(aws);
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["Backends__Queue"] = "sqs",
            ["Backends__ObjectStore"] = "s3",
            ["Backends__Metadata"] = "dynamodb",
            ["Backends__Index"] = "lucene",
            ["Backends__Embedder"] = "local",
            ["Aws__Region"] = aws.Region!,
            ["Aws__SqsServiceUrl"] = aws.SqsServiceUrl!.ToString(),
            ["Aws__S3ServiceUrl"] = aws.S3ServiceUrl!.ToString(),
            ["Aws__DynamoDbServiceUrl"] = aws.DynamoDbServiceUrl!.ToString(),
            ["Aws__QueueName"] = aws.QueueName,
            ["Aws__DeadLetterQueueName"] = aws.DeadLetterQueueName,
            ["Aws__TableName"] = aws.TableName,
            ["Pipeline__ThumbnailBucket"] = ThumbnailBucket,
            ["Spot__Enabled"] = "false",
            ["Metrics__PrometheusEnabled"] = "false",
            ["Worker__Concurrency"] = Invariant(Concurrency),
            ["Worker__ReceiveWaitTime"] = "00:00:01",
            ["Worker__VisibilityTimeout"] = Invariant(VisibilityTimeout),
            ["Worker__MaxReceiveCount"] = Invariant(MaxReceiveCount),
            ["Worker__RetryBaseDelay"] = "00:00:01",
            ["Worker__RetryMaxDelay"] = "00:00:05",
            ["Worker__DrainTimeout"] = "00:00:05",
            ["Reindex__DrainInterval"] = "00:00:02",
            ["Logging__LogLevel__FileSearch.Core.Resilience"] = "Debug",
        };
        foreach (var dependency in ResilienceDependencies.All)
        {
            var r = $"Resilience__{dependency}__";
            env[r + "InitialDelay"] = "00:00:00.100";
            env[r + "MaxDelay"] = "00:00:02";
            env[r + "BreakDuration"] = "00:00:05";
            var c = $"Resilience__Chaos__{dependency}__";
            env[c + "Enabled"] = "true";
            env[c + "FaultRate"] = Invariant(FaultRate);
            env[c + "Seed"] = Invariant(Seed + (run * 1000));
        }

        env["Resilience__Embeddings__MaxRetries"] = "3";
        env["Resilience__Chaos__Embeddings__ThrottleRate"] = Invariant(EmbeddingThrottleRate);
        var bursts = (int)Math.Min(100, Math.Ceiling(Timeout / BurstEvery));
        for (var i = 0; i < bursts; i++)
        {
            var w = $"Resilience__Chaos__Embeddings__Outages__{i}__";
            env[w + "Start"] = (start + TimeSpan.FromSeconds(15) + (BurstEvery * i)).ToString("O", CultureInfo.InvariantCulture);
            env[w + "Duration"] = Invariant(BurstLength);
            env[w + "Kind"] = nameof(ChaosWindowKind.Throttled);
        }

        env["Resilience__Chaos__Index__Outages__0__Start"] = (start + OutageAt).ToString("O", CultureInfo.InvariantCulture);
        env["Resilience__Chaos__Index__Outages__0__Duration"] = Invariant(Outage);
        return env.ToDictionary(e => e.Key.StartsWith("AWS_", StringComparison.Ordinal) ? e.Key : "FILESEARCH_" + e.Key, e => e.Value, StringComparer.Ordinal);
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
