using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using FileSearch.Core.Worker;

namespace FileSearch.Scaling.Internals;

internal enum SeriesKind
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>One metric with one set of tags: a running sum, the last value, or histogram buckets.</summary>
internal sealed class MetricSeries(string name, string labels, SeriesKind kind, string? unit, string? description)
{
    /// <summary>Upper bounds (seconds or counts) of the histogram buckets, +Inf implied.</summary>
    public static readonly double[] Bounds = [.. Core.Worker.WorkerMetrics.DurationBuckets.HistogramBucketBoundaries!];

    private readonly Lock _gate = new();
    private readonly long[] _buckets = new long[Bounds.Length];

    public string Name { get; } = name;

    public string Labels { get; } = labels;

    public SeriesKind Kind { get; } = kind;

    public string? Unit { get; } = unit;

    public string? Description { get; } = description;

    public double Value { get; private set; }

    public long Count { get; private set; }

    public void Record(double value)
    {
        lock (_gate)
        {
            switch (Kind)
            {
                case SeriesKind.Counter:
                    Value += value;
                    break;
                case SeriesKind.Gauge:
                    Value = value;
                    break;
                default:
                    Value += value;
                    Count++;
                    var index = Array.FindIndex(Bounds, b => value <= b);
                    if (index >= 0)
                    {
                        _buckets[index]++;
                    }

                    break;
            }
        }
    }

    /// <summary>Cumulative bucket counts (Prometheus <c>le</c> semantics).</summary>
    public long[] CumulativeBuckets()
    {
        lock (_gate)
        {
            var result = new long[_buckets.Length];
            long running = 0;
            for (var i = 0; i < _buckets.Length; i++)
            {
                running += _buckets[i];
                result[i] = running;
            }

            return result;
        }
    }
}

/// <summary>Listens to the FileSearch meters and keeps their values for the CloudWatch EMF lines.</summary>
internal sealed class MetricsAggregator : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), MetricSeries> _series = new();

    public MetricsAggregator()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("FileSearch", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>Observes the gauges, then returns every series, ordered by name and labels.</summary>
    public IReadOnlyList<MetricSeries> Collect()
    {
        _listener.RecordObservableInstruments();
        return [.. _series.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Labels, StringComparer.Ordinal)];
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        var series = _series.GetOrAdd((instrument.Name, labels), key => new MetricSeries(key.Name, key.Labels, KindOf(instrument), instrument.Unit, instrument.Description));
        series.Record(value);
    }

    private static SeriesKind KindOf(Instrument instrument) => instrument switch
    {
        Counter<long> or Counter<int> or Counter<double> => SeriesKind.Counter,
        Histogram<long> or Histogram<int> or Histogram<double> => SeriesKind.Histogram,
        _ => SeriesKind.Gauge,
    };

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }

        var pairs = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            var value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
            pairs.Add($"{tag.Key}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
        }

        pairs.Sort(StringComparer.Ordinal);
        return new StringBuilder().AppendJoin(',', pairs).ToString();
    }
}
