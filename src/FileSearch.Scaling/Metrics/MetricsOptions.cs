using System.ComponentModel.DataAnnotations;

namespace FileSearch.Scaling.Metrics;

/// <summary>
/// Options of the worker's metrics (section <c>Metrics</c>). The same section's <c>PrometheusEnabled</c> and
/// <c>PrometheusPrefix</c> belong to the OpenTelemetry exporter (FileSearch.Telemetry's <c>TelemetryOptions</c>).
/// </summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>Write CloudWatch Embedded Metric Format lines on stdout at this interval (default 0: off; e.g. 00:01:00).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan EmfInterval { get; set; } = TimeSpan.Zero;

    /// <summary>CloudWatch namespace of the EMF metrics (default <c>FileSearch</c>).</summary>
    [Required]
    public string EmfNamespace { get; set; } = EmbeddedMetricFormatWriter.DefaultNamespace;

    /// <summary>How often the queue gauges are refreshed from the queue (default 15 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan QueueSampleInterval { get; set; } = TimeSpan.FromSeconds(15);
}
