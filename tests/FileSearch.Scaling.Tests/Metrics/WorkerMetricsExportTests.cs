using System.Text.Json;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Scaling.Metrics;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Scaling.Tests.Metrics;

/// <summary>Worker metrics through the Prometheus text and EMF exporters. Not parallel: meters are process-wide.</summary>
[Trait("Category", "Unit")]
[Collection(nameof(WorkerMetricsExportTests))]
public sealed class WorkerMetricsExportTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    private static ProcessingResult Result(ProcessingOutcome outcome, string? failureCode = null) => new()
    {
        Event = new FileEvent(FileEventKind.Created, "bucket", "a.pdf"),
        Outcome = outcome,
        Pages = 3,
        Duration = TimeSpan.FromSeconds(1.5),
        Stages = [new StageOutcome("extract", StageStatus.Succeeded, TimeSpan.FromSeconds(0.2))],
        Failure = failureCode is null ? null : new FailureClassification(FailureKind.Retryable, failureCode, "slow down"),
    };

    [Fact]
    public async Task Scrape_AfterProcessingAndDeadLetter_CountersHistogramAndGaugesInTextFormat()
    {
        using var metrics = new WorkerMetrics();
        using var endpoint = new PrometheusEndpoint(Options.Create(new MetricsOptions()), NullLogger<PrometheusEndpoint>.Instance);
        var queue = new InMemoryMessageQueue(_time, 5);
        await queue.SendBatchAsync(["a", "b", "c"], CancellationToken.None);
        var sampler = new QueueMetricsSampler(queue, metrics, Options.Create(new MetricsOptions()), _time, NullLogger<QueueMetricsSampler>.Instance);

        metrics.OnFileProcessed(Result(ProcessingOutcome.Indexed));
        metrics.OnFileProcessed(Result(ProcessingOutcome.Failed, "throttled"));
        metrics.OnMessageFinished(new QueueMessage("m", "r", "b", 5, DateTimeOffset.UnixEpoch), MessageOutcome.DeadLettered, "bad");
        await sampler.SampleAsync(CancellationToken.None);
        var text = endpoint.Scrape();

        Assert.Contains("filesearch_files_processed_total{outcome=\"indexed\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("filesearch_files_failed_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("filesearch_throttles_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("filesearch_messages_dead_lettered_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("filesearch_ocr_pages_total 6\n", text, StringComparison.Ordinal);
        Assert.Contains("filesearch_file_duration_seconds_bucket{outcome=\"indexed\",le=\"1\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("filesearch_file_duration_seconds_bucket{outcome=\"indexed\",le=\"2.5\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("filesearch_stage_duration_seconds_count{stage=\"extract\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("filesearch_queue_visible 3\n", text, StringComparison.Ordinal);
        Assert.Contains("filesearch_queue_backlog_per_instance 3\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateLine_TwoIntervals_EmfDocumentWithCounterDeltas()
    {
        using var metrics = new WorkerMetrics();
        using var writer = new EmbeddedMetricFormatWriter(Options.Create(new MetricsOptions { EmfNamespace = "Test" }), _time, TextWriter.Null);
        metrics.OnFileProcessed(Result(ProcessingOutcome.Indexed));
        metrics.OnFileProcessed(Result(ProcessingOutcome.Indexed));
        metrics.UpdateQueue(new QueueCounts(12, 4, 0), 3);

        using var first = JsonDocument.Parse(writer.CreateLine());
        metrics.OnFileProcessed(Result(ProcessingOutcome.Indexed));
        using var second = JsonDocument.Parse(writer.CreateLine());

        var aws = first.RootElement.GetProperty("_aws");
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), aws.GetProperty("Timestamp").GetInt64());
        var directive = aws.GetProperty("CloudWatchMetrics")[0];
        Assert.Equal("Test", directive.GetProperty("Namespace").GetString());
        Assert.Contains(directive.GetProperty("Metrics").EnumerateArray(), m => m.GetProperty("Name").GetString() == "filesearch.queue.backlog_per_instance");
        Assert.Equal(2, first.RootElement.GetProperty("filesearch.files.processed").GetDouble());
        Assert.Equal(1, second.RootElement.GetProperty("filesearch.files.processed").GetDouble());
        Assert.Equal(4, second.RootElement.GetProperty("filesearch.queue.backlog_per_instance").GetDouble());
    }

    [Fact]
    public async Task ExecuteAsync_EmfIntervalSet_WritesALinePerTick()
    {
        using var output = new StringWriter();
        using var writer = new EmbeddedMetricFormatWriter(Options.Create(new MetricsOptions { EmfInterval = TimeSpan.FromMinutes(1) }), _time, output);
        await writer.StartAsync(CancellationToken.None);

        // ExecuteAsync starts in the background, so keep moving the clock until its timer has ticked.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!output.ToString().Contains("_aws", StringComparison.Ordinal) && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(10);
        }

        await writer.StopAsync(CancellationToken.None);
        Assert.Contains("\"Namespace\":\"FileSearch\"", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FlushAsync_EmfEnabled_WritesFinalLineWithWorkSinceLastTick()
    {
        using var output = new StringWriter();
        using var writer = new EmbeddedMetricFormatWriter(Options.Create(new MetricsOptions { EmfInterval = TimeSpan.FromMinutes(1) }), _time, output);

        await writer.FlushAsync(CancellationToken.None);

        Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("\"Namespace\":\"FileSearch\"", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FlushAsync_EmfDisabled_WritesNothing()
    {
        using var output = new StringWriter();
        using var writer = new EmbeddedMetricFormatWriter(Options.Create(new MetricsOptions()), _time, output);

        await writer.FlushAsync(CancellationToken.None);

        Assert.Equal(string.Empty, output.ToString());
    }
}
