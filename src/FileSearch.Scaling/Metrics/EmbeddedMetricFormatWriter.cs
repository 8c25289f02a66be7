using System.Text;
using System.Text.Json;
using FileSearch.Scaling.Internals;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FileSearch.Scaling.Metrics;

/// <summary>
/// Writes the FileSearch meters as CloudWatch Embedded Metric Format JSON lines, one per interval, for the CloudWatch
/// agent to publish (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
/// Counters are written as the increase since the previous line, gauges as their value.
/// </summary>
public sealed class EmbeddedMetricFormatWriter(IOptions<MetricsOptions> options, TimeProvider timeProvider, TextWriter? output = null) : BackgroundService
{
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
                await _output.WriteLineAsync(CreateLine().AsMemory(), stoppingToken).ConfigureAwait(false);
                await _output.FlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One EMF document with the current values.</summary>
    public string CreateLine()
    {
        var values = new SortedDictionary<string, (double Value, string Unit)>(StringComparer.Ordinal);
        foreach (var group in _aggregator.Collect().Where(s => s.Kind != SeriesKind.Histogram).GroupBy(s => s.Name))
        {
            var total = group.Sum(s => s.Value);
            var kind = group.First().Kind;
            var value = kind == SeriesKind.Counter ? total - _previous.GetValueOrDefault(group.Key) : total;
            _previous[group.Key] = total;
            values[group.Key] = (value, "Count");
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
            json.WriteString("Service", "filesearch-worker");
            foreach (var (name, (value, _)) in values)
            {
                json.WriteNumber(name, value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public override void Dispose()
    {
        _aggregator.Dispose();
        base.Dispose();
    }
}
