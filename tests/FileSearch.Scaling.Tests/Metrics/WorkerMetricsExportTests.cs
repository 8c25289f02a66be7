using System.Text.Json;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using FileSearch.Scaling.Metrics;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Scaling.Tests.Metrics;

/// <summary>Worker metrics through the EMF exporter. Not parallel: meters are process-wide.</summary>
[Trait("Category", "Unit")]
[Collection(nameof(WorkerMetricsExportTests))]
public sealed class WorkerMetricsExportTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void CreateLine_TwoIntervals_EmfDocumentWithCounterDeltas()
    {
        using var metrics = new WorkerMetrics();
        using var writer = new EmbeddedMetricFormatWriter(Options.Create(new MetricsOptions { EmfNamespace = "Test" }), _time, TextWriter.Null);
        metrics.OnFileProcessed(ProcessingResults.Of(ProcessingOutcome.Indexed));
        metrics.OnFileProcessed(ProcessingResults.Of(ProcessingOutcome.Indexed));
        metrics.UpdateQueue(new QueueCounts(12, 4, 0), 3);

        using var first = JsonDocument.Parse(writer.CreateLine());
        metrics.OnFileProcessed(ProcessingResults.Of(ProcessingOutcome.Indexed));
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
    public void CreateLine_FilesInTwoIntervals_FileDurationSumInSecondsAndCountPerInterval()
    {
        using var metrics = new WorkerMetrics();
        using var writer = new EmbeddedMetricFormatWriter(Options.Create(new MetricsOptions()), _time, TextWriter.Null);
        metrics.OnFileProcessed(ProcessingResults.Of(ProcessingOutcome.Indexed));
        metrics.OnFileProcessed(ProcessingResults.Of(ProcessingOutcome.Failed, "throttled"));

        using var first = JsonDocument.Parse(writer.CreateLine());
        metrics.OnFileProcessed(ProcessingResults.Of(ProcessingOutcome.Indexed));
        using var second = JsonDocument.Parse(writer.CreateLine());

        // Summed over the outcome tag: every file held a worker slot for its duration (1.5 s each).
        Assert.Equal((3.0, 2.0), (first.RootElement.GetProperty("filesearch.file.duration.sum").GetDouble(), first.RootElement.GetProperty("filesearch.file.duration.count").GetDouble()));
        Assert.Equal((1.5, 1.0), (second.RootElement.GetProperty("filesearch.file.duration.sum").GetDouble(), second.RootElement.GetProperty("filesearch.file.duration.count").GetDouble()));
        var declared = first.RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("Name").GetString()!, m => m.GetProperty("Unit").GetString());
        Assert.Equal("Seconds", declared["filesearch.file.duration.sum"]);
        Assert.Equal("Count", declared["filesearch.file.duration.count"]);
        Assert.Equal("filesearch-worker", first.RootElement.GetProperty("Service").GetString());
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
