using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Worker;
using FileSearch.Scaling.Metrics;
using FileSearch.Scaling.Scaler;
using FileSearch.Scaling.Tests.Metrics;
using FileSearch.Testing.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Scaling.Tests.Scaler;

[Trait("Category", "Unit")]
[Collection(nameof(WorkerMetricsExportTests))]
public sealed class ScalerServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection, IConfiguration> add)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IMessageQueue>(new InMemoryMessageQueue(TimeProvider.System));
        add(services, configuration);
        add(services, configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddScaler_WorkerMode_ScalerClientAndProtectionServiceRegisteredOnce()
    {
        using var provider = Build(new() { ["Scaling:Scaler:GroupName"] = "workers", ["Scaling:Scaler:Region"] = "eu-west-1" },
            (s, c) => s.AddScaler(c, worker: true));

        Assert.NotNull(provider.GetRequiredService<QueueScaler>());
        Assert.NotNull(provider.GetRequiredService<AutoScalingClient>());
        var descriptors = provider.GetRequiredService<IServiceProviderIsService>();
        Assert.True(descriptors.IsService(typeof(InstanceMetadata)));
    }

    [Theory]
    [Trait("Category", "Scaling")]
    [InlineData("sqs", null, typeof(CloudWatchScalingMetrics))]
    [InlineData("SQS", null, typeof(CloudWatchScalingMetrics))]
    [InlineData("sqlite", null, typeof(NullScalingMetricsSource))]
    [InlineData(null, null, typeof(NullScalingMetricsSource))]
    [InlineData("sqs", "false", typeof(NullScalingMetricsSource))]
    [InlineData("sqlite", "true", typeof(CloudWatchScalingMetrics))]
    public void AddScaler_QueueBackendAndCloudWatchMetrics_MetricsSourceOnByDefaultOnlyForSqs(string? queue, string? cloudWatch, Type expected)
    {
        using var provider = Build(new()
        {
            ["Scaling:Scaler:GroupName"] = "workers",
            ["Backends:Queue"] = queue,
            ["Scaling:Scaler:CloudWatchMetrics"] = cloudWatch,
            ["Aws:QueueName"] = "events-prod",
        }, (s, c) => s.AddScaler(c));

        Assert.IsType(expected, provider.GetRequiredService<IScalingMetricsSource>());
        var options = provider.GetRequiredService<IOptions<ScalerOptions>>().Value;
        Assert.Equal(("events-prod", "FileSearch"), (options.QueueName, options.MetricsNamespace));
        Assert.Equal(new Uri("https://monitoring.us-east-1.amazonaws.com/"), options.ResolveCloudWatchEndpoint());
    }

    [Theory]
    [Trait("Category", "Scaling")]
    [InlineData("00:01:30")]
    [InlineData("00:00:00")]
    [InlineData("02:00:00")]
    public void AddScaler_ProcessingTimeWindowNotWholeMinutesOrOutOfRange_FailsValidation(string window)
    {
        using var provider = Build(new() { ["Scaling:Scaler:ProcessingTimeWindow"] = window }, (s, c) => s.AddScaler(c));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ScalerOptions>>().Value);
        Assert.Contains("ProcessingTimeWindow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddWorkerMetrics_CalledTwice_OneObserverAndTwoHostedServices()
    {
        using var provider = Build([], (s, c) => s.AddWorkerMetrics(c).AddWorkerMetrics(c));

        var observer = Assert.Single(provider.GetServices<IProcessingObserver>());
        Assert.Same(provider.GetRequiredService<WorkerMetrics>(), observer);
        var hosted = provider.GetServices<IHostedService>().Select(h => h.GetType()).ToList();
        Assert.Equal([typeof(QueueMetricsSampler), typeof(EmbeddedMetricFormatWriter)], hosted);
    }
}
