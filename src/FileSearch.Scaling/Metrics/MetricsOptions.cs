using System.ComponentModel.DataAnnotations;

namespace FileSearch.Scaling.Metrics;

/// <summary>Options of the worker's metrics (section <c>Metrics</c>).</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>Serve the Prometheus text format in worker mode (default true).</summary>
    public bool PrometheusEnabled { get; set; } = true;

    /// <summary>HttpListener prefix of the endpoint (default <c>http://127.0.0.1:9464/metrics/</c>, loopback only;
    /// use <c>http://+:9464/metrics/</c> to let a scraper on another host in).</summary>
    [Required]
    public string PrometheusPrefix { get; set; } = "http://127.0.0.1:9464/metrics/";

    /// <summary>Write CloudWatch Embedded Metric Format lines on stdout at this interval (default 0: off; e.g. 00:01:00).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan EmfInterval { get; set; } = TimeSpan.Zero;

    /// <summary>CloudWatch namespace of the EMF metrics (default <c>FileSearch</c>).</summary>
    [Required]
    public string EmfNamespace { get; set; } = "FileSearch";

    /// <summary>How often the queue gauges are refreshed from the queue (default 15 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan QueueSampleInterval { get; set; } = TimeSpan.FromSeconds(15);
}
