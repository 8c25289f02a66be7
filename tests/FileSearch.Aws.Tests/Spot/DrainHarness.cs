using System.Collections.Concurrent;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Pipeline.Stages;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws.Tests.Spot;

/// <summary>A real worker (download → detect → extract → index) for the drain tests, with a gated extractor.</summary>
internal static class DrainHarness
{
    public static string Event(string bucket, string key) =>
        $$"""{"eventType":"FILE_UPLOADED","s3Bucket":"{{bucket}}","s3Key":"{{key}}","fileSize":10,"uploadedAt":"2025-01-30T12:00:00Z"}""";

    public static QueueWorker CreateWorker(IMessageQueue queue, IObjectStore objects, ISearchIndex index, ITextExtractor extractor,
        string tempDirectory, WorkerOptions workerOptions, TimeProvider time)
    {
        var pipeline = Options.Create(new PipelineOptions { TempDirectory = tempDirectory });
        var worker = Options.Create(workerOptions);
        var workspace = new TempWorkspace(pipeline, NullLogger<TempWorkspace>.Instance);
        var metadata = new InMemoryMetadataStore();
        var lifecycle = new DocumentLifecycle(metadata, index, objects, new DefaultErrorClassifier(), pipeline, time, NullLogger<DocumentLifecycle>.Instance);
        var processor = new DocumentProcessor(
            [
                new DownloadStage(objects, pipeline),
                new DetectTypeStage(new TextDetector()),
                new ExtractTextStage([extractor]),
                new IndexStage(index, pipeline, new DefaultErrorClassifier()),
            ],
            metadata, lifecycle, workspace, new DefaultErrorClassifier(), time, NullLogger<DocumentProcessor>.Instance);
        var handler = new MessageHandler(queue, processor, lifecycle, [], worker, NullLogger<MessageHandler>.Instance);
        return new QueueWorker(queue, handler, new DefaultErrorClassifier(), worker, time, NullLogger<QueueWorker>.Instance);
    }

    private sealed class TextDetector : IFileTypeDetector
    {
        public Task<DetectedType> DetectAsync(string filePath, string fileName, CancellationToken cancellationToken) =>
            Task.FromResult(new DetectedType(FileKind.Text, ByContent: false));
    }
}

/// <summary>
/// Files whose text holds "slow" wait until cancelled (they never fit the window); files holding "gated" wait for
/// <see cref="OpenGate"/>; the rest extract at once. Finished files are appended to the event log.
/// </summary>
internal sealed class GatedExtractor(EventLog? log = null) : ITextExtractor
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private int _finished;

    public int Started => _started;

    public int Finished => _finished;

    public void OpenGate() => _gate.TrySetResult();

    public bool CanExtract(FileKind kind) => true;

    public async Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _started);
        var text = await File.ReadAllTextAsync(filePath, cancellationToken);
        if (text.Contains("slow", StringComparison.Ordinal))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (text.Contains("gated", StringComparison.Ordinal))
        {
            await _gate.Task.WaitAsync(cancellationToken);
        }

        log?.Add("extracted " + text);
        Interlocked.Increment(ref _finished);
        return new ExtractionResult(text, "plain");
    }
}

/// <summary>An ordered, thread-safe list of what happened.</summary>
internal sealed class EventLog
{
    private readonly ConcurrentQueue<string> _events = new();

    public IReadOnlyList<string> Events => [.. _events];

    public void Add(string entry) => _events.Enqueue(entry);

    public int IndexOf(string prefix)
    {
        var events = Events;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].StartsWith(prefix, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>A queue decorator that logs each delete and release (visibility 0, with the clock's time) with the message body.</summary>
internal sealed class RecordingQueue(IMessageQueue inner, EventLog log, TimeProvider time) : DelegatingMessageQueue(inner)
{
    private readonly ConcurrentDictionary<string, string> _bodies = new(StringComparer.Ordinal);

    public ConcurrentQueue<DateTimeOffset> ReleasedAt { get; } = new();

    public override async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int maxMessages, TimeSpan waitTime, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var messages = await Inner.ReceiveAsync(maxMessages, waitTime, visibilityTimeout, cancellationToken);
        foreach (var message in messages)
        {
            _bodies[message.ReceiptHandle] = message.Body;
        }

        return messages;
    }

    public override async Task ChangeVisibilityAsync(string receiptHandle, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        await Inner.ChangeVisibilityAsync(receiptHandle, visibilityTimeout, cancellationToken);
        if (visibilityTimeout == TimeSpan.Zero)
        {
            ReleasedAt.Enqueue(time.GetUtcNow());
            log.Add("released " + _bodies.GetValueOrDefault(receiptHandle, receiptHandle));
        }
    }

    public override async Task DeleteAsync(string receiptHandle, CancellationToken cancellationToken)
    {
        await Inner.DeleteAsync(receiptHandle, cancellationToken);
        log.Add("deleted " + _bodies.GetValueOrDefault(receiptHandle, receiptHandle));
    }
}

/// <summary>Runs the worker like <see cref="WorkerHostedService"/> and logs the moment it is told to stop receiving.</summary>
internal sealed class LoggedWorkerService(QueueWorker worker, EventLog log) : Microsoft.Extensions.Hosting.BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var registration = stoppingToken.Register(() => log.Add("receiving stopped"));
        await worker.RunAsync(stoppingToken);
    }
}
