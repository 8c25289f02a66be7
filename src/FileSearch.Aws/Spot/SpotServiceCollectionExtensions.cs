using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FileSearch.Aws.Spot;

/// <summary>Registers the Spot interruption monitor (worker only).</summary>
public static class SpotServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="SpotOptions"/> from the <c>Spot</c> section (validated at start) and registers
    /// <see cref="SpotInterruptionMonitor"/> as a hosted service; it flushes in the host's "stopped" phase, after every
    /// hosted service (the worker's drain included) has stopped, whatever the registration order. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddSpotInterruptionMonitor(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SpotOptions>()
            .Bind(configuration.GetSection(SpotOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SpotInterruptionMonitor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SpotInterruptionMonitor>(sp => sp.GetRequiredService<SpotInterruptionMonitor>()));
        return services;
    }
}
