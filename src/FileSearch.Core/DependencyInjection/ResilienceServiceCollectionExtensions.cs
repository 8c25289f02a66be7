using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Core.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FileSearch.Core.DependencyInjection;

/// <summary>Wraps the chosen adapters in their resilience pipelines.</summary>
public static class ResilienceServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="DependencyResilienceOptions"/> per dependency from <c>Resilience:&lt;Dependency&gt;</c> (validated at
    /// start), <see cref="ChaosOptions"/> per dependency from <c>Resilience:Chaos:&lt;Dependency&gt;</c> (off unless enabled),
    /// and decorates the registered <see cref="IMessageQueue"/>, <see cref="IObjectStore"/>, <see cref="IMetadataStore"/>,
    /// <see cref="ISearchIndex"/> and <see cref="IImageEmbedder"/> with the <c>Resilient*</c> wrappers. Call it after every
    /// adapter is registered; safe to call twice (decorates once).
    /// </summary>
    public static IServiceCollection AddFileSearchResilience(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(ResiliencePipelines)))
        {
            return services;
        }

        foreach (var dependency in ResilienceDependencies.All)
        {
            var builder = services.AddOptions<DependencyResilienceOptions>(dependency);
            if (dependency == ResilienceDependencies.ObjectStore)
            {
                builder.Configure(o => o.Timeout = TimeSpan.FromMinutes(10));
            }
            else if (dependency == ResilienceDependencies.Embeddings)
            {
                builder.Configure(o => o.MaxRetries = 0);
            }

            builder.Bind(configuration.GetSection($"{DependencyResilienceOptions.SectionName}:{dependency}"))
                .ValidateDataAnnotations()
                .ValidateOnStart();
            services.AddOptions<ChaosOptions>(dependency)
                .Bind(configuration.GetSection($"{ChaosOptions.SectionName}:{dependency}"))
                .ValidateDataAnnotations()
                .ValidateOnStart();
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IErrorClassifier, DefaultErrorClassifier>();
        services.TryAddSingleton<ResilienceMetrics>();
        services.AddSingleton<ResiliencePipelines>();

        Decorate<IMessageQueue>(services, (inner, p) => new ResilientMessageQueue(inner, p));
        Decorate<IObjectStore>(services, (inner, p) => new ResilientObjectStore(inner, p));
        Decorate<IMetadataStore>(services, (inner, p) => new ResilientMetadataStore(inner, p));
        Decorate<ISearchIndex>(services, (inner, p) => new ResilientSearchIndex(inner, p));
        Decorate<IImageEmbedder>(services, (inner, p) => new ResilientImageEmbedder(inner, p));
        return services;
    }

    // The adapter moves to a keyed registration so the container still owns and disposes it (a Lucene writer
    // must release its lock); the port resolves to the decorator around it.
    private static void Decorate<TPort>(IServiceCollection services, Func<TPort, ResiliencePipelines, TPort> wrap)
        where TPort : class
    {
        var count = services.Count;
        for (var i = 0; i < count; i++)
        {
            var original = services[i];
            if (original.ServiceType != typeof(TPort) || original.IsKeyedService)
            {
                continue;
            }

            var key = $"FileSearch.Resilience.Inner.{i}";
            services.Add(original.ImplementationInstance is { } instance
                ? ServiceDescriptor.KeyedSingleton(typeof(TPort), key, instance)
                : original.ImplementationFactory is { } factory
                    ? ServiceDescriptor.DescribeKeyed(typeof(TPort), key, (sp, _) => factory(sp), original.Lifetime)
                    : ServiceDescriptor.DescribeKeyed(typeof(TPort), key, original.ImplementationType!, original.Lifetime));
            services[i] = ServiceDescriptor.Describe(typeof(TPort),
                sp => wrap(sp.GetRequiredKeyedService<TPort>(key), sp.GetRequiredService<ResiliencePipelines>()),
                original.Lifetime);
        }
    }
}
