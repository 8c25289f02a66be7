using FileSearch.Aws.Signing;
using FileSearch.Scaling.Metrics;
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
    /// <see cref="CloudWatchClient"/> (<c>monitoring</c>), the scaler's <see cref="IScalingMetricsSource"/>
    /// (<see cref="CloudWatchScalingMetrics"/> when <c>CloudWatchMetrics</c> is on, by default when <c>Backends:Queue</c> is
    /// <c>sqs</c>), <see cref="InstanceMetadata"/> and <see cref="QueueScaler"/>. With <paramref name="worker"/>, also the hosted
    /// <see cref="WorkerScaleInProtection"/> (inactive unless <c>ProtectWhileBusy</c>). Safe to call twice.
    /// </summary>
    public static IServiceCollection AddScaler(this IServiceCollection services, IConfiguration configuration, bool worker = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddScaling(configuration);
        services.AddOptions<ScalerOptions>()
            .Bind(configuration.GetSection(ScalerOptions.SectionName))
            .PostConfigure(o =>
            {
                o.CloudWatchMetrics ??= string.Equals(configuration["Backends:Queue"]?.Trim(), "sqs", StringComparison.OrdinalIgnoreCase);
                o.QueueName ??= configuration["Aws:QueueName"] ?? "filesearch-events";
                o.MetricsNamespace ??= configuration["Metrics:EmfNamespace"] ?? EmbeddedMetricFormatWriter.DefaultNamespace;
            })
            .ValidateDataAnnotations()
            .Validate(o => o.ProcessingTimeWindow.Ticks % TimeSpan.TicksPerMinute == 0, "Scaling:Scaler:ProcessingTimeWindow must be whole minutes (CloudWatch periods)")
            .Validate(o => o.CloudWatchMetrics != true || !string.IsNullOrWhiteSpace(o.QueueName), "Scaling:Scaler:QueueName must name the SQS queue when CloudWatchMetrics is on")
            .ValidateOnStart();
        services.TryAddSingleton<IAwsCredentialsSource, DefaultAwsCredentialsSource>();
        services.TryAddSingleton(sp => new AutoScalingClient(SignedClient(sp, "autoscaling"), Settings(sp).ResolveEndpoint()));
        services.TryAddSingleton(sp => new CloudWatchClient(SignedClient(sp, "monitoring"), Settings(sp).ResolveCloudWatchEndpoint()));
        services.TryAddSingleton<IScalingMetricsSource>(sp => Settings(sp).CloudWatchMetrics == true
            ? ActivatorUtilities.CreateInstance<CloudWatchScalingMetrics>(sp)
            : new NullScalingMetricsSource());
        services.TryAddSingleton(sp => new InstanceMetadata(new HttpClient { Timeout = TimeSpan.FromSeconds(5) }, sp.GetRequiredService<IOptions<ScalerOptions>>()));
        services.TryAddSingleton<QueueScaler>();
        if (worker)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, WorkerScaleInProtection>());
        }

        return services;
    }

    private static ScalerOptions Settings(IServiceProvider services) => services.GetRequiredService<IOptions<ScalerOptions>>().Value;

    /// <summary>An HttpClient that signs with SigV4 for <paramref name="service"/> in the configured region.</summary>
    private static HttpClient SignedClient(IServiceProvider services, string service)
    {
        var signer = new SigV4SigningHandler(services.GetRequiredService<IAwsCredentialsSource>(), service, Settings(services).Region,
            services.GetRequiredService<TimeProvider>(), includeContentSha256: false)
        { InnerHandler = new SocketsHttpHandler() };
        return new HttpClient(signer) { Timeout = TimeSpan.FromSeconds(30) };
    }
}
