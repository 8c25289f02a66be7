using System.Text;
using System.Text.Json;
using FileSearch.Core.Ports;
using FileSearch.Scaling.Internals;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FileSearch.Scaling.Metrics;

/// <summary>
/// Writes the FileSearch meters as CloudWatch Embedded Metric Format JSON lines, one per interval, for the CloudWatch
/// agent to publish (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
/// Counters are written as the increase since the previous line, gauges as their value, histograms as the increase of
/// their sum and count (<c>filesearch.file.duration.sum</c> in seconds, <c>.count</c>), so a mean over any span of
/// lines is one sum over the other (the scaler's processing time). As an <see cref="IShutdownFlush"/>
/// it writes one last line on a Spot notice or when the host stops, so the work of the final interval is not lost.
/// </summary>
public sealed class EmbeddedMetricFormatWriter(IOptions<MetricsOptions> options, TimeProvider timeProvider, TextWriter? output = null) : BackgroundService, IShutdownFlush
{
    /// <summary>Value of the <c>Service</c> dimension of every line.</summary>
    public const string ServiceDimension = "filesearch-worker";

    /// <summary>Default of <see cref="MetricsOptions.EmfNamespace"/>.</summary>
    public const string DefaultNamespace = "FileSearch";

    /// <summary>The histogram of the time per file, written as <c>.sum</c> and <c>.count</c>.</summary>
    public const string FileDurationMetric = "filesearch.file.duration";

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly MetricsAggregator _aggregator = new();
    private readonly Dictionary<string, double> _previous = new(StringComparer.Ordinal);
    private readonly TextWriter _output = output ?? Console.Out;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.EmfInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await WriteLineAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Writes a final line now when EMF is enabled (<see cref="MetricsOptions.EmfInterval"/> &gt; 0).</summary>
    public Task FlushAsync(CancellationToken cancellationToken) =>
        options.Value.EmfInterval > TimeSpan.Zero ? WriteLineAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>One EMF document with the current values.</summary>
    public string CreateLine()
    {
        var values = new SortedDictionary<string, (double Value, string Unit)>(StringComparer.Ordinal);
        foreach (var group in _aggregator.Collect().GroupBy(s => s.Name))
        {
            var first = group.First();
            if (first.Kind == SeriesKind.Histogram)
            {
                values[group.Key + ".sum"] = (Increase(group.Key + ".sum", group.Sum(s => s.Value)), first.Unit == "s" ? "Seconds" : "None");
                values[group.Key + ".count"] = (Increase(group.Key + ".count", group.Sum(s => s.Count)), "Count");
            }
            else
            {
                var total = group.Sum(s => s.Value);
                values[group.Key] = (first.Kind == SeriesKind.Counter ? Increase(group.Key, total) : total, "Count");
            }
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", options.Value.EmfNamespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            json.WriteStringValue("Service");
            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var (name, (_, unit)) in values)
            {
                json.WriteStartObject();
                json.WriteString("Name", name);
                json.WriteString("Unit", unit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString("Service", ServiceDimension);
            foreach (var (name, (value, _)) in values)
            {
                json.WriteNumber(name, value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private double Increase(string name, double total)
    {
        var increase = total - _previous.GetValueOrDefault(name);
        _previous[name] = total;
        return increase;
    }

    private async Task WriteLineAsync(CancellationToken cancellationToken)
    {
        // The timer and a flush may race; counters are deltas, so lines must not interleave or share a baseline.
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _output.WriteLineAsync(CreateLine().AsMemory(), cancellationToken).ConfigureAwait(false);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override void Dispose()
    {
        _writeLock.Dispose();
        _aggregator.Dispose();
        base.Dispose();
    }
}
