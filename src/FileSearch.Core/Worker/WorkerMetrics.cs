using System.Diagnostics.Metrics;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;

namespace FileSearch.Core.Worker;

/// <summary>
/// The worker's metrics (meter <see cref="MeterName"/>): files processed / failed / dead-lettered, per-file and
/// per-stage latency, OCR pages, throttles, and the queue gauges (visible, in flight, backlog per instance) that
/// auto scaling tracks. Register it as an <see cref="IProcessingObserver"/>; a sampler feeds <see cref="UpdateQueue"/>.
/// </summary>
public sealed class WorkerMetrics : IProcessingObserver, IDisposable
{
    public const string MeterName = "FileSearch.Worker";

    /// <summary>
    /// Bucket boundaries of the duration histograms in seconds, from a text file (50 ms) to a long scan (5 min); exporters
    /// that honour instrument advice (the OpenTelemetry SDK) use them instead of their millisecond defaults.
    /// </summary>
    public static readonly InstrumentAdvice<double> DurationBuckets = new()
    {
        HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    };

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _processed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _ocrPages;
    private readonly Counter<long> _throttles;
    private readonly Histogram<double> _fileDuration;
    private readonly Histogram<double> _stageDuration;
    private QueueSnapshot _queue = new(0, 0, 1);

    public WorkerMetrics()
    {
        _processed = _meter.CreateCounter<long>("filesearch.files.processed", "{file}", "File events processed, by outcome");
        _failed = _meter.CreateCounter<long>("filesearch.files.failed", "{file}", "File events that failed (retried or dead-lettered)");
        _deadLettered = _meter.CreateCounter<long>("filesearch.messages.dead_lettered", "{message}", "Messages moved to the dead-letter queue");
        _ocrPages = _meter.CreateCounter<long>("filesearch.ocr.pages", "{page}", "Pages of processed files (OCR'd when scanned)");
        _throttles = _meter.CreateCounter<long>("filesearch.throttles", "{error}", "Throttling responses from dependencies");
        _fileDuration = _meter.CreateHistogram("filesearch.file.duration", "s", "Time to process one file event", advice: DurationBuckets);
        _stageDuration = _meter.CreateHistogram("filesearch.stage.duration", "s", "Time of one pipeline stage", advice: DurationBuckets);
        _meter.CreateObservableGauge("filesearch.queue.visible", () => _queue.Visible, "{message}", "Messages waiting in the queue");
        _meter.CreateObservableGauge("filesearch.queue.in_flight", () => _queue.InFlight, "{message}", "Messages received and not yet deleted");
        _meter.CreateObservableGauge("filesearch.queue.backlog_per_instance",
            () => (double)_queue.Visible / Math.Max(1, _queue.Instances), "{message}", "Visible messages per in-service instance (the target-tracking metric)");
    }

    /// <summary>Latest queue counts and in-service instance count, read by the gauges.</summary>
    public void UpdateQueue(QueueCounts counts, int instances)
    {
        ArgumentNullException.ThrowIfNull(counts);
        Volatile.Write(ref _queue, new QueueSnapshot(counts.Visible, counts.InFlight, Math.Max(1, instances)));
    }

    /// <inheritdoc />
    public void OnFileProcessed(ProcessingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var outcome = new KeyValuePair<string, object?>("outcome", result.Outcome.ToString().ToLowerInvariant());
        _processed.Add(1, outcome);
        _fileDuration.Record(result.Duration.TotalSeconds, outcome);
        foreach (var stage in result.Stages)
        {
            _stageDuration.Record(stage.Duration.TotalSeconds, new KeyValuePair<string, object?>("stage", stage.Stage));
        }

        if (result.Pages > 0)
        {
            _ocrPages.Add(result.Pages);
        }

        if (result.Outcome == ProcessingOutcome.Failed)
        {
            _failed.Add(1);
        }

        if (result.Failure?.Code == "throttled")
        {
            _throttles.Add(1);
        }
    }

    /// <inheritdoc />
    public void OnMessageFinished(QueueMessage message, MessageOutcome outcome, string? reason)
    {
        if (outcome == MessageOutcome.DeadLettered)
        {
            _deadLettered.Add(1);
        }
    }

    public void Dispose() => _meter.Dispose();

    private sealed record QueueSnapshot(long Visible, long InFlight, int Instances);
}
