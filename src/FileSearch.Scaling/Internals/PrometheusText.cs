using System.Globalization;
using System.Text;

namespace FileSearch.Scaling.Internals;

/// <summary>Renders series in the Prometheus text exposition format 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/).</summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(IReadOnlyList<MetricSeries> series)
    {
        var text = new StringBuilder();
        foreach (var group in series.GroupBy(s => s.Name))
        {
            var first = group.First();
            var name = MetricName(first);
            var type = first.Kind switch { SeriesKind.Counter => "counter", SeriesKind.Histogram => "histogram", _ => "gauge" };
            text.Append("# HELP ").Append(name).Append(' ').Append(first.Description ?? first.Name).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var s in group)
            {
                if (s.Kind == SeriesKind.Histogram)
                {
                    var buckets = s.CumulativeBuckets();
                    for (var i = 0; i < buckets.Length; i++)
                    {
                        Line(text, name + "_bucket", Join(s.Labels, $"le=\"{N(MetricSeries.Bounds[i])}\""), buckets[i]);
                    }

                    Line(text, name + "_bucket", Join(s.Labels, "le=\"+Inf\""), s.Count);
                    Line(text, name + "_sum", s.Labels, s.Value);
                    Line(text, name + "_count", s.Labels, s.Count);
                }
                else
                {
                    Line(text, s.Kind == SeriesKind.Counter ? name + "_total" : name, s.Labels, s.Value);
                }
            }
        }

        return text.ToString();
    }

    /// <summary><c>filesearch.file.duration</c> in seconds becomes <c>filesearch_file_duration_seconds</c>.</summary>
    internal static string MetricName(MetricSeries series)
    {
        var name = series.Name.Replace('.', '_').Replace('-', '_');
        return series.Unit == "s" ? name + "_seconds" : name;
    }

    private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

    private static void Line(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ').Append(N(value)).Append('\n');
    }

    private static string N(double value) => value.ToString(CultureInfo.InvariantCulture);
}
