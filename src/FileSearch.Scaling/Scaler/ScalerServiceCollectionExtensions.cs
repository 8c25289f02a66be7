using FileSearch.Aws.Signing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FileSearch.Scaling.Scaler;

/// <summary>Registers the Auto Scaling scaler and the worker's scale-in protection.</summary>
public static class ScalerServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ScalingServiceCollectionExtensions.AddScaling"/>, binds <see cref="ScalerOptions"/>
    /// (<c>Scaling:Scaler</c>, validated at start), and registers <see cref="AutoScalingClient"/> (SigV4 for
    /// <c>autoscaling</c> with the default credential chain unless an <see cref="IAwsCredentialsSource"/> is registered),
    /// <see cref="InstanceMetadata"/> and <see cref="QueueScaler"/>. With <paramref name="worker"/>, also the hosted
    /// <see cref="WorkerScaleInProtection"/> (inactive unless <c>ProtectWhileBusy</c>). Safe to call twice.
    /// </summary>
    public static IServiceCollection AddScaler(this IServiceCollection services, IConfiguration configuration, bool worker = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddScaling(configuration);
        services.AddOptions<ScalerOptions>()
            .Bind(configuration.GetSection(ScalerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IAwsCredentialsSource, DefaultAwsCredentialsSource>();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ScalerOptions>>().Value;
            var signer = new SigV4SigningHandler(sp.GetRequiredService<IAwsCredentialsSource>(), "autoscaling", options.Region,
                sp.GetRequiredService<TimeProvider>(), includeContentSha256: false)
            { InnerHandler = new SocketsHttpHandler() };
            return new AutoScalingClient(new HttpClient(signer) { Timeout = TimeSpan.FromSeconds(30) }, options.ResolveEndpoint());
        });
        services.TryAddSingleton(sp => new InstanceMetadata(new HttpClient { Timeout = TimeSpan.FromSeconds(5) }, sp.GetRequiredService<IOptions<ScalerOptions>>()));
        services.TryAddSingleton<QueueScaler>();
        if (worker)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, WorkerScaleInProtection>());
        }

        return services;
    }
}
