using System.Net;
using System.Net.Sockets;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using FileSearch.Scaling.Metrics;
using FileSearch.Testing.Fakes;
using FileSearch.Testing.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FileSearch.Telemetry.Tests;

/// <summary>The OpenTelemetry SDK serving the worker's meters. Not parallel: meters and activity sources are process-wide.</summary>
[Trait("Category", "Integration")]
[Collection(nameof(TelemetryServiceTests))]
public sealed class TelemetryServiceTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PrometheusScrape_AfterProcessingAndDeadLetter_CountersHistogramAndGauges()
    {
        var prefix = $"http://127.0.0.1:{FreePort()}/metrics/";
        using var service = Create(new TelemetryOptions { PrometheusPrefix = prefix }, worker: true);
        await service.StartAsync(CancellationToken.None);
        Assert.True(service.PrometheusServing);
        using var metrics = new WorkerMetrics();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
        var queue = new InMemoryMessageQueue(time, 5);
        await queue.SendBatchAsync(["a", "b", "c"], CancellationToken.None);
        var sampler = new QueueMetricsSampler(queue, metrics, Options.Create(new MetricsOptions()), time, NullLogger<QueueMetricsSampler>.Instance);

        metrics.OnFileProcessed(ProcessingResults.Of(ProcessingOutcome.Indexed));
        metrics.OnFileProcessed(ProcessingResults.Of(ProcessingOutcome.Failed, "throttled"));
        metrics.OnMessageFinished(new QueueMessage("m", "r", "b", 5, DateTimeOffset.UnixEpoch), MessageOutcome.DeadLettered, "bad");
        await sampler.SampleAsync(CancellationToken.None);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync(prefix);

        Assert.Contains("filesearch_files_processed_total{outcome=\"indexed\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("filesearch_files_failed_total{} 1", text, StringComparison.Ordinal);
        Assert.Contains("filesearch_throttles_total{} 1", text, StringComparison.Ordinal);
        Assert.Contains("filesearch_messages_dead_lettered_total{} 1", text, StringComparison.Ordinal);
        Assert.Contains("filesearch_ocr_pages_total{} 6", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE filesearch_file_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("filesearch_file_duration_seconds_bucket{outcome=\"indexed\",le=\"2.5\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("filesearch_stage_duration_seconds_count{stage=\"extract\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("filesearch_queue_visible{} 3", text, StringComparison.Ordinal);
        Assert.Contains("filesearch_queue_backlog_per_instance{} 3", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_PrometheusPortBusy_WarnsAndKeepsRunning()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var logger = new ListLogger();
        using var sut = Create(new TelemetryOptions { PrometheusPrefix = $"http://127.0.0.1:{port}/metrics/" }, worker: true, logger);

        await sut.StartAsync(CancellationToken.None);

        Assert.False(sut.PrometheusServing);
        Assert.Contains(logger.Lines, l => l.Contains($"Prometheus metrics not served at http://127.0.0.1:{port}/metrics/", StringComparison.Ordinal));
        await sut.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Otlp_WorkerMode_MetricsAndSpansReachTheCollector()
    {
        await using var collector = new OtlpCollectorStandIn();
        using var service = Create(
            new TelemetryOptions { OtlpEndpoint = collector.Endpoint, PrometheusEnabled = false, MetricExportInterval = TimeSpan.FromMilliseconds(200) },
            worker: true);
        await service.StartAsync(CancellationToken.None);
        using var metrics = new WorkerMetrics();
        metrics.OnFileProcessed(ProcessingResults.Of(ProcessingOutcome.Indexed));
        using (WorkerTelemetry.StartSend(2))
        {
        }

        await service.StopAsync(CancellationToken.None); // flushes

        Assert.True(collector.HasMetric("filesearch.files.processed"), $"no metrics export: {string.Join(", ", collector.Paths)}");
        var span = Assert.Single(collector.Spans, s => s.Name == "send filesearch-events");
        Assert.Equal(32, span.TraceId.Length);
        Assert.Equal(4, span.Kind); // SPAN_KIND_PRODUCER
    }

    [Fact]
    public async Task Otlp_CommandMode_TracesOnlyNoMeterProvider()
    {
        await using var collector = new OtlpCollectorStandIn();
        using var service = Create(new TelemetryOptions { OtlpEndpoint = collector.Endpoint }, worker: false);
        await service.StartAsync(CancellationToken.None);
        using var metrics = new WorkerMetrics();
        metrics.OnFileProcessed(ProcessingResults.Of(ProcessingOutcome.Indexed));
        using (WorkerTelemetry.StartSend(1))
        {
        }

        await service.StopAsync(CancellationToken.None);

        Assert.False(service.PrometheusServing);
        Assert.DoesNotContain("/v1/metrics", collector.Paths);
        Assert.Contains(collector.Spans, s => s.Name == "send filesearch-events");
    }

    [Fact]
    public async Task NothingConfigured_CommandMode_NoActivityIsRecorded()
    {
        using var service = Create(new TelemetryOptions(), worker: false);
        await service.StartAsync(CancellationToken.None);

        using var activity = WorkerTelemetry.StartSend(1);

        Assert.True(activity is null || !activity.Recorded, "without an exporter nothing should be recorded by this service");
        Assert.Null(service.OtlpEndpoint);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9464/metrics/", "http://127.0.0.1:9464/", "/metrics")]
    [InlineData("http://+:9464/metrics/", "http://+:9464/", "/metrics")]
    [InlineData("http://127.0.0.1:9000/", "http://127.0.0.1:9000/", "/")]
    public void PrometheusParts_SplitsListenerPrefixAndPath(string prefix, string listener, string path) =>
        Assert.Equal((listener, path), new TelemetryOptions { PrometheusPrefix = prefix }.PrometheusParts());

    private static TelemetryService Create(TelemetryOptions options, bool worker, ILogger<TelemetryService>? logger = null) =>
        new(Options.Create(options), new TelemetryMode(worker), logger ?? NullLogger<TelemetryService>.Instance);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class ListLogger : ILogger<TelemetryService>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
