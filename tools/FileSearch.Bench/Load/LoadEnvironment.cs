using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using FileSearch.Aws;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Worker;
using FileSearch.Embedded.Permissions;
using FileSearch.Hosting;
using FileSearch.Testing.StandIns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FileSearch.Bench.Load;

/// <summary>
/// What a load run runs against: fauxqs (SQS + S3) on 127.0.0.1, its queue, dead-letter queue and buckets, the sample
/// objects, and a started host whose queue is SQS and object store S3 on the stand-in (metadata and index embedded,
/// in a private folder). Disposing stops the host, the stand-in and removes the folder.
/// </summary>
internal sealed class LoadEnvironment : IAsyncDisposable
{
    public const string QueueName = "filesearch-load";
    public const string RawBucket = "filesearch-load-raw";
    public const string ThumbnailBucket = "filesearch-load-thumbnails";
    private static readonly AWSCredentials Credentials = new BasicAWSCredentials("test", "test");

    private readonly StandInProcess _fauxqs;
    private readonly string _workDirectory;
    private IHost? _host;

    private LoadEnvironment(StandInProcess fauxqs, IAmazonSQS sqs, IAmazonS3 s3, string workDirectory)
    {
        _fauxqs = fauxqs;
        Sqs = sqs;
        S3 = s3;
        _workDirectory = workDirectory;
    }

    public IAmazonSQS Sqs { get; }

    public IAmazonS3 S3 { get; }

    public string QueueUrl { get; private set; } = "";

    public LoadTargets Targets { get; private set; } = new("", [], []);

    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("the host is not started");

    /// <summary>Starts the stand-in, creates the resources, uploads the samples and starts the host with <paramref name="tracker"/> observing the workers.</summary>
    public static async Task<LoadEnvironment> StartAsync(LoadSettings settings, MessageTracker tracker, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await StandInInstaller.EnsureInstalledAsync(settings.StandInDirectory, "fauxqs", progress, cancellationToken).ConfigureAwait(false);
        var fauxqs = await StandInProcess.StartAsync(settings.StandInDirectory, "fauxqs", cancellationToken).ConfigureAwait(false);
        var options = new AwsOptions { Region = "us-east-1", SqsServiceUrl = fauxqs.Endpoint, S3ServiceUrl = fauxqs.Endpoint, DynamoDbServiceUrl = fauxqs.Endpoint };
        var work = Path.Combine(Path.GetTempPath(), "filesearch-load-" + Guid.NewGuid().ToString("N")[..12]);
        var environment = new LoadEnvironment(fauxqs, AwsServiceCollectionExtensions.CreateSqs(options, Credentials),
            AwsServiceCollectionExtensions.CreateS3(options, Credentials), work);
        try
        {
            await environment.PrepareAsync(settings, options, tracker, cancellationToken).ConfigureAwait(false);
            return environment;
        }
        catch
        {
            await environment.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task PrepareAsync(LoadSettings settings, AwsOptions options, MessageTracker tracker, CancellationToken cancellationToken)
    {
        // The DynamoDB client is never called (metadata is embedded); the set-up type wants one.
        using var unused = AwsServiceCollectionExtensions.CreateDynamoDb(options, Credentials);
        var setup = new AwsResourceSetup(Sqs, S3, unused);
        QueueUrl = await setup.CreateQueuesAsync(QueueName, QueueName + "-dlq", 5, TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
        await setup.CreateBucketAsync(RawBucket, cancellationToken).ConfigureAwait(false);
        await setup.CreateBucketAsync(ThumbnailBucket, cancellationToken).ConfigureAwait(false);
        Targets = new LoadTargets(RawBucket,
            await UploadAsync(Path.Combine(settings.SamplesDirectory, LoadSettings.PdfSample), "documents/test_{0:D3}.pdf", cancellationToken).ConfigureAwait(false),
            await UploadAsync(Path.Combine(settings.SamplesDirectory, LoadSettings.ImageSample), "images/photo_{0:D3}.jpg", cancellationToken).ConfigureAwait(false));

        PrivateDataDirectory.Create(_workDirectory);
        await File.WriteAllTextAsync(Path.Combine(_workDirectory, "appsettings.json"), Configuration(options, settings), cancellationToken).ConfigureAwait(false);
        var builder = FileSearchHost.CreateBuilder(new CliContext(_workDirectory, settings.Verbose), LogLevel.Warning);
        builder.Services.RemoveAll<IAmazonSQS>();
        builder.Services.RemoveAll<IAmazonS3>();
        builder.Services.RemoveAll<IAmazonDynamoDB>();
        builder.Services.AddSingleton(Sqs);
        builder.Services.AddSingleton(S3);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IProcessingObserver>(tracker));
        _host = builder.Build();
        await _host.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<(string Key, long Size)>> UploadAsync(string path, string keyFormat, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var keys = new List<(string, long)>();
        for (var i = 0; i < LoadSettings.CopiesPerSample; i++)
        {
            var key = string.Format(System.Globalization.CultureInfo.InvariantCulture, keyFormat, i);
            using var body = new MemoryStream(bytes, writable: false);
            await S3.PutObjectAsync(new PutObjectRequest { BucketName = RawBucket, Key = key, InputStream = body }, cancellationToken).ConfigureAwait(false);
            keys.Add((key, bytes.Length));
        }

        return keys;
    }

    private static string Configuration(AwsOptions options, LoadSettings settings) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["Backends"] = new Dictionary<string, string> { ["Queue"] = "sqs", ["ObjectStore"] = "s3", ["Metadata"] = "sqlite", ["Index"] = "lucene", ["Embedder"] = "local" },
        ["Aws"] = new Dictionary<string, string>
        {
            ["Region"] = options.Region!,
            ["SqsServiceUrl"] = options.SqsServiceUrl!.ToString(),
            ["S3ServiceUrl"] = options.S3ServiceUrl!.ToString(),
            ["QueueName"] = QueueName,
            ["DeadLetterQueueName"] = QueueName + "-dlq",
        },
        ["Pipeline"] = new Dictionary<string, string> { ["ThumbnailBucket"] = ThumbnailBucket },
        ["Worker"] = new Dictionary<string, object> { ["Concurrency"] = settings.Concurrency, ["ReceiveWaitTime"] = "00:00:02" },
    });

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            if (_host is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                _host.Dispose();
            }
        }

        Sqs.Dispose();
        S3.Dispose();
        await _fauxqs.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS.
        }
    }
}
