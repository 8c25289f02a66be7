using FileSearch.Aws.Signing;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Search.OpenSearch;

/// <summary>Registers the OpenSearch index.</summary>
public static class OpenSearchServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="OpenSearchOptions"/> from <c>OpenSearch</c> (validated at start) and registers
    /// <see cref="OpenSearchSearchIndex"/> as the singleton <see cref="ISearchIndex"/>. With <c>Auth = SigV4</c> requests
    /// are signed for <c>OpenSearch:Service</c> with an <see cref="IAwsCredentialsSource"/> already registered, else the
    /// SDK default chain. Also registers it as <see cref="ISearchIndexVersioning"/>, so <c>reindex --all</c> fills a new
    /// versioned index and swaps the alias. The <c>knn_vector</c> field takes the registered <see cref="IImageEmbedder"/>'s
    /// dimension unless <c>OpenSearch:VectorDimension</c> is set (then it must match). Safe to call twice.
    /// </summary>
    public static IServiceCollection AddOpenSearchIndex(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OpenSearchOptions>()
            .Bind(configuration.GetSection(OpenSearchOptions.SectionName))
            .PostConfigure<IServiceProvider>((o, sp) =>
            {
                // The vector field follows the embedder: a mapping of another dimension would reject every vector.
                if (o.VectorDimension == 0)
                {
                    o.VectorDimension = EmbedderDimension(sp) ?? OpenSearchOptions.DefaultVectorDimension;
                }
            })
            .ValidateDataAnnotations()
            .Validate<IServiceProvider>(
                (o, sp) => EmbedderDimension(sp) is not { } d || d == o.VectorDimension,
                "OpenSearch:VectorDimension differs from the image embedder's dimension: leave it unset (0) to follow the embedder")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAwsCredentialsSource, DefaultAwsCredentialsSource>();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<OpenSearchOptions>>();
            var time = sp.GetRequiredService<TimeProvider>();
            HttpMessageHandler handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
            if (options.Value.Auth == OpenSearchAuthMode.SigV4)
            {
                handler = new SigV4SigningHandler(sp.GetRequiredService<IAwsCredentialsSource>(), options.Value.Service,
                    options.Value.Region, time)
                { InnerHandler = handler };
            }

            // Per-request time limits are the transport's (OpenSearch:RequestTimeout).
            var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
            return new OpenSearchSearchIndex(http, options, time, sp.GetRequiredService<ILogger<OpenSearchSearchIndex>>());
        });
        services.TryAddSingleton<ISearchIndex>(sp => sp.GetRequiredService<OpenSearchSearchIndex>());
        services.TryAddSingleton<ISearchIndexVersioning>(sp => sp.GetRequiredService<OpenSearchSearchIndex>());
        return services;
    }

    /// <summary>The registered image embedder's dimension; null when none is registered or it makes no vectors.</summary>
    private static int? EmbedderDimension(IServiceProvider services) =>
        services.GetService<IImageEmbedder>() is { Dimension: > 0 } embedder ? embedder.Dimension : null;
}
