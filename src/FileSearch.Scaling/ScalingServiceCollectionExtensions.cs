using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FileSearch.Scaling;

/// <summary>Registers the scaling policy.</summary>
public static class ScalingServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ScalingPolicyOptions"/> from <c>Scaling:Policy</c> (validated at start) and registers
    /// <see cref="ScalingPolicy"/> as a singleton. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddScaling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<ScalingPolicyOptions>()
            .Bind(configuration.GetSection(ScalingPolicyOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ScalingPolicy>();
        return services;
    }
}
