using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using FileSearch.Aws.Internals;
using FileSearch.Core.Errors;
using FileSearch.Core.Pipeline;
using FileSearch.Core.Ports;
using FileSearch.Core.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FileSearch.Aws;

/// <summary>Registers the AWS adapters.</summary>
public static class AwsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="AwsOptions"/> from the <c>Aws</c> section (validated at start: region required) and registers
    /// the SDK clients (credentials from the default chain, endpoint overrides for stand-ins), the adapters chosen by
    /// <paramref name="backends"/> as their ports and <see cref="AwsResourceSetup"/>, and turns on the adaptive rate limit
    /// (<see cref="DependencyResilienceOptions.AdaptiveRateLimit"/>) of their resilience pipelines. Call it before
    /// <c>AddFileSearchResilience</c>. Registrations already present are kept; safe to call twice.
    /// </summary>
    public static IServiceCollection AddAwsBackends(this IServiceCollection services, IConfiguration configuration, AwsBackends backends)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (backends == AwsBackends.None)
        {
            return services;
        }

        services.AddOptions<AwsOptions>()
            .Bind(configuration.GetSection(AwsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Long texts go to the worker's own bucket unless another one (or none: empty) is configured.
        services.PostConfigure<AwsOptions>(o => o.TextBucket ??= configuration.GetSection(PipelineOptions.SectionName).Get<PipelineOptions>()?.ThumbnailBucket
            ?? new PipelineOptions().ThumbnailBucket);
        services.TryAddSingleton(TimeProvider.System);
        UseAwsErrorClassifier(services);
        services.TryAddSingleton<IAmazonSQS>(sp => CreateSqs(sp.GetRequiredService<IOptions<AwsOptions>>().Value, credentials: null));
        services.TryAddSingleton<IAmazonS3>(sp => CreateS3(sp.GetRequiredService<IOptions<AwsOptions>>().Value, credentials: null));
        services.TryAddSingleton<IAmazonDynamoDB>(sp => CreateDynamoDb(sp.GetRequiredService<IOptions<AwsOptions>>().Value, credentials: null));
        services.TryAddSingleton<AwsResourceSetup>();
        services.TryAddSingleton(new AwsBackendChoice(backends));

        // AWS throttles (SlowDown, ProvisionedThroughputExceeded, ...): pace these pipelines adaptively unless configured off.
        // Registered before AddFileSearchResilience binds the section, so configuration still wins.
        foreach (var (flag, dependency) in new[] { (AwsBackends.Queue, ResilienceDependencies.Queue),
                     (AwsBackends.ObjectStore, ResilienceDependencies.ObjectStore), (AwsBackends.Metadata, ResilienceDependencies.Metadata) })
        {
            if (backends.HasFlag(flag))
            {
                services.Configure<DependencyResilienceOptions>(dependency, o => o.AdaptiveRateLimit = true);
            }
        }

        if (backends.HasFlag(AwsBackends.Queue))
        {
            services.TryAddSingleton<SqsMessageQueue>();
            services.TryAddSingleton<IMessageQueue>(sp => sp.GetRequiredService<SqsMessageQueue>());
        }

        if (backends.HasFlag(AwsBackends.ObjectStore))
        {
            services.TryAddSingleton<S3ObjectStore>();
            services.TryAddSingleton<IObjectStore>(sp => sp.GetRequiredService<S3ObjectStore>());
        }

        if (backends.HasFlag(AwsBackends.Metadata))
        {
            services.TryAddSingleton<DynamoDbMetadataStore>();
            services.TryAddSingleton<IMetadataStore>(sp => sp.GetRequiredService<DynamoDbMetadataStore>());
            services.AddOptions<PipelineOptions>()
                .Validate(
                    o => o.MaxChildDocuments <= DynamoDbMetadataStore.MaxChildDocuments,
                    $"Pipeline:MaxChildDocuments: at most {DynamoDbMetadataStore.MaxChildDocuments:N0} with DynamoDB metadata (a file's member ids are kept in its 400 KB item)")
                .ValidateOnStart();
        }

        return services;
    }

    /// <summary>
    /// For the worker: at start, checks that the queue (with its dead-letter queue) and table of the chosen AWS backends
    /// exist and fails with one clear message naming the fix (<see cref="AwsOptions.ValidateResourcesAtStart"/>).
    /// Does nothing when <see cref="AddAwsBackends"/> chose no AWS backend.
    /// </summary>
    public static IServiceCollection AddAwsResourceCheck(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(AwsBackendChoice)))
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AwsResourceValidator>());
        }

        return services;
    }

    /// <summary>
    /// Puts <see cref="AwsErrorClassifier"/> in place of <see cref="DefaultErrorClassifier"/> (whether or not the pipeline
    /// registered it yet); a custom classifier registered by the host is kept.
    /// </summary>
    private static void UseAwsErrorClassifier(IServiceCollection services)
    {
        var defaults = services.Where(d => d.ServiceType == typeof(IErrorClassifier) && d.ImplementationType == typeof(DefaultErrorClassifier)).ToList();
        foreach (var descriptor in defaults)
        {
            services.Remove(descriptor);
        }

        services.TryAddSingleton<IErrorClassifier, AwsErrorClassifier>();
    }

    /// <summary>An SQS client for the options; <paramref name="credentials"/> null means the SDK's default chain.</summary>
    public static IAmazonSQS CreateSqs(AwsOptions options, AWSCredentials? credentials)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonSQSConfig();
        Configure(config, options, options.SqsServiceUrl);
        return credentials is null ? new AmazonSQSClient(config) : new AmazonSQSClient(credentials, config);
    }

    /// <summary>An S3 client for the options (path-style addressing when the endpoint is overridden).</summary>
    public static IAmazonS3 CreateS3(AwsOptions options, AWSCredentials? credentials)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config { ForcePathStyle = options.S3ServiceUrl is not null };
        Configure(config, options, options.S3ServiceUrl);
        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    /// <summary>A DynamoDB client for the options.</summary>
    public static IAmazonDynamoDB CreateDynamoDb(AwsOptions options, AWSCredentials? credentials)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonDynamoDBConfig();
        Configure(config, options, options.DynamoDbServiceUrl);
        return credentials is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(credentials, config);
    }

    private static void Configure(ClientConfig config, AwsOptions options, Uri? serviceUrl)
    {
        var region = options.Region ?? throw new OptionsValidationException(AwsOptions.SectionName, typeof(AwsOptions),
            ["Aws:Region is required when an AWS backend (sqs, s3, dynamodb) is chosen"]);
        if (serviceUrl is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            config.ServiceURL = serviceUrl.ToString();
            config.AuthenticationRegion = region;
        }

        config.Timeout = TimeSpan.FromSeconds(60);
        config.MaxErrorRetry = options.MaxErrorRetry;
    }
}
