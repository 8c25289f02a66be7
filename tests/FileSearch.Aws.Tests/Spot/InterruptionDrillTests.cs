using System.Text;
using FileSearch.Aws.Spot;
using FileSearch.Aws.Tests.StandIns;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;
using FileSearch.Testing;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws.Tests.Spot;

/// <summary>
/// The interruption drill: a real worker on the SQS and S3 stand-ins, a notice arrives mid-run through the IMDS
/// emulator → quick documents finish, the slow ones are released within the window; none lost, none indexed twice.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AwsStandInCollection.Name)]
public sealed class InterruptionDrillTests(AwsStandIns standIns) : IAsyncLifetime
{
    private readonly ImdsEmulator _imds = new();
    private readonly TempDirectory _temp = new("fs-drill");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _imds.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Notice_MidRun_QuickWorkFinishesSlowWorkReleasedNothingLost()
    {
        var ct = CancellationToken.None;
        var bucket = AwsStandIns.UniqueName("drill");
        var options = standIns.With(queue: AwsStandIns.UniqueName("drill"));
        await standIns.Setup.CreateBucketAsync(bucket, ct);
        await standIns.Setup.CreateQueuesAsync(options.QueueName, options.DeadLetterQueueName, 5, TimeSpan.FromSeconds(30), ct);
        var objects = new S3ObjectStore(standIns.S3, Options.Create(options), TimeProvider.System, NullLogger<S3ObjectStore>.Instance);
        using var queue = new SqsMessageQueue(standIns.Sqs, Options.Create(options), TimeProvider.System, NullLogger<SqsMessageQueue>.Instance);
        var keys = new[] { "q1.txt", "q2.txt", "q3.txt", "q4.txt", "slow1.txt", "slow2.txt" };
        foreach (var key in keys)
        {
            await objects.PutAsync(bucket, key, new MemoryStream(Encoding.UTF8.GetBytes("本文 " + key)), "text/plain", ct);
        }

        await queue.SendBatchAsync(keys.Select(k => $$"""{"eventType":"FILE_UPLOADED","s3Bucket":"{{bucket}}","s3Key":"{{k}}","fileSize":10,"uploadedAt":"2025-01-30T12:00:00Z"}""").ToList(), ct);
        var index = new InMemorySearchIndex();
        var extractor = new GatedExtractor();
        var worker = CreateWorker(queue, objects, index, extractor);
        var lifetime = new StopSignal();
        using var monitor = new SpotInterruptionMonitor(worker, lifetime, Options.Create(new SpotOptions
        {
            Endpoint = _imds.Endpoint,
            PollInterval = TimeSpan.FromMilliseconds(100),
            SafetyMargin = TimeSpan.FromSeconds(1),
            StateFile = _temp.Combine("worker-state.json"),
        }), TimeProvider.System, NullLogger<SpotInterruptionMonitor>.Instance);

        var run = worker.RunAsync(lifetime.Token);
        await monitor.StartAsync(ct);
        await WaitUntilAsync(() => extractor.Started >= 6 || (extractor.Started >= 2 && extractor.Finished >= 4), TimeSpan.FromSeconds(30));
        var noticeTime = TimeProvider.System.GetUtcNow().AddSeconds(3);
        _imds.InstanceAction = $$"""{"action":"terminate","time":"{{noticeTime:yyyy-MM-ddTHH:mm:ssZ}}"}""";
        await run.WaitAsync(TimeSpan.FromSeconds(20));
        await monitor.StopAsync(ct);

        Assert.NotNull(monitor.Notice);
        Assert.True(TimeProvider.System.GetUtcNow() < noticeTime.AddSeconds(1), "the drain ran past the interruption time");
        Assert.Equal(4, await index.CountAsync(ct));
        var counts = await queue.GetCountsAsync(ct);
        Assert.Equal((2L, 0L, 0L), (counts.Visible, counts.InFlight, counts.DeadLettered));
        var released = await queue.ReceiveAsync(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), ct);
        Assert.Equal(2, released.Count(m => m.Body.Contains("slow", StringComparison.Ordinal)));
        var state = await WorkerStateFile.TakeAsync(_temp.Combine("worker-state.json"), ct);
        Assert.Equal(2, state?.InFlight.Count(m => m.Body.Contains("slow", StringComparison.Ordinal)));
    }

    private QueueWorker CreateWorker(IMessageQueue queue, IObjectStore objects, ISearchIndex index, ITextExtractor extractor)
    {
        var pipeline = Options.Create(new PipelineOptions { TempDirectory = _temp.Combine("tmp") });
        var worker = Options.Create(new WorkerOptions
        {
            Concurrency = 6,
            ReceiveWaitTime = TimeSpan.FromSeconds(1),
            VisibilityTimeout = TimeSpan.FromSeconds(60),
            DrainTimeout = TimeSpan.FromSeconds(60),
        });
        var workspace = new TempWorkspace(pipeline, NullLogger<TempWorkspace>.Instance);
        var processor = new DocumentProcessor(
            [
                new DownloadStage(objects, pipeline),
                new DetectTypeStage(new TextDetector()),
                new ExtractTextStage([extractor]),
                new IndexStage(index, pipeline, new DefaultErrorClassifier()),
            ],
            new InMemoryMetadataStore(), index, objects, workspace, new DefaultErrorClassifier(), pipeline, TimeProvider.System, NullLogger<DocumentProcessor>.Instance);
        var handler = new MessageHandler(queue, processor, [], worker, NullLogger<MessageHandler>.Instance);
        return new QueueWorker(queue, handler, new DefaultErrorClassifier(), worker, TimeProvider.System, NullLogger<QueueWorker>.Instance);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var until = TimeProvider.System.GetUtcNow() + limit;
        while (!condition() && TimeProvider.System.GetUtcNow() < until)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "condition not met in time");
    }

    private sealed class TextDetector : IFileTypeDetector
    {
        public Task<DetectedType> DetectAsync(string filePath, string fileName, CancellationToken cancellationToken) =>
            Task.FromResult(new DetectedType(FileKind.Text, ByContent: false));
    }

    /// <summary>Quick files extract at once; "slow" files wait until cancelled (they can never fit the window).</summary>
    private sealed class GatedExtractor : ITextExtractor
    {
        private int _started;
        private int _finished;

        public int Started => _started;

        public int Finished => _finished;

        public bool CanExtract(FileKind kind) => true;

        public async Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _started);
            var text = await File.ReadAllTextAsync(filePath, cancellationToken);
            if (text.Contains("slow", StringComparison.Ordinal))
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            Interlocked.Increment(ref _finished);
            return new ExtractionResult(text, "plain");
        }
    }

    private sealed class StopSignal : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken Token => _stopping.Token;

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();
    }
}
