using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FileSearch.Scaling.Metrics;

/// <summary>Registers the worker's metrics and their exporters.</summary>
public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="MetricsOptions"/> (section <c>Metrics</c>, validated at start); registers <see cref="WorkerMetrics"/>
    /// as a singleton and as an <see cref="IProcessingObserver"/>, and the hosted <see cref="QueueMetricsSampler"/> and
    /// <see cref="EmbeddedMetricFormatWriter"/> (writes only when <c>Metrics:EmfInterval</c> &gt; 0; also an
    /// <see cref="IShutdownFlush"/> for a final line). The Prometheus and OTLP exporters are the OpenTelemetry SDK's
    /// (FileSearch.Telemetry). Call it for worker mode. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddWorkerMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(WorkerMetrics)))
        {
            return services;
        }

        services.AddOptions<MetricsOptions>()
            .Bind(configuration.GetSection(MetricsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WorkerMetrics>();
        services.AddSingleton<IProcessingObserver>(sp => sp.GetRequiredService<WorkerMetrics>());
        services.AddHostedService<QueueMetricsSampler>();
        services.AddSingleton<EmbeddedMetricFormatWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedMetricFormatWriter>());
        services.AddSingleton<IShutdownFlush>(sp => sp.GetRequiredService<EmbeddedMetricFormatWriter>());
        return services;
    }
}
