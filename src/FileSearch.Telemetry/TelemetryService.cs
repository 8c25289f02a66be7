using FileSearch.Core.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FileSearch.Telemetry;

/// <summary>
/// Runs the OpenTelemetry SDK for the process: a tracer provider for the <c>FileSearch.*</c> activity sources and, in the
/// worker, a meter provider for the <c>FileSearch.*</c> meters, exported over OTLP when an endpoint is configured and
/// scraped in the Prometheus format. Built when the host starts, so a busy Prometheus port costs the scrape endpoint (with
/// one warning), never the worker; disposed (which flushes) when the host stops.
/// </summary>
public sealed class TelemetryService(IOptions<TelemetryOptions> options, TelemetryMode mode, ILogger<TelemetryService> logger)
    : IHostedService, IShutdownFlush, IDisposable
{
    /// <summary>Meters and activity sources of the product.</summary>
    public const string Prefix = "FileSearch.*";

    private TracerProvider? _tracer;
    private MeterProvider? _meter;

    /// <summary>True when the Prometheus endpoint is being served.</summary>
    public bool PrometheusServing { get; private set; }

    /// <summary>The OTLP endpoint in use, or null.</summary>
    public Uri? OtlpEndpoint => options.Value.OtlpEndpoint ?? FromEnvironment();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var otlp = OtlpEndpoint;
        if (otlp is not null)
        {
            _tracer = Sdk.CreateTracerProviderBuilder()
                .ConfigureResource(Resource)
                .AddSource(Prefix)
                .AddOtlpExporter(e => Configure(e, otlp, "v1/traces"))
                .Build();
        }

        if (mode.Worker && (otlp is not null || o.PrometheusEnabled))
        {
            _meter = BuildMeters(o, otlp, prometheus: o.PrometheusEnabled);
        }

        if (otlp is not null)
        {
            Log.OtlpExporting(logger, otlp, o.OtlpProtocol, _meter is not null);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public Task FlushAsync(CancellationToken cancellationToken)
    {
        _tracer?.ForceFlush(5000);
        _meter?.ForceFlush(5000);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        // Disposing exports what is buffered (the last spans of an ingest, the last metric values of a worker).
        _tracer?.Dispose();
        _meter?.Dispose();
        _tracer = null;
        _meter = null;
        PrometheusServing = false;
    }

    private MeterProvider? BuildMeters(TelemetryOptions o, Uri? otlp, bool prometheus)
    {
        try
        {
            var provider = MeterBuilder(o, otlp, prometheus).Build();
            PrometheusServing = prometheus;
            if (prometheus)
            {
                Log.PrometheusListening(logger, o.PrometheusPrefix);
            }

            return provider;
        }
        catch (InvalidOperationException ex) when (prometheus)
        {
            // A busy port must not stop the worker: metrics are an aid, indexing is the job.
            Log.PrometheusUnavailable(logger, o.PrometheusPrefix, ex.InnerException?.Message ?? ex.Message);
            return otlp is null ? null : MeterBuilder(o, otlp, prometheus: false).Build();
        }
    }

    private MeterProviderBuilder MeterBuilder(TelemetryOptions o, Uri? otlp, bool prometheus)
    {
        var builder = Sdk.CreateMeterProviderBuilder().ConfigureResource(Resource).AddMeter(Prefix);
        if (prometheus)
        {
            var (prefix, path) = o.PrometheusParts();
            builder.AddPrometheusHttpListener(p =>
            {
                p.ScrapeEndpointPath = path;
                p.ScopeInfoEnabled = false;
                // The exporter's own prefix is localhost:9464; ours may bind another address or port.
                p.ConfigureHttpListener = (_, listener) =>
                {
                    listener.Prefixes.Clear();
                    listener.Prefixes.Add(prefix + path.Trim('/') + "/");
                };
            });
        }

        if (otlp is not null)
        {
            builder.AddOtlpExporter((e, reader) =>
            {
                Configure(e, otlp, "v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)o.MetricExportInterval.TotalMilliseconds;
            });
        }

        return builder;
    }

    private void Resource(ResourceBuilder resource) =>
        resource.AddService(options.Value.ServiceName, serviceInstanceId: $"{Environment.MachineName}-{Environment.ProcessId}");

    private void Configure(OtlpExporterOptions exporter, Uri endpoint, string signalPath)
    {
        var grpc = options.Value.OtlpProtocol == "grpc";
        exporter.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        // OTLP/HTTP takes the signal's path (…/v1/traces) when the endpoint is set in code; gRPC the bare endpoint.
        exporter.Endpoint = grpc ? endpoint : new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/" + signalPath);
    }

    private static Uri? FromEnvironment() =>
        Uri.TryCreate(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"), UriKind.Absolute, out var uri) ? uri : null;
}

/// <summary>Whether the host is a worker (it exports metrics) or a one-shot command (traces only).</summary>
/// <param name="Worker">True for the long-running worker.</param>
public sealed record TelemetryMode(bool Worker);
