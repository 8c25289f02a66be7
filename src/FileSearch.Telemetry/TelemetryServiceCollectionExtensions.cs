using FileSearch.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FileSearch.Telemetry;

/// <summary>Registers the OpenTelemetry SDK of a FileSearch process.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="TelemetryOptions"/> from <c>Telemetry</c> (OTLP) and <c>Metrics</c> (Prometheus keys), validated at
    /// start, and runs <see cref="TelemetryService"/>: traces of every command over OTLP when configured; in worker mode
    /// (<paramref name="worker"/>) also the metrics, scraped in the Prometheus format and pushed over OTLP. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddFileSearchTelemetry(this IServiceCollection services, IConfiguration configuration, bool worker)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(TelemetryService)))
        {
            return services;
        }

        services.AddOptions<TelemetryOptions>()
            .Bind(configuration.GetSection("Metrics"))
            .Bind(configuration.GetSection(TelemetryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(new TelemetryMode(worker));
        services.AddSingleton<TelemetryService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<TelemetryService>());
        services.AddSingleton<IShutdownFlush>(sp => sp.GetRequiredService<TelemetryService>());
        return services;
    }
}
