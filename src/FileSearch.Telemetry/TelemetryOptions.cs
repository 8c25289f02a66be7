using System.ComponentModel.DataAnnotations;

namespace FileSearch.Telemetry;

/// <summary>Section <c>Telemetry</c>: where the OpenTelemetry SDK sends metrics and traces.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// OTLP endpoint of a collector, e.g. <c>http://127.0.0.1:4318</c> (OTLP/HTTP) or <c>http://127.0.0.1:4317</c> (gRPC).
    /// When set, every command exports its traces and the worker its metrics there. Default: none; the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> environment variable turns the export on as well.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>OTLP transport: <c>http/protobuf</c> (default) or <c>grpc</c>.</summary>
    [RegularExpression("^(http/protobuf|grpc)$")]
    public string OtlpProtocol { get; set; } = "http/protobuf";

    /// <summary>How often metrics are pushed over OTLP. Default 60 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan MetricExportInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The <c>service.name</c> resource attribute. Default <c>filesearch</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ServiceName { get; set; } = "filesearch";

    /// <summary>Serve the Prometheus text format in worker mode (key <c>Metrics:PrometheusEnabled</c>, default true).</summary>
    public bool PrometheusEnabled { get; set; } = true;

    /// <summary>
    /// Listener prefix of the Prometheus endpoint (key <c>Metrics:PrometheusPrefix</c>, default
    /// <c>http://127.0.0.1:9464/metrics/</c>, loopback only; <c>http://+:9464/metrics/</c> lets a scraper on another host in).
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^https?://[^/]+/.*$")]
    public string PrometheusPrefix { get; set; } = "http://127.0.0.1:9464/metrics/";

    /// <summary>The listener prefix and the scrape path of <see cref="PrometheusPrefix"/>: <c>http://h:p/</c> and <c>/metrics</c>.</summary>
    internal (string Prefix, string Path) PrometheusParts()
    {
        var start = PrometheusPrefix.IndexOf("://", StringComparison.Ordinal) + 3;
        var slash = PrometheusPrefix.IndexOf('/', start);
        var path = PrometheusPrefix[slash..].TrimEnd('/');
        return (PrometheusPrefix[..(slash + 1)], path.Length == 0 ? "/" : path);
    }
}
