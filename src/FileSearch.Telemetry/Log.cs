using Microsoft.Extensions.Logging;

namespace FileSearch.Telemetry;

internal static partial class Log
{
    [LoggerMessage(EventId = 8300, Level = LogLevel.Information, Message = "Prometheus metrics served at {Prefix}")]
    public static partial void PrometheusListening(ILogger logger, string prefix);

    [LoggerMessage(EventId = 8301, Level = LogLevel.Warning, Message = "Prometheus metrics not served at {Prefix}: {Reason}")]
    public static partial void PrometheusUnavailable(ILogger logger, string prefix, string reason);

    [LoggerMessage(EventId = 8302, Level = LogLevel.Information, Message = "Exporting traces{AndMetrics} over OTLP ({Protocol}) to {Endpoint}")]
    private static partial void OtlpExportingCore(ILogger logger, string andMetrics, string protocol, Uri endpoint);

    public static void OtlpExporting(ILogger logger, Uri endpoint, string protocol, bool metrics) =>
        OtlpExportingCore(logger, metrics ? " and metrics" : string.Empty, protocol, endpoint);
}
